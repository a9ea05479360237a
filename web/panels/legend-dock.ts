import '../styles/legend.css'
import { t } from '../i18n/index.ts'
import { byId } from './dom.ts'

/** The most of the map the dock may cover. */
export const DOCK_MAX_SHARE = 0.25
const PHONE = '(max-width: 700px)'

let bound = false

/**
 * The one legend dock over the map (lower left): the open policy tab's legend, the posts' legend and the map's
 * legend (analysis classes, rate classes, privacy notes, the incidents key), one under the other. It scrolls inside
 * itself, collapses to its title bar, and its size is bounded so that it never covers more than a quarter of the map.
 */
export function renderDock() {
  const dock = byId('legend-dock')
  const toggle = byId<HTMLButtonElement>('legend-dock-toggle')
  if (!bound) {
    bound = true
    toggle.addEventListener('click', () => setCollapsed(dock, toggle, !dock.classList.contains('collapsed')))
    const wrap = dock.parentElement!
    new ResizeObserver(() => sizeDock(dock, wrap)).observe(wrap)
    sizeDock(dock, wrap)
  }
  dock.hidden = false
  toggle.textContent = t(dock.classList.contains('collapsed') ? 'legend.show' : 'legend.hide')
}

function setCollapsed(dock: HTMLElement, toggle: HTMLButtonElement, collapsed: boolean) {
  dock.classList.toggle('collapsed', collapsed)
  toggle.setAttribute('aria-expanded', String(!collapsed))
  toggle.textContent = t(collapsed ? 'legend.show' : 'legend.hide')
}

/**
 * Width and height limits from the map's size: width × height ≤ a quarter of the map (box-sizing: border-box, so
 * the limits are the box's own), and clear of the attribution line below and the map's edge above.
 */
function sizeDock(dock: HTMLElement, wrap: HTMLElement) {
  const W = wrap.clientWidth
  const H = wrap.clientHeight
  if (!W || !H) return
  const phone = window.matchMedia(PHONE).matches
  const [edge, below] = phone ? [8, 28] : [10, 34]
  const width = Math.max(120, Math.min(phone ? 230 : 280, Math.floor(W * 0.6) - edge))
  const height = Math.max(40, Math.min(H - below - edge, Math.floor((DOCK_MAX_SHARE * W * H) / width) - 1))
  dock.style.width = `${width}px`
  dock.style.maxHeight = `${height}px`
}

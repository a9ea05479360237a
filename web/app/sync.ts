import { CLUSTER_MIN_ZOOM } from '../layers/incidents.ts'
import { viewOf } from '../map/create-map.ts'
import type { AppState } from '../state.ts'
import { drawLegend } from './chrome.ts'
import type { AppCtx } from './context.ts'
import type { DataState } from './data-state.ts'
import { drawIncidents } from './incidents.ts'

/** What a change of state needs: new data, only a redraw of the incident layer, the labels, or nothing. */
export type Change = 'load' | 'mode' | 'lang' | 'none'
export function changeOf(s: AppState, prev: AppState): Change {
  if (s.lang !== prev.lang) return 'lang'
  const same =
    s.sel === prev.sel &&
    s.level === prev.level &&
    s.from === prev.from &&
    s.to === prev.to &&
    s.criteria.join() === prev.criteria.join() &&
    s.an === prev.an &&
    s.unit === prev.unit &&
    s.rate === prev.rate
  if (!same) return 'load'
  return s.mode !== prev.mode ? 'mode' : 'none'
}

/** State → loads (debounced, view-only changes need none) and redraws; data → layers and panels; map moves → the view. */
export function bindSync(ctx: AppCtx, reload: () => void, drawChrome: () => void) {
  const { map, store, data, status, viewer } = ctx
  let timer = 0
  store.subscribe((s, prev) => {
    const change = changeOf(s, prev)
    if (change === 'lang') return drawChrome()
    if (viewer && (s.from !== prev.from || s.to !== prev.to || s.criteria.join() !== prev.criteria.join())) status.notice(null)
    if (change === 'mode') {
      drawIncidents(ctx)
      drawChrome()
    } else if (change === 'load') {
      document.body.dataset.ready = '0'
      clearTimeout(timer)
      timer = window.setTimeout(reload, 120)
    }
  })
  data.subscribe((d: DataState, prev: DataState) => {
    // An analysis layer hides the incident layer (and turning it off brings it back).
    if (d.points !== prev.points || d.analysis !== prev.analysis) drawIncidents(ctx)
    if (d.renders !== prev.renders) drawChrome()
    else if (d.close !== prev.close) drawLegend(ctx)
  })
  map.on('moveend', () => {
    store.set({ view: viewOf(map) })
    drawIncidents(ctx)
    data.set({ close: map.getZoom() >= CLUSTER_MIN_ZOOM })
  })
}

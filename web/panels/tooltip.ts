import { placeName } from '../i18n/index.ts'
import { byId } from './dom.ts'

/** A small HTML tooltip that follows the pointer over the map. */
export function createTooltip() {
  const el = byId('tooltip')
  return {
    show(x: number, y: number, html: string) {
      el.innerHTML = html
      el.hidden = false
      el.style.transform = `translate(${x + 14}px, ${y + 14}px)`
    },
    hide() {
      el.hidden = true
    },
  }
}

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A map feature's place name (MapLibre gives properties back untyped, and null as 'null'). */
export function featureName(p: Record<string, unknown>): string {
  const km = p.name_km == null || p.name_km === 'null' ? null : String(p.name_km)
  return placeName({ name_en: String(p.name_en ?? ''), name_km: km })
}

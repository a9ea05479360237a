import type { AreaDetails } from '../api.ts'
import { getJson } from '../client.ts'
import { PILOT_CLICK_LAYERS } from '../layers/pilots.ts'
import { CAMBODIA_BOUNDS } from '../map/style.ts'
import type { AppCtx } from './context.ts'

export function parentOf(code: string): string | null {
  return code.length === 8 ? code.slice(0, 6) : code.length > 2 ? code.slice(0, code.length - 2) : null
}

/** Moves the map to an area (or all Cambodia). */
export async function flyToSelection({ map }: AppCtx, code: string | null) {
  if (!code) {
    map.fitBounds(CAMBODIA_BOUNDS, { padding: 20 })
    return
  }
  try {
    const d = await getJson<AreaDetails>(`/api/areas/${code}`)
    if (d.bbox) map.fitBounds(d.bbox, { padding: 40, maxZoom: code.length === 8 ? 14 : 12 })
  } catch {
    /* the load reports errors */
  }
}

/** A click on the map selects the area, village, safe-status or forum marker under it. */
export function bindClicks(ctx: AppCtx) {
  const { map, store } = ctx
  map.on('click', (e) => {
    if (document.body.dataset.placing) return // the planner is taking a candidate site
    // The policy panel's pilot markers take their own clicks; a safe-status or forum marker selects its area.
    if (map.queryRenderedFeatures(e.point, { layers: PILOT_CLICK_LAYERS }).length) return
    const hits = map.queryRenderedFeatures(e.point, { layers: ['safety-symbol', 'forums-marker', 'villages-circle', 'areas-fill'] })
    const m = hits.find((h) => h.layer.id === 'safety-symbol' || h.layer.id === 'forums-marker')
    const v = hits.find((h) => h.layer.id === 'villages-circle') ?? (m && String(m.properties?.code).length === 8 ? m : undefined)
    const a = m ?? hits.find((h) => h.layer.id === 'areas-fill')
    const code = String((v ?? a)?.properties?.code ?? '')
    if (!code || code === store.get().sel) return
    store.set({ sel: code })
    if (!v) void flyToSelection(ctx, code)
  })
}

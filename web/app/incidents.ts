import { incidentLayers } from '../layers/incidents.ts'
import type { AppCtx } from './context.ts'

/**
 * Incidents the user asked to see under the analysis layer (one click in the legend). An analysis layer hides the
 * incident clusters or heat map, which would cover its classes; turning the analysis off brings them back and
 * forgets the request, so the next analysis hides them again. Per app (one store).
 */
const shownUnder = new WeakSet<AppCtx['store']>()

/** An analysis layer is drawn: chosen and loaded. */
export const analysisOn = ({ store, data }: AppCtx) => store.get().an !== 'none' && data.get().analysis.meta != null

/** Whether the incident layer is hidden under the analysis layer. */
export function incidentsHidden(ctx: AppCtx): boolean {
  if (!analysisOn(ctx)) {
    shownUnder.delete(ctx.store)
    return false
  }
  return !shownUnder.has(ctx.store)
}

/** Shows (or hides again) the incidents under the analysis layer. */
export function showIncidentsUnderAnalysis(ctx: AppCtx, on: boolean) {
  if (on) shownUnder.add(ctx.store)
  else shownUnder.delete(ctx.store)
  drawIncidents(ctx)
}

/** The deck.gl incident layers as a function of the state, the loaded points and the map's view. */
export function incidentLayersOf(ctx: AppCtx) {
  const { map, store, data, user, meta } = ctx
  const s = store.get()
  const points = data.get().points
  const b = map.getBounds()
  return incidentLayers({
    mode: s.criteria.length && user.can.points && !incidentsHidden(ctx) ? s.mode : 'off',
    points: points?.pts ?? [],
    index: points?.index ?? null,
    bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
    zoom: map.getZoom(),
    colors: Object.fromEntries(meta.criteria.map((c) => [c.id, c.color])),
    onClusterClick: (lon, lat, zoom) => map.easeTo({ center: [lon, lat], zoom }),
  })
}

export function drawIncidents(ctx: AppCtx) {
  ctx.overlay.setProps({ layers: incidentLayersOf(ctx) })
}

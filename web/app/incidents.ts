import { incidentLayers } from '../layers/incidents.ts'
import type { AppCtx } from './context.ts'

/** The deck.gl incident layers as a function of the state, the loaded points and the map's view. */
export function incidentLayersOf({ map, store, data, user, meta }: AppCtx) {
  const s = store.get()
  const points = data.get().points
  const b = map.getBounds()
  return incidentLayers({
    mode: s.criteria.length && user.can.points ? s.mode : 'off',
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

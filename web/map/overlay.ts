import { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map } from 'maplibre-gl'

/** deck.gl drawn into MapLibre's own WebGL2 context (interleaved), so one canvas holds every layer. */
export function createOverlay(map: Map): MapLibreOverlay {
  const overlay = new MapLibreOverlay({ interleaved: true, layers: [] })
  map.addControl(overlay)
  return overlay
}

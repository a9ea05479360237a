import * as maplibregl from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import type { View } from '../state.ts'
import { CAMBODIA_BOUNDS, offlineStyle } from './style.ts'

maplibregl.setWorkerUrl(workerUrl)

/** The map with the offline style. preserveDrawingBuffer keeps the canvas readable for PNG export. */
export function createMap(container: HTMLElement, view: View | null): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    style: offlineStyle(),
    ...(view
      ? { center: [view.lon, view.lat] as [number, number], zoom: view.zoom }
      : { bounds: CAMBODIA_BOUNDS, fitBoundsOptions: { padding: 20 } }),
    minZoom: 5,
    maxZoom: 17,
    maxBounds: [
      [98, 7],
      [112, 18],
    ],
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    dragRotate: false,
  })
  map.touchZoomRotate.disableRotation()
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
  return map
}

export function viewOf(map: maplibregl.Map): View {
  const c = map.getCenter()
  return { lon: c.lng, lat: c.lat, zoom: map.getZoom() }
}

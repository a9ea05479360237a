import * as maplibregl from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { t } from '../i18n/index.ts'
import type { View } from '../state.ts'
import { CAMBODIA_BOUNDS, offlineStyle } from './style.ts'

maplibregl.setWorkerUrl(workerUrl)

/** The map with the offline style. preserveDrawingBuffer keeps the canvas readable for PNG export. */
/** MapLibre's own UI strings (control titles, the canvas label) in the interface language. */
function mapLocale(): Record<string, string> {
  return {
    'Map.Title': t('map.title'),
    'NavigationControl.ZoomIn': t('map.zoomIn'),
    'NavigationControl.ZoomOut': t('map.zoomOut'),
    'NavigationControl.ResetBearing': t('map.resetBearing'),
    'AttributionControl.ToggleAttribution': t('map.toggleAttribution'),
    'Popup.Close': t('map.closePopup'),
  }
}

/** Follows a language change (setLang sets <html lang>): new strings for the map and its navigation buttons. */
function followLanguage(map: maplibregl.Map, nav: maplibregl.NavigationControl) {
  const apply = () => {
    map._locale = { ...map._locale, ...mapLocale() }
    map.getCanvas().setAttribute('aria-label', t('map.title'))
    nav._setButtonTitle(nav._zoomInButton, 'ZoomIn')
    nav._setButtonTitle(nav._zoomOutButton, 'ZoomOut')
  }
  new MutationObserver(apply).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] })
}

export function createMap(container: HTMLElement, view: View | null): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    locale: mapLocale(),
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
  const nav = new maplibregl.NavigationControl({ showCompass: false })
  map.addControl(nav, 'top-right')
  followLanguage(map, nav)
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
  return map
}

export function viewOf(map: maplibregl.Map): View {
  const c = map.getCenter()
  return { lon: c.lng, lat: c.lat, zoom: map.getZoom() }
}

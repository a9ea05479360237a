import type { GeoJSONSource, Map } from 'maplibre-gl'
import { LAND } from '../map/style.ts'
import { fillColorExpression } from './classes.ts'
import { expr } from './expr.ts'

type FC = GeoJSON.FeatureCollection
const EMPTY: FC = { type: 'FeatureCollection', features: [] }

/** Province outlines as the land base, the choropleth areas above it, and selection outlines. */
export function addBoundaryLayers(map: Map) {
  map.addSource('context', { type: 'geojson', data: EMPTY })
  map.addSource('areas', { type: 'geojson', data: EMPTY, promoteId: 'code' })
  map.addLayer({ id: 'context-fill', type: 'fill', source: 'context', paint: { 'fill-color': LAND } })
  map.addLayer({
    id: 'areas-fill',
    type: 'fill',
    source: 'areas',
    paint: {
      'fill-color': '#ccc',
      'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.95, 0.8],
    },
  })
  map.addLayer({ id: 'areas-line', type: 'line', source: 'areas', paint: { 'line-color': '#ffffff', 'line-width': 0.6 } })
  map.addLayer({ id: 'context-line', type: 'line', source: 'context', paint: { 'line-color': '#6b6b6b', 'line-width': 1.1 } })
  map.addLayer({
    id: 'areas-hover',
    type: 'line',
    source: 'areas',
    paint: {
      'line-color': '#222',
      'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 2, 0],
    },
  })
  map.addLayer({
    id: 'areas-selected',
    type: 'line',
    source: 'areas',
    filter: ['==', ['get', 'code'], ''],
    paint: { 'line-color': '#1565c0', 'line-width': 3 },
  })
}

export function setContext(map: Map, fc: FC) {
  ;(map.getSource('context') as GeoJSONSource).setData(fc)
}

/** Areas with their rate joined in as a property; coloured by the class breaks. */
export function setAreas(map: Map, fc: FC, breaks: number[]) {
  ;(map.getSource('areas') as GeoJSONSource).setData(fc)
  map.setPaintProperty('areas-fill', 'fill-color', expr(fillColorExpression(breaks)))
}

export function setSelectedArea(map: Map, code: string | null) {
  map.setFilter('areas-selected', ['==', ['get', 'code'], code ?? ''])
}

let hovered: string | null = null
export function setHover(map: Map, code: string | null) {
  if (hovered === code) return
  if (hovered) map.setFeatureState({ source: 'areas', id: hovered }, { hover: false })
  hovered = code
  if (code) map.setFeatureState({ source: 'areas', id: code }, { hover: true })
}

import type { GeoJSONSource, ImageSource, Map } from 'maplibre-gl'
import { analysisColor, quietFilter } from './analysis-classes.ts'
import { expr } from './expr.ts'

type FC = GeoJSON.FeatureCollection
const EMPTY: FC = { type: 'FeatureCollection', features: [] }
const BLANK = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

/** Hot spot / cluster / trend units (polygons or points), and the density surface with its contours. */
export function addAnalysisLayers(map: Map) {
  map.addSource('analysis', { type: 'geojson', data: EMPTY })
  map.addSource('kde', {
    type: 'image',
    url: BLANK,
    coordinates: [
      [102, 15],
      [108, 15],
      [108, 10],
      [102, 10],
    ],
  })
  map.addSource('kde-contours', { type: 'geojson', data: EMPTY })
  map.addLayer(
    {
      id: 'kde-raster',
      type: 'raster',
      source: 'kde',
      layout: { visibility: 'none' },
      paint: { 'raster-opacity': 0.9, 'raster-fade-duration': 0 },
    },
    'areas-hover',
  )
  map.addLayer(
    {
      id: 'kde-contours',
      type: 'line',
      source: 'kde-contours',
      layout: { visibility: 'none' },
      paint: { 'line-color': '#7a0019', 'line-width': 0.8, 'line-opacity': 0.7 },
    },
    'areas-hover',
  )
  map.addLayer(
    {
      id: 'analysis-fill',
      type: 'fill',
      source: 'analysis',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#eee', 'fill-opacity': 0.85 },
    },
    'areas-hover',
  )
  map.addLayer(
    {
      id: 'analysis-line',
      type: 'line',
      source: 'analysis',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'line-color': '#ffffff', 'line-width': 0.4 },
    },
    'areas-hover',
  )
  map.addLayer(
    {
      id: 'analysis-point',
      type: 'circle',
      source: 'analysis',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 2, 10, 5, 14, 8],
        'circle-color': '#eee',
        'circle-stroke-color': '#555',
        'circle-stroke-width': 0.3,
      },
    },
    'areas-hover',
  )
}

export function setAnalysis(map: Map, fc: FC | null, method: string) {
  ;(map.getSource('analysis') as GeoJSONSource).setData(fc ?? EMPTY)
  const color = expr(analysisColor(method))
  map.setPaintProperty('analysis-fill', 'fill-color', color)
  map.setPaintProperty('analysis-point', 'circle-color', color)
  // Not-significant units stay faint so the pattern stands out.
  map.setPaintProperty('analysis-fill', 'fill-opacity', ['case', expr(quietFilter(method)), 0.25, 0.85])
  map.setPaintProperty('areas-fill', 'fill-opacity', fc ? 0.15 : ['case', ['boolean', ['feature-state', 'hover'], false], 0.95, 0.8])
}

export function setDensity(map: Map, png: string | null, corners: [number, number][] | null, contours: FC | null) {
  const quad = corners?.length === 4 ? ([corners[0], corners[1], corners[2], corners[3]] as const) : null
  const on = !!png && !!quad
  if (png && quad) (map.getSource('kde') as ImageSource).updateImage({ url: png, coordinates: [...quad] })
  ;(map.getSource('kde-contours') as GeoJSONSource).setData(contours ?? EMPTY)
  map.setLayoutProperty('kde-raster', 'visibility', on ? 'visible' : 'none')
  map.setLayoutProperty('kde-contours', 'visibility', on ? 'visible' : 'none')
}

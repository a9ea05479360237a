import type { GeoJSONSource, Map } from 'maplibre-gl'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

/** Village points of the selected commune; the selected village is drawn larger. */
export function addVillageLayer(map: Map) {
  map.addSource('villages', { type: 'geojson', data: EMPTY, promoteId: 'code' })
  map.addLayer({
    id: 'villages-circle',
    type: 'circle',
    source: 'villages',
    paint: {
      'circle-radius': ['case', ['boolean', ['feature-state', 'selected'], false], 8, 5],
      'circle-color': '#ffffff',
      'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#1565c0', '#333333'],
      'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 1.5],
    },
  })
}

let selected: string | null = null
export function setVillages(map: Map, fc: GeoJSON.FeatureCollection, selectedCode: string | null) {
  ;(map.getSource('villages') as GeoJSONSource).setData(fc)
  selected = null
  selectVillage(map, selectedCode)
}

export function selectVillage(map: Map, code: string | null) {
  if (selected) map.setFeatureState({ source: 'villages', id: selected }, { selected: false })
  selected = code
  if (code) map.setFeatureState({ source: 'villages', id: code }, { selected: true })
}

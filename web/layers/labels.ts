import type { ExpressionSpecification, GeoJSONSource, Map } from 'maplibre-gl'
import type { Lang } from '../i18n/index.ts'
import { bindLabelImages, dropLabelImages, LABEL_PREFIX, type LabelLevel } from '../map/label-images.ts'
import { labelPointOf } from './label-points.ts'

type FC = GeoJSON.FeatureCollection
const EMPTY: FC = { type: 'FeatureCollection', features: [] }

/** One symbol layer per level, so each has its zoom range; coarser levels above, so they are placed first. */
export const LABEL_LAYERS: Record<LabelLevel, string> = {
  province: 'labels-province',
  district: 'labels-district',
  commune: 'labels-commune',
  village: 'labels-village',
}
const BOTTOM_UP: LabelLevel[] = ['village', 'commune', 'district', 'province']
/** The lowest label layer: a deck.gl layer given `beforeId: LABELS_BELOW` is drawn under the names, not over them. */
export const LABELS_BELOW = LABEL_LAYERS.village
/** Where each level's names show: [from, to while a finer level is loaded]; without one they stay at every zoom. */
const ZOOMS: Record<LabelLevel, [number, number]> = {
  province: [5, 9],
  district: [7.5, 11.5],
  commune: [9.5, 24],
  village: [11, 24],
}
const MAX_ZOOM = 24

/**
 * The icon of a feature's name in the language (the other one when it has none): `lbl:<lang>:<level>:<name>`, drawn
 * by the browser on demand (map/label-images.ts).
 */
function imageOf(lang: Lang, level: LabelLevel): ExpressionSpecification {
  const other = lang === 'km' ? 'en' : 'km'
  return [
    'let',
    'name',
    ['coalesce', ['get', `name_${lang}`], ['get', `name_${other}`], ''],
    // No name, no icon (an empty icon-image asks for nothing).
    ['case', ['==', ['var', 'name'], ''], '', ['concat', LABEL_PREFIX, lang, ':', level, ':', ['var', 'name']]],
  ]
}

/**
 * Place names above the choropleth and the analysis layers (under the policy markers), as icons drawn by the
 * browser so Khmer is shaped. Names collide (the more populous place wins); villages come from the villages source.
 * Call after the village layer is added.
 */
export function addLabelLayers(map: Map, lang: Lang) {
  bindLabelImages(map)
  map.addSource('labels', { type: 'geojson', data: EMPTY })
  for (const level of BOTTOM_UP) {
    const [minzoom] = ZOOMS[level]
    map.addLayer({
      id: LABEL_LAYERS[level],
      type: 'symbol',
      source: level === 'village' ? 'villages' : 'labels',
      minzoom,
      maxzoom: MAX_ZOOM,
      ...(level === 'village' ? {} : { filter: ['==', ['get', 'level'], level] }),
      layout: {
        'icon-image': imageOf(lang, level),
        'icon-allow-overlap': false,
        'icon-ignore-placement': false,
        'icon-padding': 3,
        // Province names shrink a little when the whole country is a phone's width (zoom 5-6), so they leave it visible.
        ...(level === 'province' ? { 'icon-size': ['interpolate', ['linear'], ['zoom'], 5, 0.8, 6.5, 1] } : {}),
        // Villages sit beside their point (drawn by villages-circle); areas' names on their label point.
        ...(level === 'village' ? { 'icon-anchor': 'left', 'icon-offset': [8, 0] } : {}),
        'symbol-sort-key': ['-', 0, ['to-number', ['coalesce', ['get', 'population'], ['get', 'population_est'], 0], 0]],
      },
    })
  }
}

/** Names follow the interface language: new icon ids, and the other language's icons are dropped. */
export function setLabelLanguage(map: Map, lang: Lang) {
  if (!map.getLayer(LABEL_LAYERS.province)) return
  for (const level of BOTTOM_UP) map.setLayoutProperty(LABEL_LAYERS[level], 'icon-image', imageOf(lang, level))
  dropLabelImages(map, lang)
}

const points = new globalThis.Map<string, [number, number] | null>()
/** An area's label point, computed once per code (an area's polygon does not change in a session). */
function pointOf(f: GeoJSON.Feature): [number, number] | null {
  const code = String(f.properties?.code)
  let p = points.get(code)
  if (p === undefined) {
    p = labelPointOf(f.geometry)
    points.set(code, p)
  }
  return p
}

const nameOrNull = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null)

/**
 * The names of the provinces (always) and of the areas on the choropleth (a level, or a parent's children), one
 * point each. A level's names leave at its `to` zoom only while a finer level's names are there to take over.
 */
export function setAreaLabels(map: Map, provinces: FC, areas: FC) {
  const seen = new Set<string>()
  const features: GeoJSON.Feature[] = []
  const levels = new Set<string>()
  for (const f of [...provinces.features, ...areas.features]) {
    const p = f.properties ?? {}
    const code = String(p.code)
    if (seen.has(code)) continue
    seen.add(code)
    const at = pointOf(f)
    if (!at) continue
    levels.add(String(p.level))
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: {
        code,
        level: p.level,
        name_en: nameOrNull(p.name_en),
        name_km: nameOrNull(p.name_km),
        population: typeof p.population === 'number' ? p.population : 0,
      },
    })
  }
  ;(map.getSource('labels') as GeoJSONSource).setData({ type: 'FeatureCollection', features })
  const finer: Record<LabelLevel, boolean> = {
    province: levels.has('district') || levels.has('commune'),
    district: levels.has('commune'),
    commune: false,
    village: false,
  }
  for (const level of ['province', 'district', 'commune'] as const) {
    const [from, to] = ZOOMS[level]
    map.setLayerZoomRange(LABEL_LAYERS[level], from, finer[level] ? to : MAX_ZOOM)
  }
}

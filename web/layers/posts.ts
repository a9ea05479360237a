import { circle } from '@turf/turf'
import type { GeoJSONSource, LayerSpecification, Map } from 'maplibre-gl'

type FC = GeoJSON.FeatureCollection
const EMPTY: FC = { type: 'FeatureCollection', features: [] }

/** Load per officer classes (people per officer) for the service areas. */
export const LOAD_BREAKS = [1000, 2000, 4000, 8000]
export const LOAD_COLORS = ['#edf8e9', '#bae4b3', '#74c476', '#31a354', '#006d2c']
export const POST_COLORS: Record<string, string> = { commune_post: '#1f5fa8', district_station: '#7b3294', provincial_hq: '#111111' }
export const GAP_COLOR = '#d7301f'
export const PROPOSED_COLOR = '#f46d43'

type Spec = LayerSpecification

/** Service areas (Voronoi), filled by load per officer, with their outlines. */
const SERVICE: Spec[] = [
  {
    id: 'service-fill',
    type: 'fill',
    source: 'service',
    layout: { visibility: 'none' },
    paint: {
      'fill-color': ['step', ['coalesce', ['get', 'load'], 0], LOAD_COLORS[0], ...LOAD_BREAKS.flatMap((b, i) => [b, LOAD_COLORS[i + 1]])],
      'fill-opacity': 0.55,
    },
  },
  {
    id: 'service-line',
    type: 'line',
    source: 'service',
    layout: { visibility: 'none' },
    paint: { 'line-color': '#2b5d34', 'line-width': 0.8 },
  },
]

/** Coverage rings, dashed in their post's colour. */
const RINGS: Spec = {
  id: 'rings-line',
  type: 'line',
  source: 'rings',
  layout: { visibility: 'none' },
  paint: { 'line-color': ['get', 'color'], 'line-width': 1, 'line-dasharray': [2, 2] },
}

/** Uncovered villages, sized by population. */
const GAPS: Spec = {
  id: 'gaps-circle',
  type: 'circle',
  source: 'gaps',
  layout: { visibility: 'none' },
  paint: {
    'circle-radius': ['interpolate', ['linear'], ['get', 'population'], 0, 2.5, 5000, 7],
    'circle-color': GAP_COLOR,
    'circle-opacity': 0.8,
  },
}

/** Existing posts, sized by type. */
const POSTS: Spec = {
  id: 'posts-circle',
  type: 'circle',
  source: 'posts',
  layout: { visibility: 'none' },
  paint: {
    'circle-radius': ['match', ['get', 'post_type'], 'provincial_hq', 7, 'district_station', 5.5, 4],
    'circle-color': ['get', 'color'],
    'circle-stroke-color': '#ffffff',
    'circle-stroke-width': 1.5,
  },
}

/** Candidate sites the user added (hollow) and the posts a plan proposes (filled). */
const PLAN: Spec[] = [
  {
    id: 'candidates-circle',
    type: 'circle',
    source: 'candidates',
    layout: { visibility: 'none' },
    paint: { 'circle-radius': 6, 'circle-color': '#ffffff', 'circle-stroke-color': PROPOSED_COLOR, 'circle-stroke-width': 2.5 },
  },
  {
    id: 'proposed-circle',
    type: 'circle',
    source: 'proposed',
    layout: { visibility: 'none' },
    paint: { 'circle-radius': 9, 'circle-color': PROPOSED_COLOR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
  },
]

/** Service areas (Voronoi, by load per officer), coverage rings, posts, uncovered villages and proposed posts, all hidden. */
export function addPostLayers(map: Map) {
  for (const id of ['service', 'rings', 'posts', 'gaps', 'proposed', 'candidates']) map.addSource(id, { type: 'geojson', data: EMPTY })
  for (const spec of [...SERVICE, RINGS, GAPS, POSTS, ...PLAN]) map.addLayer(spec)
}

export const POST_LAYERS = [
  'service-fill',
  'service-line',
  'rings-line',
  'gaps-circle',
  'posts-circle',
  'candidates-circle',
  'proposed-circle',
]

export function showPostLayers(map: Map, on: boolean) {
  for (const id of POST_LAYERS) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
}

export function setPostData(map: Map, d: { service?: FC; rings?: FC; posts?: FC; gaps?: FC; proposed?: FC; candidates?: FC }) {
  for (const [id, fc] of Object.entries(d)) if (fc) (map.getSource(id) as GeoJSONSource).setData(fc)
}

/** A geodesic circle (on the sphere, 64 vertices) of `radius` metres around [lon, lat]. */
export function geodesicCircle(lon: number, lat: number, radius: number, n = 64): GeoJSON.Polygon {
  return circle([lon, lat], radius, { steps: n, units: 'meters' }).geometry as GeoJSON.Polygon
}

import { circle } from '@turf/turf'
import type { GeoJSONSource, LayerSpecification, Map } from 'maplibre-gl'
import type { PostType } from '../../common/posts.ts'

type FC = GeoJSON.FeatureCollection
const EMPTY: FC = { type: 'FeatureCollection', features: [] }

/** Load per officer classes (people per officer) for the service areas. */
export const LOAD_BREAKS = [1000, 2000, 4000, 8000]
export const LOAD_COLORS = ['#edf8e9', '#bae4b3', '#74c476', '#31a354', '#006d2c']
export const POST_COLORS: Record<string, string> = { commune_post: '#1f5fa8', district_station: '#7b3294', provincial_hq: '#111111' }
export const GAP_COLOR = '#d7301f'
export const PROPOSED_COLOR = '#f46d43'
/** How each post type is drawn: its dot's radius (px) on the map and in the legend. */
export const POST_RADIUS: Record<PostType, number> = { commune_post: 4, district_station: 5.5, provincial_hq: 7 }
export const POST_TYPES = Object.keys(POST_RADIUS) as PostType[]
/** A proposed post's disc radius (px): room for its rank, 1 to 999. */
export const PROPOSED_RADIUS = 10
/** The images of the ranks: `proposed-rank-1`, `proposed-rank-2`, … (drawn at twice the CSS pixel size). */
const RANK_IMAGE = 'proposed-rank-'
const RATIO = 2

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
    'circle-radius': [
      'match',
      ['get', 'post_type'],
      'provincial_hq',
      POST_RADIUS.provincial_hq,
      'district_station',
      POST_RADIUS.district_station,
      POST_RADIUS.commune_post,
    ],
    'circle-color': ['get', 'color'],
    'circle-stroke-color': '#ffffff',
    'circle-stroke-width': 1.5,
  },
}

/** The coverage ring of each proposed post (the planner's radius): a faint fill and a solid line. */
const PROPOSED_RINGS: Spec[] = [
  {
    id: 'proposed-ring-fill',
    type: 'fill',
    source: 'proposed-rings',
    layout: { visibility: 'none' },
    paint: { 'fill-color': PROPOSED_COLOR, 'fill-opacity': 0.1 },
  },
  {
    id: 'proposed-ring-line',
    type: 'line',
    source: 'proposed-rings',
    layout: { visibility: 'none' },
    paint: { 'line-color': PROPOSED_COLOR, 'line-width': 2 },
  },
]

/** Candidate sites the user added (hollow) and the posts a plan proposes (filled, with their rank on them). */
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
    paint: {
      'circle-radius': PROPOSED_RADIUS,
      'circle-color': PROPOSED_COLOR,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
  {
    // The rank (1, 2, 3… as the optimiser returned them, as the planner's list numbers them): an image per number,
    // since the offline style has no glyphs.
    id: 'proposed-rank',
    type: 'symbol',
    source: 'proposed',
    layout: {
      visibility: 'none',
      'icon-image': ['concat', RANK_IMAGE, ['to-string', ['get', 'rank']]],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  },
]

/** Service areas (Voronoi, by load per officer), coverage rings, posts, uncovered villages and proposed posts, all hidden. */
export function addPostLayers(map: Map) {
  for (const id of ['service', 'rings', 'proposed-rings', 'posts', 'gaps', 'proposed', 'candidates'])
    map.addSource(id, { type: 'geojson', data: EMPTY })
  for (const spec of [...SERVICE, RINGS, ...PROPOSED_RINGS, GAPS, POSTS, ...PLAN]) map.addLayer(spec)
}

export const POST_LAYERS = [
  'service-fill',
  'service-line',
  'rings-line',
  'proposed-ring-fill',
  'proposed-ring-line',
  'gaps-circle',
  'posts-circle',
  'candidates-circle',
  'proposed-circle',
  'proposed-rank',
]

export function showPostLayers(map: Map, on: boolean) {
  for (const id of POST_LAYERS) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
}

type PostSources = 'service' | 'rings' | 'posts' | 'gaps' | 'proposed' | 'proposed-rings' | 'candidates'

export function setPostData(map: Map, d: Partial<Record<PostSources, FC>>) {
  // Every rank drawn needs its image first.
  for (const f of d.proposed?.features ?? []) {
    const n = Number(f.properties?.rank)
    if (n > 0 && !map.hasImage(`${RANK_IMAGE}${n}`)) map.addImage(`${RANK_IMAGE}${n}`, rankDigits(n), { pixelRatio: RATIO })
  }
  for (const [id, fc] of Object.entries(d)) if (fc) (map.getSource(id) as GeoJSONSource).setData(fc)
}

function canvas(w: number, h: number) {
  const cv = document.createElement('canvas')
  cv.width = w * RATIO
  cv.height = h * RATIO
  const g = cv.getContext('2d')!
  g.scale(RATIO, RATIO)
  return { cv, g }
}

function writeRank(g: CanvasRenderingContext2D, n: number, x: number, y: number) {
  const s = String(n)
  g.font = `700 ${s.length > 2 ? 9 : s.length > 1 ? 11 : 12}px system-ui, "Segoe UI", Roboto, Arial, sans-serif`
  g.textAlign = 'center'
  g.textBaseline = 'middle'
  g.fillStyle = '#ffffff'
  g.fillText(s, x, y + 0.5)
}

/** A rank's digits, white, to sit on its proposed post's disc. */
function rankDigits(n: number): ImageData {
  const d = 2 * PROPOSED_RADIUS
  const { cv, g } = canvas(d, d)
  writeRank(g, n, d / 2, d / 2)
  return g.getImageData(0, 0, cv.width, cv.height)
}

/** The legend's symbols, drawn as the map draws them (a data: URL for an img, which the PNG export also draws). */
export function postSymbolUrl(type: PostType): string {
  const { cv, g } = canvas(22, 22)
  g.setLineDash([2, 2])
  g.strokeStyle = POST_COLORS[type]!
  g.lineWidth = 1
  g.beginPath()
  g.arc(11, 11, 10, 0, 2 * Math.PI)
  g.stroke()
  g.setLineDash([])
  g.beginPath()
  g.arc(11, 11, POST_RADIUS[type], 0, 2 * Math.PI)
  g.fillStyle = POST_COLORS[type]!
  g.fill()
  g.lineWidth = 1.5
  g.strokeStyle = '#ffffff'
  g.stroke()
  return cv.toDataURL()
}

/** A proposed post as on the map: the disc with its rank (1 unless said), inside its solid coverage ring if asked. */
export function proposedSymbolUrl(n = 1, ring = true): string {
  const size = ring ? 30 : 2 * PROPOSED_RADIUS + 4
  const c = size / 2
  const { cv, g } = canvas(size, size)
  if (ring) {
    g.beginPath()
    g.arc(c, c, c - 1, 0, 2 * Math.PI)
    g.fillStyle = 'rgba(244, 109, 67, 0.1)'
    g.fill()
    g.lineWidth = 2
    g.strokeStyle = PROPOSED_COLOR
    g.stroke()
  }
  g.beginPath()
  g.arc(c, c, PROPOSED_RADIUS - (ring ? 1 : 0), 0, 2 * Math.PI)
  g.fillStyle = PROPOSED_COLOR
  g.fill()
  g.lineWidth = 2
  g.strokeStyle = '#ffffff'
  g.stroke()
  writeRank(g, n, c, c)
  return cv.toDataURL()
}

/** A candidate site the user added: hollow, in the proposals' colour. */
export function candidateSymbolUrl(): string {
  const { cv, g } = canvas(18, 18)
  g.beginPath()
  g.arc(9, 9, 6, 0, 2 * Math.PI)
  g.fillStyle = '#ffffff'
  g.fill()
  g.lineWidth = 2.5
  g.strokeStyle = PROPOSED_COLOR
  g.stroke()
  return cv.toDataURL()
}

/** A geodesic circle (on the sphere, 64 vertices) of `radius` metres around [lon, lat]. */
export function geodesicCircle(lon: number, lat: number, radius: number, n = 64): GeoJSON.Polygon {
  return circle([lon, lat], radius, { steps: n, units: 'meters' }).geometry as GeoJSON.Polygon
}

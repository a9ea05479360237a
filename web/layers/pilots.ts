import type { GeoJSONSource, Map } from 'maplibre-gl'

type FC = GeoJSON.FeatureCollection
const EMPTY: FC = { type: 'FeatureCollection', features: [] }
export const PLAN_COLOR = '#7b2cbf'
export const HIGHLIGHT_COLOR = '#00b4d8'
/** Score classes (0..1) of the candidates. */
export const SCORE_BREAKS = [0.2, 0.4, 0.6, 0.8]
export const SCORE_COLORS = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#d94801', '#7f2704']
/** Layers whose clicks the pilots tab handles (the app does not select the area under them). */
export const PILOT_CLICK_LAYERS = ['pilot-score-circle', 'pilot-chosen-ring']
export const PILOT_LAYERS = ['pilot-score-circle', 'pilot-chosen-ring', 'pilot-plan-star', 'pilot-highlight-ring']

/** A five-pointed star, for the open plan's pilot areas. */
function starImage(px: number): ImageData {
  const cv = document.createElement('canvas')
  cv.width = cv.height = px
  const ctx = cv.getContext('2d')!
  const c = px / 2,
    R = px * 0.46,
    r = R * 0.45
  ctx.beginPath()
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5,
      rr = i % 2 ? r : R
    ctx[i ? 'lineTo' : 'moveTo'](c + rr * Math.cos(a), c + rr * Math.sin(a))
  }
  ctx.closePath()
  ctx.fillStyle = PLAN_COLOR
  ctx.fill()
  ctx.lineWidth = px * 0.05
  ctx.strokeStyle = '#ffffff'
  ctx.stroke()
  return ctx.getImageData(0, 0, px, px)
}
export function starUrl(): string {
  const cv = document.createElement('canvas')
  cv.width = cv.height = 36
  cv.getContext('2d')!.putImageData(starImage(36), 0, 0)
  return cv.toDataURL()
}

/** Candidates coloured by score, chosen pilots (purple ring), the open plan (purple stars), the highlighted row (cyan ring). */
export function addPilotLayers(map: Map) {
  map.addImage('pilot-star', starImage(44), { pixelRatio: 2 })
  for (const id of ['pilot-scores', 'pilot-chosen', 'pilot-plan', 'pilot-highlight']) map.addSource(id, { type: 'geojson', data: EMPTY })
  map.addLayer({
    id: 'pilot-score-circle',
    type: 'circle',
    source: 'pilot-scores',
    layout: { visibility: 'none' },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 4, 10, 7, 13, 9],
      'circle-color': ['step', ['get', 'score'], SCORE_COLORS[0], ...SCORE_BREAKS.flatMap((b, i) => [b, SCORE_COLORS[i + 1]])],
      'circle-stroke-color': '#5a3000',
      'circle-stroke-width': 0.8,
    },
  })
  map.addLayer({
    id: 'pilot-chosen-ring',
    type: 'circle',
    source: 'pilot-chosen',
    layout: { visibility: 'none' },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 7, 10, 10, 13, 12],
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': PLAN_COLOR,
      'circle-stroke-width': 3,
    },
  })
  map.addLayer({
    id: 'pilot-plan-star',
    type: 'symbol',
    source: 'pilot-plan',
    layout: {
      visibility: 'none',
      'icon-image': 'pilot-star',
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'icon-size': ['interpolate', ['linear'], ['zoom'], 6, 0.7, 12, 1.1],
    },
  })
  map.addLayer({
    id: 'pilot-highlight-ring',
    type: 'circle',
    source: 'pilot-highlight',
    layout: { visibility: 'none' },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 12, 10, 16, 13, 20],
      'circle-color': 'rgba(0,180,216,0.18)',
      'circle-stroke-color': HIGHLIGHT_COLOR,
      'circle-stroke-width': 3,
    },
  })
}

type Pt = { code: string; lon: number | null; lat: number | null }
export function points(rows: Pt[]): FC {
  return {
    type: 'FeatureCollection',
    features: rows
      .filter((r) => r.lon != null && r.lat != null)
      .map((r) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [r.lon!, r.lat!] },
        properties: Object.fromEntries(Object.entries(r as Record<string, unknown>).filter(([, v]) => v == null || typeof v !== 'object')),
      })),
  }
}

export function setPilotData(map: Map, d: { scores?: Pt[]; chosen?: Pt[]; plan?: Pt[]; highlight?: Pt[] }) {
  for (const [k, rows] of Object.entries(d)) if (rows) (map.getSource(`pilot-${k}`) as GeoJSONSource).setData(points(rows))
}

export function showPilots(map: Map, on: boolean) {
  for (const id of PILOT_LAYERS) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
}

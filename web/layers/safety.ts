import type { GeoJSONSource, Map } from 'maplibre-gl'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }
export const PASS_COLOR = '#cfd6db'
export const SAFE_FILL = '#a6d9a0'
export const SAFE_RING = '#1a9641'
const SIZE = 26 // CSS pixels
const RATIO = 2

/** Image id of a marker: bit k-1 set when criterion k failed (has incidents). */
export const iconId = (failedMask: number) => `safety-${failedMask}`
export function failedMask(pass: Record<string, boolean>): number {
  let m = 0
  for (let k = 1; k <= 5; k++) if (pass[String(k)] === false) m |= 1 << (k - 1)
  return m
}

/**
 * Draws a five-segment ring on a canvas: segment k (clockwise from the top) takes criterion k's colour when it failed,
 * grey when it passed; a safe area (none failed) is pale green with a green outline.
 */
export function drawSafetyIcon(ctx: CanvasRenderingContext2D, mask: number, colors: string[], px: number) {
  const c = px / 2,
    R = px / 2 - px * 0.1,
    r = R * 0.42
  ctx.clearRect(0, 0, px, px)
  const safe = mask === 0
  // White halo so the marker reads on any fill.
  ctx.beginPath()
  ctx.arc(c, c, R + px * 0.06, 0, 2 * Math.PI)
  ctx.fillStyle = 'rgba(255,255,255,0.95)'
  ctx.fill()
  for (let k = 0; k < 5; k++) {
    const a0 = -Math.PI / 2 + (k * 2 * Math.PI) / 5 + 0.05,
      a1 = -Math.PI / 2 + ((k + 1) * 2 * Math.PI) / 5 - 0.05
    ctx.beginPath()
    ctx.arc(c, c, R, a0, a1)
    ctx.arc(c, c, r, a1, a0, true)
    ctx.closePath()
    ctx.fillStyle = safe ? SAFE_FILL : mask & (1 << k) ? colors[k] : PASS_COLOR
    ctx.fill()
  }
  if (safe) {
    ctx.beginPath()
    ctx.arc(c, c, R + px * 0.03, 0, 2 * Math.PI)
    ctx.lineWidth = px * 0.08
    ctx.strokeStyle = SAFE_RING
    ctx.stroke()
  }
}

/** A data: URL of a marker for the legend. */
export function safetyIconUrl(mask: number, colors: string[]): string {
  const cv = document.createElement('canvas')
  cv.width = cv.height = SIZE * RATIO
  drawSafetyIcon(cv.getContext('2d')!, mask, colors, SIZE * RATIO)
  return cv.toDataURL()
}

/** The 32 markers (one per pass/fail combination) and the symbol layer drawing them at each area's point. */
export function addSafetyLayers(map: Map, colors: string[]) {
  const cv = document.createElement('canvas')
  cv.width = cv.height = SIZE * RATIO
  const ctx = cv.getContext('2d', { willReadFrequently: true })!
  for (let mask = 0; mask < 32; mask++) {
    drawSafetyIcon(ctx, mask, colors, SIZE * RATIO)
    map.addImage(iconId(mask), ctx.getImageData(0, 0, SIZE * RATIO, SIZE * RATIO), { pixelRatio: RATIO })
  }
  map.addSource('safety', { type: 'geojson', data: EMPTY })
  map.addLayer({
    id: 'safety-symbol',
    type: 'symbol',
    source: 'safety',
    layout: {
      visibility: 'none',
      'icon-image': ['get', 'icon'],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'icon-size': ['interpolate', ['linear'], ['zoom'], 6, 0.55, 9, 0.8, 12, 1.1],
      'symbol-sort-key': ['case', ['get', 'safe'], 0, 1],
    },
  })
}

export interface SafetyRow {
  code: string
  name_en: string
  name_km: string | null
  lon: number | null
  lat: number | null
  pass: Record<string, boolean>
  safe: boolean
  counts: Record<string, number | null>
}

export function setSafety(map: Map, rows: SafetyRow[]) {
  const features = rows
    .filter((r) => r.lon != null && r.lat != null)
    .map((r) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [r.lon!, r.lat!] },
      properties: {
        code: r.code,
        name_en: r.name_en,
        name_km: r.name_km,
        safe: r.safe,
        icon: iconId(failedMask(r.pass)),
        ...Object.fromEntries(Object.entries(r.counts).map(([k, v]) => [`c${k}`, v])),
      },
    }))
  ;(map.getSource('safety') as GeoJSONSource).setData({ type: 'FeatureCollection', features })
}

export function showSafety(map: Map, on: boolean) {
  map.setLayoutProperty('safety-symbol', 'visibility', on ? 'visible' : 'none')
}

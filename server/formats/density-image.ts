// The density answer's pure pieces: the rate and colour scale, the PNG and the contours. Compute threads load this
// module (compute/tasks.ts); services/density.ts builds the grid and re-exports these.
import { contours } from 'd3-contour'
import proj4 from 'proj4'
import type { DensityMeta } from '../../common/api/density.ts'
import type { Grid } from '../analysis/kde.ts'
import { UTM48N } from '../../common/geo.ts'
import { encodePng } from './png.ts'

/** The density answer's meta (the x-density-meta header): its shape is the API's (common/api/density.ts). */
export type { DensityMeta }

/** Incidents per 1,000 people where the population surface is at least 1 per km² (else NaN); max and 99.5th percentile. */
export function scaleDensity(
  values: Float64Array,
  population: Float64Array | null,
): { values: Float64Array; max: number; scaleMax: number } {
  if (population) for (let k = 0; k < values.length; k++) values[k] = population[k] >= 1 ? (values[k] / population[k]) * 1000 : NaN
  let max = 0,
    m = 0
  const positive = new Float64Array(values.length)
  for (const v of values)
    if (v > 0) {
      positive[m++] = v
      if (v > max) max = v
    }
  const sorted = positive.subarray(0, m).sort()
  return { values, max, scaleMax: m ? sorted[Math.floor(0.995 * (m - 1))] : 0 }
}

// Transparent → yellow → orange → red → dark red, with alpha rising from the low end.
/** The density colour ramp (RGBA), shared by the map PNG and the briefing. */
export const RAMP: [number, number, number, number][] = [
  [255, 255, 178, 0],
  [254, 217, 118, 150],
  [254, 178, 76, 185],
  [253, 141, 60, 205],
  [240, 59, 32, 220],
  [189, 0, 38, 235],
]

/** The grid as an RGBA PNG, north up, coloured up to the 99.5th percentile; the map places it with meta.corners. */
export function densityPng(grid: Grid, scaleMax: number): Buffer {
  const { cols, rows, values } = grid
  const rgba = new Uint8Array(cols * rows * 4)
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c],
        o = ((rows - 1 - r) * cols + c) * 4
      if (!(v > 0) || !(scaleMax > 0)) continue
      const u = Math.min(1, v / scaleMax) * (RAMP.length - 1),
        k = Math.min(RAMP.length - 2, Math.floor(u)),
        f = u - k
      for (let ch = 0; ch < 4; ch++) rgba[o + ch] = Math.round(RAMP[k][ch] + (RAMP[k + 1][ch] - RAMP[k][ch]) * f)
    }
  return encodePng(cols, rows, rgba)
}

/** Contour polygons (d3-contour) at `levels` equal steps up to the 99.5th percentile, in WGS84. */
export function densityContours(grid: Grid, meta: DensityMeta, levels: number): string {
  const { cols, rows, cell, x0, y0 } = grid
  const step = meta.scale_max / (levels + 1)
  const thresholds = Array.from({ length: levels }, (_, k) => Number(((k + 1) * step).toPrecision(3)))
  const values = Array.from(grid.values, (v) => (Number.isFinite(v) ? v : 0))
  const toLonLat = (pt: number[]) => proj4(UTM48N, 'WGS84', [x0 + pt[0] * cell, y0 + pt[1] * cell]).map((v: number) => Number(v.toFixed(6)))
  const features = contours()
    .size([cols, rows])
    .thresholds(thresholds)(values)
    .map((m) => ({
      type: 'Feature',
      properties: { value: m.value, unit: meta.unit },
      geometry: { type: 'MultiPolygon', coordinates: m.coordinates.map((poly) => poly.map((ring) => ring.map(toLonLat))) },
    }))
  return JSON.stringify({ type: 'FeatureCollection', meta, features })
}

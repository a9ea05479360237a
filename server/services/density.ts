import { contours } from 'd3-contour'
import proj4 from 'proj4'
import type { Grid, Kernel } from '../analysis/kde.ts'
import { kernelDensityParallel } from '../analysis/kde-parallel.ts'
import { checkKde, TIME_LIMIT_MS } from '../compute/budgets.ts'
import { computePool } from '../compute/index.ts'
import { aggregateMask, type IncidentFilters } from '../db/queries/filters.ts'
import { maskedFloors } from '../domain/masking.ts'
import { cambodiaExtent, incidentBins, populationBins } from '../db/queries/density-points.ts'
import type { Db } from '../db/types.ts'
import { estimate, withheldEstimate } from '../domain/disclosure.ts'
import { gridToGeoTiff, type TiffText } from '../formats/geotiff.ts'
import { encodePng } from '../formats/png.ts'

const UTM48N = '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs'
export interface DensityParams { bandwidth?: number; cell: number; kernel: Kernel; per: 'area' | 'population'; levels: number; filters: IncidentFilters }
export interface DensityMeta {
  bandwidth: number; bandwidth_rule: string; bandwidth_rule_code: 'given' | 'esri' | 'floor'; masked_to_villages: boolean; masking: ReturnType<typeof maskingOf>; cell: number; kernel: Kernel; unit: string; cols: number; rows: number
  incidents: number; protected?: boolean; withheld_value?: number; max: number; scale_max: number; corners: [number, number][]; took_ms: number
}

/**
 * The density grid and its meta. The cost is checked against the budgets first (422 naming `cell` or
 * `bandwidth`, compute/budgets.ts); the kernel density, the rate and the colour scale run on compute threads.
 */
export async function densityGrid(db: Db, p: DensityParams, run: { signal?: AbortSignal } = {}): Promise<{ grid: Grid; meta: DensityMeta }> {
  const t0 = performance.now()
  const cell = p.cell
  const pool = computePool()
  const task = { timeoutMs: TIME_LIMIT_MS.kde, signal: run.signal }
  const ext = await cambodiaExtent(db)
  const inc = await incidentBins(db, cell, p.filters)
  // Viewers: village points weighted by their published cells (a withheld one at k/2); the total is their sum.
  const k = p.filters.access.k
  if (inc.published) { inc.w = Float64Array.from(inc.w, (v) => estimate(v, k)); inc.total = inc.w.reduce((s, v) => s + v, 0) }
  if (inc.total === 0) throw new RangeError('no incidents match these filters')
  const asked = p.bandwidth ?? (inc.x.length >= 2 ? await pool.run('defaultBandwidth', { x: inc.x, y: inc.y, w: inc.w }, task) : 5000)
  // Viewers' surfaces are smoothed at least minBandwidthM, from village points (incidentPoint 'aggregate').
  const floor = p.filters.access.minBandwidthM
  const bandwidth = Math.max(asked, floor)
  const pad = Math.min(bandwidth, 20_000)
  const bbox: [number, number, number, number] = [
    Math.floor((ext.x0 - pad) / cell) * cell, Math.floor((ext.y0 - pad) / cell) * cell,
    Math.ceil((ext.x1 + pad) / cell) * cell, Math.ceil((ext.y1 + pad) / cell) * cell]
  const cells = ((bbox[2] - bbox[0]) / cell) * ((bbox[3] - bbox[1]) / cell)
  const pop = p.per === 'population' ? await populationBins(db, cell) : null
  checkKde({ cells, cell, reach: p.kernel === 'gaussian' ? 4 * bandwidth : bandwidth, kernel: p.kernel, points: [inc.x.length, pop?.x.length ?? 0], bandwidthGiven: p.bandwidth != null })
  const kde = (pts: { x: Float64Array; y: Float64Array; w: Float64Array }) =>
    kernelDensityParallel(pts.x, pts.y, { bandwidth, cell, kernel: p.kernel, weights: pts.w, bbox }, undefined, run)
  const [grid, pd] = await Promise.all([kde(inc), pop ? kde(pop) : Promise.resolve(null)])
  // Incidents per 1,000 people (undefined under 1 person per km²), the maximum and the 99.5th percentile.
  const scaled = await pool.run('densityScale', { values: grid.values, population: pd?.values ?? null }, {
    ...task, transfer: [grid.values.buffer, ...(pd ? [pd.values.buffer] : [])] as ArrayBuffer[] })
  grid.values = scaled.values
  const { max, scaleMax } = scaled
  const [x0, y0, x1, y1] = bbox
  const corners = [[x0, y1], [x1, y1], [x1, y0], [x0, y0]].map((c) => proj4(UTM48N, 'WGS84', c) as [number, number])
  return { grid, meta: {
    bandwidth, bandwidth_rule: asked < floor ? `raised to the ${floor} m floor for ${p.filters.access.k > 0 ? 'public views' : 'masked criteria'}` : p.bandwidth ? 'given' : "Esri's default (spatial Silverman rule on the incidents)",
    bandwidth_rule_code: asked < floor ? 'floor' : p.bandwidth ? 'given' : 'esri', cell, kernel: p.kernel, masked_to_villages: !p.filters.access.points, masking: maskingOf(p.filters),
    unit: p.per === 'population' ? 'incidents per 1,000 people (smoothed)' : 'incidents per km²', cols: grid.cols, rows: grid.rows,
    incidents: inc.published ? Math.round(inc.total) : inc.total, ...(inc.published ? { protected: true, withheld_value: withheldEstimate(k) } : {}), max, scale_max: scaleMax, corners, took_ms: Math.round(performance.now() - t0),
  } }
}

/** Incidents per 1,000 people where the population surface is at least 1 per km² (else NaN); max and 99.5th percentile. */
export function scaleDensity(values: Float64Array, population: Float64Array | null): { values: Float64Array; max: number; scaleMax: number } {
  if (population) for (let k = 0; k < values.length; k++) values[k] = population[k] >= 1 ? (values[k] / population[k]) * 1000 : NaN
  let max = 0, m = 0
  const positive = new Float64Array(values.length)
  for (const v of values) if (v > 0) { positive[m++] = v; if (v > max) max = v }
  const sorted = positive.subarray(0, m).sort()
  return { values, max, scaleMax: m ? sorted[Math.floor(0.995 * (m - 1))] : 0 }
}

// Transparent → yellow → orange → red → dark red, with alpha rising from the low end.
/** The density colour ramp (RGBA), shared by the map PNG and the briefing. */
export const RAMP: [number, number, number, number][] = [[255, 255, 178, 0], [254, 217, 118, 150], [254, 178, 76, 185], [253, 141, 60, 205], [240, 59, 32, 220], [189, 0, 38, 235]]

/** The grid as an RGBA PNG, north up, coloured up to the 99.5th percentile; the map places it with meta.corners. */
export function densityPng(grid: Grid, scaleMax: number): Buffer {
  const { cols, rows, values } = grid
  const rgba = new Uint8Array(cols * rows * 4)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const v = values[r * cols + c], o = ((rows - 1 - r) * cols + c) * 4
    if (!(v > 0) || !(scaleMax > 0)) continue
    const u = Math.min(1, v / scaleMax) * (RAMP.length - 1), k = Math.min(RAMP.length - 2, Math.floor(u)), f = u - k
    for (let ch = 0; ch < 4; ch++) rgba[o + ch] = Math.round(RAMP[k][ch] + (RAMP[k + 1][ch] - RAMP[k][ch]) * f)
  }
  return encodePng(cols, rows, rgba)
}

/** The grid as a float32 GeoTIFF (EPSG:32648); NaN (undefined rates) is nodata; text: ImageDescription and GDAL metadata. */
export function densityTiff(grid: Grid, text?: TiffText): Uint8Array { return gridToGeoTiff(grid, 32648, text) }

/** Contour polygons (d3-contour) at `levels` equal steps up to the 99.5th percentile, in WGS84. */
export function densityContours(grid: Grid, meta: DensityMeta, levels: number): string {
  const { cols, rows, cell, x0, y0 } = grid
  const step = meta.scale_max / (levels + 1)
  const thresholds = Array.from({ length: levels }, (_, k) => Number(((k + 1) * step).toPrecision(3)))
  const values = Array.from(grid.values, (v) => (Number.isFinite(v) ? v : 0))
  const toLonLat = (pt: number[]) => proj4(UTM48N, 'WGS84', [x0 + pt[0] * cell, y0 + pt[1] * cell]).map((v: number) => Number(v.toFixed(6)))
  const features = contours().size([cols, rows]).thresholds(thresholds)(values).map((m) => ({
    type: 'Feature', properties: { value: m.value, unit: meta.unit },
    geometry: { type: 'MultiPolygon', coordinates: m.coordinates.map((poly) => poly.map((ring) => ring.map(toLonLat))) },
  }))
  return JSON.stringify({ type: 'FeatureCollection', meta, features })
}

/** An analyst's masking rules for this request (domain/masking.ts), or null; viewers' surfaces say masked_to_villages. */
export function maskingOf(f: IncidentFilters) {
  return f.access.k > 0 ? null : maskedFloors(aggregateMask(f.access), f.criteria?.join(','))
}

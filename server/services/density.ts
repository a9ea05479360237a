import { contours } from 'd3-contour'
import proj4 from 'proj4'
import { defaultBandwidth, type Grid, type Kernel } from '../analysis/kde.ts'
import { kernelDensityParallel } from '../analysis/kde-parallel.ts'
import { FULL_ACCESS } from '../auth/roles.ts'
import { incidentPoint, incidentWhere, type IncidentFilters } from '../db/queries/filters.ts'
import type { Db } from '../db/types.ts'
import { gridToGeoTiff, type TiffText } from '../formats/geotiff.ts'
import { encodePng } from '../formats/png.ts'

const UTM48N = '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs'
export interface DensityParams { bandwidth?: number; cell: number; kernel: Kernel; per: 'area' | 'population'; levels: number; filters: IncidentFilters }
export interface DensityMeta {
  bandwidth: number; bandwidth_rule: string; bandwidth_rule_code: 'given' | 'esri' | 'floor'; masked_to_villages: boolean; cell: number; kernel: Kernel; unit: string; cols: number; rows: number
  incidents: number; max: number; scale_max: number; corners: [number, number][]; took_ms: number
}
const MAX_CELLS = 4_000_000

/** Counts per cell-sized bin, aggregated in PostGIS (UTM 48N); the KDE runs on the bin centres, weighted. */
async function bins(db: Db, source: 'incidents' | 'villages', cell: number, f: IncidentFilters) {
  const params: unknown[] = []
  const pt = incidentPoint(f.access, 'aggregate')
  const inner = source === 'incidents'
    ? `SELECT ST_Transform(${pt.geom}, 32648) AS g, 1::float8 AS w FROM incidents i ${pt.join} WHERE ${incidentWhere(f, params, 'i', { geom: pt.geom })} AND ${pt.keep}`
    : `SELECT ST_Transform(v.geom, 32648) AS g, v.population_est::float8 AS w FROM villages v WHERE v.geom IS NOT NULL AND v.population_est > 0`
  const rows = await db.query<{ ci: number; cj: number; w: number }>(
    `WITH pts AS MATERIALIZED (SELECT ST_X(g) AS x, ST_Y(g) AS y, w FROM (${inner}) s)
     SELECT floor(x / ${cell})::int AS ci, floor(y / ${cell})::int AS cj, sum(w)::float8 AS w FROM pts GROUP BY 1, 2`, params)
  return {
    x: Float64Array.from(rows, (r) => (r.ci + 0.5) * cell), y: Float64Array.from(rows, (r) => (r.cj + 0.5) * cell),
    w: Float64Array.from(rows, (r) => r.w), total: rows.reduce((s, r) => s + r.w, 0),
  }
}

export async function densityGrid(db: Db, p: DensityParams): Promise<{ grid: Grid; meta: DensityMeta }> {
  const t0 = performance.now()
  const cell = p.cell
  const [ext] = await db.query<{ x0: number; y0: number; x1: number; y1: number }>(
    `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
     FROM (SELECT ST_Extent(ST_Transform(geom_simple, 32648))::geometry AS e FROM areas WHERE level = 'province') s`)
  const inc = await bins(db, 'incidents', cell, p.filters)
  if (inc.total === 0) throw new RangeError('no incidents match these filters')
  const asked = p.bandwidth ?? (inc.x.length >= 2 ? defaultBandwidth(inc.x, inc.y, inc.w) : 5000)
  // Viewers' surfaces are smoothed at least minBandwidthM, from village points (incidentPoint 'aggregate').
  const floor = p.filters.access.minBandwidthM
  const bandwidth = Math.max(asked, floor)
  const pad = Math.min(bandwidth, 20_000)
  const bbox: [number, number, number, number] = [
    Math.floor((ext.x0 - pad) / cell) * cell, Math.floor((ext.y0 - pad) / cell) * cell,
    Math.ceil((ext.x1 + pad) / cell) * cell, Math.ceil((ext.y1 + pad) / cell) * cell]
  const cells = ((bbox[2] - bbox[0]) / cell) * ((bbox[3] - bbox[1]) / cell)
  if (cells > MAX_CELLS) throw new RangeError(`a ${cell} m cell makes ${Math.round(cells).toLocaleString('en-US')} cells; use a larger cell`)
  const grid = await kernelDensityParallel(inc.x, inc.y, { bandwidth, cell, kernel: p.kernel, weights: inc.w, bbox })
  if (p.per === 'population') {
    const pop = await bins(db, 'villages', cell, { access: FULL_ACCESS })
    const pd = await kernelDensityParallel(pop.x, pop.y, { bandwidth, cell, kernel: p.kernel, weights: pop.w, bbox })
    // Incidents per 1,000 people: where fewer than 1 person per km² is estimated, the rate is undefined.
    for (let k = 0; k < grid.values.length; k++) grid.values[k] = pd.values[k] >= 1 ? (grid.values[k] / pd.values[k]) * 1000 : NaN
  }
  let max = 0
  const positive: number[] = []
  for (const v of grid.values) if (v > 0) { positive.push(v); if (v > max) max = v }
  positive.sort((a, b) => a - b)
  const scaleMax = positive.length ? positive[Math.floor(0.995 * (positive.length - 1))] : 0
  const [x0, y0, x1, y1] = bbox
  const corners = [[x0, y1], [x1, y1], [x1, y0], [x0, y0]].map((c) => proj4(UTM48N, 'WGS84', c) as [number, number])
  return { grid, meta: {
    bandwidth, bandwidth_rule: asked < floor ? `raised to the ${floor} m floor for public views` : p.bandwidth ? 'given' : "Esri's default (spatial Silverman rule on the incidents)",
    bandwidth_rule_code: asked < floor ? 'floor' : p.bandwidth ? 'given' : 'esri', cell, kernel: p.kernel, masked_to_villages: !p.filters.access.points,
    unit: p.per === 'population' ? 'incidents per 1,000 people (smoothed)' : 'incidents per km²', cols: grid.cols, rows: grid.rows,
    incidents: inc.total, max, scale_max: scaleMax, corners, took_ms: Math.round(performance.now() - t0),
  } }
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

import proj4 from 'proj4'
import type { Grid, Kernel } from '../analysis/kde.ts'
import { checkKde, TIME_LIMIT_MS } from '../compute/budgets.ts'
import { computePool } from '../compute/index.ts'
import { kernelDensityParallel } from '../compute/kde-parallel.ts'
import { aggregateMask, type IncidentFilters } from '../db/queries/filters.ts'
import { maskedFloors } from '../domain/masking.ts'
import { cambodiaExtent, incidentBins, populationBins } from '../db/queries/density-points.ts'
import type { Db } from '../db/types.ts'
import { estimate, withheldEstimate } from '../domain/disclosure.ts'
import { gridToGeoTiff, type TiffText } from '../formats/geotiff.ts'
import type { DensityMeta } from '../formats/density-image.ts'
import { UTM48N } from '../../common/geo.ts'

// The pure pieces (scale, colours, PNG, contours) live in formats/density-image.ts, where compute threads load them.
export { densityContours, densityPng, RAMP, scaleDensity, type DensityMeta } from '../formats/density-image.ts'
export interface DensityParams {
  bandwidth?: number
  cell: number
  kernel: Kernel
  per: 'area' | 'population'
  levels: number
  filters: IncidentFilters
}

/**
 * The density grid and its meta. The cost is checked against the budgets first (422 naming `cell` or
 * `bandwidth`, compute/budgets.ts); the kernel density, the rate and the colour scale run on compute threads.
 */
export async function densityGrid(
  db: Db,
  p: DensityParams,
  run: { signal?: AbortSignal } = {},
): Promise<{ grid: Grid; meta: DensityMeta }> {
  const t0 = performance.now()
  const cell = p.cell
  const pool = computePool()
  const task = { timeoutMs: TIME_LIMIT_MS.kde, signal: run.signal }
  const ext = await cambodiaExtent(db)
  const inc = await incidentBins(db, cell, p.filters)
  // Viewers: village points weighted by their published cells (a withheld one at k/2); the total is their sum.
  const k = p.filters.access.k
  if (inc.published) {
    inc.w = Float64Array.from(inc.w, (v) => estimate(v, k))
    inc.total = inc.w.reduce((s, v) => s + v, 0)
  }
  if (inc.total === 0) throw new RangeError('no incidents match these filters')
  const asked = p.bandwidth ?? (inc.x.length >= 2 ? await pool.run('defaultBandwidth', { x: inc.x, y: inc.y, w: inc.w }, task) : 5000)
  // Viewers' surfaces are smoothed at least minBandwidthM, from village points (incidentPoint 'aggregate').
  const floor = p.filters.access.minBandwidthM
  const bandwidth = Math.max(asked, floor)
  const pad = Math.min(bandwidth, 20_000)
  const bbox: [number, number, number, number] = [
    Math.floor((ext.x0 - pad) / cell) * cell,
    Math.floor((ext.y0 - pad) / cell) * cell,
    Math.ceil((ext.x1 + pad) / cell) * cell,
    Math.ceil((ext.y1 + pad) / cell) * cell,
  ]
  const cells = ((bbox[2] - bbox[0]) / cell) * ((bbox[3] - bbox[1]) / cell)
  const pop = p.per === 'population' ? await populationBins(db, cell) : null
  checkKde({
    cells,
    cell,
    reach: p.kernel === 'gaussian' ? 4 * bandwidth : bandwidth,
    kernel: p.kernel,
    points: [inc.x.length, pop?.x.length ?? 0],
    bandwidthGiven: p.bandwidth != null,
  })
  const kde = (pts: { x: Float64Array; y: Float64Array; w: Float64Array }) =>
    kernelDensityParallel(pts.x, pts.y, { bandwidth, cell, kernel: p.kernel, weights: pts.w, bbox }, undefined, run)
  const [grid, pd] = await Promise.all([kde(inc), pop ? kde(pop) : Promise.resolve(null)])
  // Incidents per 1,000 people (undefined under 1 person per km²), the maximum and the 99.5th percentile.
  const scaled = await pool.run(
    'densityScale',
    { values: grid.values, population: pd?.values ?? null },
    {
      ...task,
      transfer: [grid.values.buffer, ...(pd ? [pd.values.buffer] : [])] as ArrayBuffer[],
    },
  )
  grid.values = scaled.values
  const { max, scaleMax } = scaled
  const [x0, y0, x1, y1] = bbox
  const corners = [
    [x0, y1],
    [x1, y1],
    [x1, y0],
    [x0, y0],
  ].map((c) => proj4(UTM48N, 'WGS84', c) as [number, number])
  return {
    grid,
    meta: {
      bandwidth,
      bandwidth_rule:
        asked < floor
          ? `raised to the ${floor} m floor for ${p.filters.access.k > 0 ? 'public views' : 'masked criteria'}`
          : p.bandwidth
            ? 'given'
            : "Esri's default (spatial Silverman rule on the incidents)",
      bandwidth_rule_code: asked < floor ? 'floor' : p.bandwidth ? 'given' : 'esri',
      cell,
      kernel: p.kernel,
      masked_to_villages: !p.filters.access.points,
      masking: maskingOf(p.filters),
      unit: p.per === 'population' ? 'incidents per 1,000 people (smoothed)' : 'incidents per km²',
      cols: grid.cols,
      rows: grid.rows,
      incidents: inc.published ? Math.round(inc.total) : inc.total,
      ...(inc.published ? { protected: true, withheld_value: withheldEstimate(k) } : {}),
      max,
      scale_max: scaleMax,
      corners,
      took_ms: Math.round(performance.now() - t0),
    },
  }
}

/** The grid as a float32 GeoTIFF (EPSG:32648); NaN (undefined rates) is nodata; text: ImageDescription and GDAL metadata. */
export function densityTiff(grid: Grid, text?: TiffText): Uint8Array {
  return gridToGeoTiff(grid, 32648, text)
}

/** An analyst's masking rules for this request (domain/masking.ts), or null; viewers' surfaces say masked_to_villages. */
export function maskingOf(f: IncidentFilters) {
  return f.access.k > 0 ? null : maskedFloors(aggregateMask(f.access), f.criteria?.join(','))
}

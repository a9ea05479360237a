import { checkHotspots, gridUnitCount, TIME_LIMIT_MS } from '../compute/budgets.ts'
import type { HotspotInput } from '../compute/hotspot-analysis.ts'
import { computePool } from '../compute/index.ts'
import { regionInfo } from '../compute/region.ts'
import type { IncidentFilters } from '../db/queries/filters.ts'
import { distinctLocations } from '../analysis/grid-cells.ts'
import type { GridPoints } from '../db/queries/grid-points.ts'
import {
  analysisScope,
  communeRings,
  geographyVersion,
  gridPointsFor,
  loadUnits,
  scopeNames,
  type TimeStep,
  type UnitKind,
  type UnitTable,
  unitsFor,
} from '../db/queries/hotspot-units.ts'
import type { Db } from '../db/types.ts'
import { maskingOf } from './density.ts'
import { withheldEstimate } from '../domain/disclosure.ts'
import { analysedUnits, clean, stepValues, unitProperties, type Analysed } from './hotspot-table.ts'

export type { HotspotMethod, HotspotParams, HotspotResult, HotspotRun, HotspotUnit } from './hotspot-types.ts'
import type { HotspotParams, HotspotResult, HotspotRun } from './hotspot-types.ts'

/** Runs a hot spot method on units aggregated in PostGIS; returns GeoJSON text (features + meta). */
export async function hotspots(db: Db, p: HotspotParams, run: HotspotRun = {}): Promise<string> {
  return hotspotGeoJson(await hotspotResult(db, p, run))
}

/** The result as GeoJSON text: {"type":"FeatureCollection","meta":…,"features":[…]}. */
export function hotspotGeoJson(r: HotspotResult): string {
  const features = r.units.map(
    (u) => `{"type":"Feature","id":${JSON.stringify(u.code)},"geometry":${u.geometry},"properties":${JSON.stringify(u.properties)}}`,
  )
  return `{"type":"FeatureCollection","meta":${JSON.stringify(r.meta)},"features":[${features.join(',')}]}`
}

/**
 * Runs a hot spot method on units aggregated in PostGIS. The cost is checked against the budgets first (422 naming
 * the parameter); the weights and the statistic run on a compute thread (compute/hotspot-analysis.ts).
 */
export async function hotspotResult(db: Db, p: HotspotParams, run: HotspotRun = {}): Promise<HotspotResult> {
  const t0 = performance.now()
  const sizing = await cellSize(db, p, run)
  const cost = await checkedCost(db, p, sizing)
  const table = await loadUnits(db, p.unit, sizing.size, p.filters, p.method === 'ehsa' ? p.step : undefined, sizing.points)
  const scope = analysisScope(p.filters).code
  const rings = p.unit === 'commune' && p.band == null && p.knn == null ? await ringsFor(db, scope) : undefined
  const k = p.filters.access.k
  const a = analysedUnits(table, p, k)
  const n = a.keep.length
  const meta = hotspotMeta(p, sizing, n, table.codes.length - n, k, scope ? await scopeNames(db, scope) : 'national')
  const props = unitProperties(table, a.keep, k)
  let series: HotspotInput['series']
  if (p.method === 'ehsa') {
    const T = table.series!.steps.length
    if (T < 10) throw new RangeError(`only ${T} ${p.step}s in the period; emerging hot spots need at least 10`)
    checkHotspots({ ...cost, units: n, steps: T })
    series = stepValues(table, a.keep, p, k)
    Object.assign(meta, { step: p.step, steps: table.series!.steps })
  }
  const out = await analyse(p, a, rings, series, run)
  // The weights' islands come back as indices of the analysed units: named by their codes.
  Object.assign(meta, out.meta, out.meta.islands ? { islands: out.meta.islands.map((u) => table.codes[a.keep[u]]) } : {})
  props.forEach((o, u) => {
    for (const [name, col] of Object.entries(out.columns)) o[name] = col[u]
  })
  meta.took_ms = Math.round(performance.now() - t0)
  return {
    meta,
    units: a.keep.map((i, u) => ({
      code: table.codes[i],
      geometry: table.geometry[i],
      x: table.x[i],
      y: table.y[i],
      properties: clean(props[u]),
    })),
  }
}

/** The grid cell size, and how it was chosen; `points` are the incidents loaded to choose it. */
interface Sizing {
  grid: boolean
  size: number
  sizeRule: 'given' | 'auto' | 'default'
  points?: GridPoints
}

/**
 * Optimized hot spots choose the cell size from the incidents when none is given (see autoCellSize); the
 * incidents' positions loaded for it are counted in the cells too.
 */
async function cellSize(db: Db, p: HotspotParams, run: HotspotRun): Promise<Sizing> {
  const grid = p.unit === 'hex' || p.unit === 'square'
  const auto = p.size == null && grid && p.method === 'optimized'
  const points = auto ? await gridPointsFor(db, p.filters) : undefined
  const size = p.size ?? (points ? await autoCellSize(points, run) : 5000)
  const sizeRule = p.size != null ? 'given' : auto ? 'auto' : 'default'
  return { grid, size, sizeRule, points }
}

/** The run's cost from the reader's region, checked against the budgets (a 422 naming the parameter). */
async function checkedCost(db: Db, p: HotspotParams, { grid, size }: Sizing) {
  const region = await regionInfo(db, analysisScope(p.filters).code)
  const cost = {
    method: p.method,
    unit: p.unit,
    size,
    band: p.band,
    knn: p.knn,
    permutations: p.permutations,
    areaKm2: region.areaKm2,
    units: grid
      ? gridUnitCount(p.unit as 'hex' | 'square', size, region.areaKm2)
      : p.unit === 'commune'
        ? region.communes
        : region.villages,
  }
  checkHotspots(cost)
  return cost
}

/** The parameters echoed with the result (with the region analysed), and for viewers how the counts are protected. */
function hotspotMeta(
  p: HotspotParams,
  { grid, size, sizeRule }: Sizing,
  n: number,
  excluded: number,
  k: number,
  scope: Awaited<ReturnType<typeof scopeNames>> | 'national',
) {
  const meta: Record<string, unknown> = {
    method: p.method,
    unit: p.unit,
    scope,
    size: grid ? size : null,
    size_rule: grid ? sizeRule : null,
    rate: p.rate,
    n,
    excluded_without_population: excluded,
    criteria: p.filters.criteria ?? [1, 2, 3, 4, 5],
    from: p.filters.from ?? null,
    to: p.filters.to ?? null,
    alpha: p.alpha,
    ...(maskingOf(p.filters) ? { masking: maskingOf(p.filters) } : {}),
  }
  // Viewers: every count is a published cell, 1 to k - 1 withheld; the statistics are computed from those values.
  if (k > 0)
    Object.assign(meta, {
      suppression_k: k,
      protected: true,
      disclosure: 'cell-key perturbation (docs/privacy.md)',
      withheld_value: withheldEstimate(k),
    })
  return meta
}

/** The weights and the statistic, on a compute thread (the arrays are transferred, not copied). */
function analyse(p: HotspotParams, a: Analysed, rings: Float64Array[][] | undefined, series: HotspotInput['series'], run: HotspotRun) {
  const { keep, x, y, value } = a
  const input: HotspotInput = {
    method: p.method,
    unit: p.unit,
    band: p.band,
    knn: p.knn,
    fdr: p.fdr,
    permutations: p.permutations,
    seed: p.seed,
    alpha: p.alpha,
    x,
    y,
    value,
    rings: rings && keep.map((i) => rings[i]),
    series,
  }
  return computePool().run('hotspots', input, {
    timeoutMs: TIME_LIMIT_MS.hotspots,
    signal: run.signal,
    transfer: [x.buffer, y.buffer, value.buffer, ...(series ? [series.values.buffer] : [])] as ArrayBuffer[],
  })
}

// Commune polygons for queen contiguity, per database, scope and geography version (they depend only on the geography).
const ringCache = new WeakMap<Db, Map<string, Promise<Float64Array[][]>>>()
async function ringsFor(db: Db, scope: string | null): Promise<Float64Array[][]> {
  let m = ringCache.get(db)
  if (!m) ringCache.set(db, (m = new Map()))
  const key = `${scope ?? ''}:${await geographyVersion(db)}`
  let r = m.get(key)
  if (!r) {
    for (const k of m.keys()) if (k.startsWith(`${scope ?? ''}:`)) m.delete(k) // an older geography's
    r = communeRings(db, scope)
    m.set(key, r)
    r.catch(() => m!.delete(key))
  }
  return r
}

/**
 * The cell size optimized hot spots use when none is given: twice the mean distance from each distinct incident
 * location (snapped to 1 m) to its nearest other one, rounded up to 500 m, within 1–20 km, and grown until Cambodia
 * (181,035 km²) needs at most 8,000 hexagons (a map-sized answer).
 */
async function autoCellSize(points: GridPoints, run: HotspotRun): Promise<number> {
  const { x, y } = distinctLocations(points.x, points.y)
  const raw =
    x.length > 1
      ? 2 *
        (await computePool().run(
          'meanNearest',
          { x, y },
          { timeoutMs: TIME_LIMIT_MS.hotspots, signal: run.signal, transfer: [x.buffer as ArrayBuffer, y.buffer as ArrayBuffer] },
        ))
      : 5000
  let size = Math.min(20_000, Math.max(1000, Math.ceil(raw / 500) * 500))
  while (181_035e6 / (2.598 * size * size) > 8_000) size += 500 // a hexagon of edge s covers 2.598 s²
  return size
}

/** The national hexagon grids most requests use: 5 km (the default) and 3 km (the smallest automatic size). */
export const WARM_GRID_SIZES = [5000, 3000] as const

/**
 * Builds those grids (geometry, village population, commune names) after start-up, so that a first hot-spot
 * request only counts incidents. Called without waiting; a failure only means a first request builds them.
 */
export async function warmHotspotGrids(db: Db): Promise<void> {
  for (const size of WARM_GRID_SIZES) await unitsFor(db, 'hex', size, null)
}

export type { UnitTable }

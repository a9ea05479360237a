import { emergingHotSpots } from '../analysis/ehsa.ts'
import { giStar } from '../analysis/gistar.ts'
import { localMoran } from '../analysis/local-moran.ts'
import { optimizedHotSpots } from '../analysis/optimized.ts'
import { distanceBand, knn, meanKthNeighborDistance, queen, rowStandardize, type Weights } from '../analysis/weights.ts'
import type { IncidentFilters } from '../db/queries/filters.ts'
import { communeRings, incidentLocations, loadUnits, type TimeStep, type UnitKind, type UnitTable } from '../db/queries/hotspot-units.ts'
import type { Db } from '../db/types.ts'
import { isSmall } from '../domain/suppression.ts'

export type HotspotMethod = 'gistar' | 'localmoran' | 'optimized' | 'ehsa'
export interface HotspotParams {
  method: HotspotMethod; unit: UnitKind; size?: number; band?: number; knn?: number; rate: boolean; fdr: boolean
  permutations: number; seed: number; alpha: number; step: TimeStep; filters: IncidentFilters
}

/** One analysed unit: its code, GeoJSON geometry text, centroid in UTM 48N (metres) and properties. */
export interface HotspotUnit { code: string; geometry: string; x: number; y: number; properties: Record<string, unknown> }
export interface HotspotResult { meta: Record<string, unknown>; units: HotspotUnit[] }

/** Runs a hot spot method on units aggregated in PostGIS; returns GeoJSON text (features + meta). */
export async function hotspots(db: Db, p: HotspotParams): Promise<string> {
  return hotspotGeoJson(await hotspotResult(db, p))
}

/** The result as GeoJSON text: {"type":"FeatureCollection","meta":…,"features":[…]}. */
export function hotspotGeoJson(r: HotspotResult): string {
  const features = r.units.map((u) => `{"type":"Feature","id":${JSON.stringify(u.code)},"geometry":${u.geometry},"properties":${JSON.stringify(u.properties)}}`)
  return `{"type":"FeatureCollection","meta":${JSON.stringify(r.meta)},"features":[${features.join(',')}]}`
}

/** Runs a hot spot method on units aggregated in PostGIS. */
export async function hotspotResult(db: Db, p: HotspotParams): Promise<HotspotResult> {
  const t0 = performance.now()
  const grid = p.unit === 'hex' || p.unit === 'square'
  // Optimized hot spots choose the cell size from the incidents when none is given (see autoCellSize).
  const size = p.size ?? (grid && p.method === 'optimized' ? await autoCellSize(db, p.filters) : 5000)
  const sizeRule = p.size != null ? 'given' : grid && p.method === 'optimized' ? 'auto' : 'default'
  const table = await loadUnits(db, p.unit, size, p.filters, p.method === 'ehsa' ? p.step : undefined)
  const rings = p.unit === 'commune' && p.band == null && p.knn == null ? await communeRings(db, p.filters.access.scope) : undefined

  // Units analysed: all, or with rate=true those with a known, positive population.
  const keep: number[] = []
  for (let i = 0; i < table.codes.length; i++) if (!p.rate || table.population[i] > 0) keep.push(i)
  const sub = <T extends Float64Array>(a: T) => Float64Array.from(keep, (i) => a[i])
  const x = sub(table.x), y = sub(table.y)
  const value = Float64Array.from(keep, (i) => (p.rate ? (table.count[i] / table.population[i]) * 1000 : table.count[i]))
  const n = keep.length
  if (n < 30 && p.method === 'optimized') throw new RangeError(`only ${n} units to analyse; optimized hot spots need 30`)
  if (n < 5) throw new RangeError(`only ${n} units to analyse`)

  const meta: Record<string, unknown> = {
    method: p.method, unit: p.unit, size: grid ? size : null, size_rule: grid ? sizeRule : null, rate: p.rate,
    n, excluded_without_population: table.codes.length - n, criteria: p.filters.criteria ?? [1, 2, 3, 4, 5],
    from: p.filters.from ?? null, to: p.filters.to ?? null, alpha: p.alpha,
  }
  // Viewers: counts from 1 to k - 1 (and their rates) are withheld; the statistics stay (they describe neighbourhoods).
  const k = p.filters.access.k
  if (k > 0) Object.assign(meta, { suppression_k: k })
  const props: Record<string, unknown>[] = keep.map((i) => {
    const small = isSmall(table.count[i], k)
    return {
      code: table.codes[i], ...(table.names ? { name_en: table.names[i].en, name_km: table.names[i].km } : {}),
      ...(table.places && table.places[i].en ? { place_en: table.places[i].en, place_km: table.places[i].km } : {}),
      count: small ? null : table.count[i], ...(k > 0 ? { suppressed: small } : {}),
      population: Number.isFinite(table.population[i]) ? Math.round(table.population[i]) : null,
      rate: !small && table.population[i] > 0 ? (table.count[i] / table.population[i]) * 1000 : null,
    }
  })

  if (p.method === 'optimized') {
    const r = optimizedHotSpots(x, y, value)
    Object.assign(meta, { band: r.band, band_rule: r.bandRule, band_rule_code: r.bandRule.startsWith('first') ? 'peak' : 'kth', k: r.k, fdr: true,
      profile: r.profile, weights: `distance band ${Math.round(r.band)} m`, weights_spec: { kind: 'band', band: Math.round(r.band) } })
    props.forEach((o, k) => Object.assign(o, { z: r.z[k], p: r.p[k], bin: r.bin[k] }))
  } else {
    const { w, description, spec } = weightsFor(p, x, y, rings && keep.map((i) => rings[i]))
    Object.assign(meta, { weights: description, weights_spec: spec, islands: w.islands.map((k) => table.codes[keep[k]]) })
    if (p.method === 'gistar') {
      const r = giStar(value, w, { fdr: p.fdr })
      Object.assign(meta, { fdr: p.fdr })
      props.forEach((o, k) => Object.assign(o, { z: r.z[k], p: r.p[k], bin: r.bin[k] }))
    } else if (p.method === 'localmoran') {
      const r = localMoran(value, rowStandardize(w), { permutations: p.permutations, seed: p.seed, alpha: p.alpha })
      Object.assign(meta, { permutations: r.permutations, seed: r.seed })
      props.forEach((o, k) => Object.assign(o, { I: r.I[k], z: r.z[k], p_sim: r.pSim[k], quadrant: r.quadrant[k] || null }))
    } else {
      const T = table.series!.steps.length
      if (T < 10) throw new RangeError(`only ${T} ${p.step}s in the period; emerging hot spots need at least 10`)
      const vals = new Float64Array(n * T)
      keep.forEach((i, k) => {
        for (let t = 0; t < T; t++) {
          const c = table.series!.values[i * T + t]
          vals[k * T + t] = p.rate ? (c / table.population[i]) * 1000 : c
        }
      })
      const r = emergingHotSpots(vals, T, w, { k: 1, alpha: p.alpha, fdr: p.fdr })
      Object.assign(meta, { step: p.step, steps: table.series!.steps, time_neighbors: 1, fdr: p.fdr, categories: [...new Set(r.category)].sort() })
      props.forEach((o, k) => Object.assign(o, { category: r.category[k], trend_z: r.trendZ[k], trend_p: r.trendP[k],
        z_last: r.z[k * T + T - 1] }))
    }
  }
  meta.took_ms = Math.round(performance.now() - t0)
  return { meta, units: keep.map((i, k) => ({ code: table.codes[i], geometry: table.geometry[i], x: table.x[i], y: table.y[i], properties: clean(props[k]) })) }
}

/**
 * The cell size optimized hot spots use when none is given: twice the mean distance from each distinct incident
 * location to its nearest other one, rounded up to 500 m, within 1–20 km, and grown until Cambodia (181,035 km²)
 * needs at most 8,000 hexagons (a map-sized answer).
 */
async function autoCellSize(db: Db, f: HotspotParams['filters']): Promise<number> {
  const { x, y } = await incidentLocations(db, f)
  const raw = x.length > 1 ? 2 * meanKthNeighborDistance(x, y, 1) : 5000
  let size = Math.min(20_000, Math.max(1000, Math.ceil(raw / 500) * 500))
  while (181_035e6 / (2.598 * size * size) > 8_000) size += 500 // a hexagon of edge s covers 2.598 s²
  return size
}

/** JSON has no NaN or Infinity: they become null. */
function clean(o: Record<string, unknown>) {
  for (const k of Object.keys(o)) if (typeof o[k] === 'number' && !Number.isFinite(o[k] as number)) o[k] = null
  return o
}

/** The weights, an English description, and a spec the map translates: { kind: band|knn|queen, band?, k?, rule? }. */
function weightsFor(p: HotspotParams, x: Float64Array, y: Float64Array, rings?: Float64Array[][]): { w: Weights; description: string; spec: Record<string, unknown> } {
  if (p.band != null) return { w: distanceBand(x, y, p.band), description: `distance band ${p.band} m`, spec: { kind: 'band', band: p.band } }
  if (p.knn != null) return { w: knn(x, y, p.knn), description: `${p.knn} nearest neighbours`, spec: { kind: 'knn', k: p.knn } }
  if (rings) return { w: queen(rings, 1), description: 'queen contiguity', spec: { kind: 'queen' } }
  if (p.unit === 'village') return { w: knn(x, y, 8), description: '8 nearest neighbours', spec: { kind: 'knn', k: 8 } }
  // A regular grid: the centre spacing (×1.01), so each cell sees its first ring.
  const nn = knn(x, y, 1)
  let spacing = Infinity
  for (let i = 0; i < nn.n; i++) { const j = nn.neighbors[nn.offsets[i]]; spacing = Math.min(spacing, Math.hypot(x[i] - x[j], y[i] - y[j])) }
  const band = Math.round(spacing * 1.01)
  return { w: distanceBand(x, y, band), description: `distance band ${band} m (first ring of cells)`, spec: { kind: 'band', band, rule: 'ring' } }
}

export type { UnitTable }

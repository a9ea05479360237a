import { emergingHotSpots } from '../analysis/ehsa.ts'
import { giStar } from '../analysis/gistar.ts'
import { localMoran } from '../analysis/local-moran.ts'
import { optimizedHotSpots } from '../analysis/optimized.ts'
import { distanceBand, knn, queen, rowStandardize, type Weights } from '../analysis/weights.ts'

/**
 * The pure part of a hot spot request, run on a compute thread: the units are loaded and their values computed
 * (counts or rates); this builds the spatial weights and runs the method. Everything in and out is plain data.
 */
export interface HotspotInput {
  method: 'gistar' | 'localmoran' | 'optimized' | 'ehsa'
  unit: 'hex' | 'square' | 'commune' | 'village'
  band?: number
  knn?: number
  fdr: boolean
  permutations: number
  seed: number
  alpha: number
  /** Unit centroids (UTM 48N metres) and the analysed value of each. */
  x: Float64Array
  y: Float64Array
  value: Float64Array
  /** Commune polygons as flat rings, for queen contiguity (when neither band nor knn is given). */
  rings?: Float64Array[][]
  /** Emerging hot spots: values per unit and step (unit-major, n × T). */
  series?: { T: number; values: Float64Array }
}

export interface HotspotOutput {
  /** Method and weights meta; `islands` are indices of the input units. */
  meta: Record<string, unknown> & { islands?: number[] }
  /** Per-unit result columns (z, p, bin; I, p_sim, quadrant; category, trend_z, trend_p, z_last). */
  columns: Record<string, ArrayLike<number | string | null>>
}

export function analyseHotspots(a: HotspotInput): HotspotOutput {
  const { x, y, value } = a
  if (a.method === 'optimized') {
    const r = optimizedHotSpots(x, y, value)
    return {
      meta: {
        band: r.band,
        band_rule: r.bandRule,
        band_rule_code: r.bandRule.startsWith('first') ? 'peak' : 'kth',
        k: r.k,
        fdr: true,
        profile: r.profile,
        weights: `distance band ${Math.round(r.band)} m`,
        weights_spec: { kind: 'band', band: Math.round(r.band) },
      },
      columns: { z: r.z, p: r.p, bin: r.bin },
    }
  }
  const { w, description, spec } = weightsFor(a)
  const meta: HotspotOutput['meta'] = { weights: description, weights_spec: spec, islands: w.islands }
  if (a.method === 'gistar') {
    const r = giStar(value, w, { fdr: a.fdr })
    return { meta: { ...meta, fdr: a.fdr }, columns: { z: r.z, p: r.p, bin: r.bin } }
  }
  if (a.method === 'localmoran') {
    const r = localMoran(value, rowStandardize(w), { permutations: a.permutations, seed: a.seed, alpha: a.alpha })
    return {
      meta: { ...meta, permutations: r.permutations, seed: r.seed },
      columns: { I: r.I, z: r.z, p_sim: r.pSim, quadrant: r.quadrant.map((q) => q || null) },
    }
  }
  const { T, values } = a.series!
  const r = emergingHotSpots(values, T, w, { k: 1, alpha: a.alpha, fdr: a.fdr })
  const n = x.length
  const zLast = new Float64Array(n)
  for (let k = 0; k < n; k++) zLast[k] = r.z[k * T + T - 1]
  return {
    meta: { ...meta, time_neighbors: 1, fdr: a.fdr, categories: [...new Set(r.category)].sort() },
    columns: { category: r.category, trend_z: r.trendZ, trend_p: r.trendP, z_last: zLast },
  }
}

/** The weights, an English description, and a spec the map translates: { kind: band|knn|queen, band?, k?, rule? }. */
export function weightsFor(a: Pick<HotspotInput, 'band' | 'knn' | 'unit' | 'x' | 'y' | 'rings'>): {
  w: Weights
  description: string
  spec: Record<string, unknown>
} {
  const { x, y } = a
  if (a.band != null)
    return { w: distanceBand(x, y, a.band), description: `distance band ${a.band} m`, spec: { kind: 'band', band: a.band } }
  if (a.knn != null) return { w: knn(x, y, a.knn), description: `${a.knn} nearest neighbours`, spec: { kind: 'knn', k: a.knn } }
  if (a.rings) return { w: queen(a.rings, 1), description: 'queen contiguity', spec: { kind: 'queen' } }
  if (a.unit === 'village') return { w: knn(x, y, 8), description: '8 nearest neighbours', spec: { kind: 'knn', k: 8 } }
  // A regular grid: the centre spacing (×1.01), so each cell sees its first ring.
  const nn = knn(x, y, 1)
  let spacing = Infinity
  for (let i = 0; i < nn.n; i++) {
    const j = nn.neighbors[nn.offsets[i]]
    spacing = Math.min(spacing, Math.hypot(x[i] - x[j], y[i] - y[j]))
  }
  const band = Math.round(spacing * 1.01)
  return {
    w: distanceBand(x, y, band),
    description: `distance band ${band} m (first ring of cells)`,
    spec: { kind: 'band', band, rule: 'ring' },
  }
}

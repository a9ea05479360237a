import { confidenceBins } from './fdr.ts'
import { mannKendall } from './mann-kendall.ts'
import { twoSidedP } from './normal.ts'
import type { Weights } from './weights.ts'

export const EHSA_CATEGORIES = [
  'new hot spot',
  'consecutive hot spot',
  'intensifying hot spot',
  'persistent hot spot',
  'diminishing hot spot',
  'sporadic hot spot',
  'oscillating hot spot',
  'historical hot spot',
  'new cold spot',
  'consecutive cold spot',
  'intensifying cold spot',
  'persistent cold spot',
  'diminishing cold spot',
  'sporadic cold spot',
  'oscillating cold spot',
  'historical cold spot',
  'no pattern detected',
] as const
export type EhsaCategory = (typeof EHSA_CATEGORIES)[number]

/**
 * Esri's emerging hot spot categories from one location's series of significance (+1 hot, −1 cold, 0 none) and
 * the Mann–Kendall trend of its Gi* z-scores. Rules are tried in Esri's table order (new, consecutive,
 * intensifying, persistent, diminishing, sporadic, oscillating, historical); the first that fits wins.
 */
export function classifyEhsa(sig: ArrayLike<number>, trend: { z: number; p: number }, alpha = 0.05): EhsaCategory {
  const T = sig.length
  if (!T) return 'no pattern detected'
  for (const side of [1, -1] as const) {
    const kind = side === 1 ? 'hot' : 'cold'
    let count = 0,
      other = 0
    for (let t = 0; t < T; t++) {
      if (sig[t] === side) count++
      else if (sig[t] === -side) other++
    }
    const share = count / T
    const final = sig[T - 1] === side
    if (final) {
      if (count === 1) return `new ${kind} spot` as EhsaCategory
      let run = 0
      while (run < T && sig[T - 1 - run] === side) run++
      if (share < 0.9 && run >= 2 && run === count) return `consecutive ${kind} spot` as EhsaCategory
      if (share >= 0.9) {
        const rising = trend.p < alpha && trend.z > 0,
          falling = trend.p < alpha && trend.z < 0
        // Intensifying means the clustering of this kind grows: z rises for hot spots, falls for cold ones.
        if (side === 1 ? rising : falling) return `intensifying ${kind} spot` as EhsaCategory
        if (side === 1 ? falling : rising) return `diminishing ${kind} spot` as EhsaCategory
        return `persistent ${kind} spot` as EhsaCategory
      }
      return (other > 0 ? `oscillating ${kind} spot` : `sporadic ${kind} spot`) as EhsaCategory
    }
    if (share >= 0.9) return `historical ${kind} spot` as EhsaCategory
  }
  return 'no pattern detected'
}

export interface EhsaResult {
  category: EhsaCategory[]
  trendZ: Float64Array
  trendP: Float64Array
  /** Gi* z and bins of every space-time bin, location-major (i * T + t). */
  z: Float64Array
  bin: Int8Array
}

/**
 * Emerging hot spot analysis on a space-time cube: values[i * T + t] for n locations and T time steps.
 * Gi* over space-time bins whose neighbours are the location and its spatial neighbours at this time step and
 * the k previous ones (binary weights, self included, global mean and s.d. of the cube); then per location the
 * Mann–Kendall trend of its z-scores and the category.
 */
export function emergingHotSpots(
  values: ArrayLike<number>,
  T: number,
  w: Weights,
  opts: { k?: number; alpha?: number; fdr?: boolean } = {},
): EhsaResult {
  const n = w.n,
    k = opts.k ?? 1,
    alpha = opts.alpha ?? 0.05
  const N = n * T
  if (values.length !== N) throw new RangeError(`expected ${N} values (${n} locations × ${T} steps), got ${values.length}`)
  let sum = 0
  for (let q = 0; q < N; q++) sum += values[q]
  const mean = sum / N
  let ss = 0
  for (let q = 0; q < N; q++) ss += (values[q] - mean) ** 2
  const sd = Math.sqrt(ss / N)
  // Prefix sums along time for each location: pre[i * (T + 1) + t] = Σ_{s < t} values[i, s].
  const pre = new Float64Array(n * (T + 1))
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) pre[i * (T + 1) + t + 1] = pre[i * (T + 1) + t] + values[i * T + t]
  const z = new Float64Array(N),
    p = new Float64Array(N)
  for (let i = 0; i < n; i++) {
    const a = w.offsets[i],
      b = w.offsets[i + 1],
      m = b - a + 1
    for (let t = 0; t < T; t++) {
      const t0 = Math.max(0, t - k),
        steps = t - t0 + 1
      let lag = pre[i * (T + 1) + t + 1] - pre[i * (T + 1) + t0]
      for (let q = a; q < b; q++) {
        const j = w.neighbors[q]
        lag += pre[j * (T + 1) + t + 1] - pre[j * (T + 1) + t0]
      }
      const wi = m * steps // binary weights: W_i = S1_i
      const denom = sd * Math.sqrt((N * wi - wi * wi) / (N - 1))
      const zi = denom > 0 ? (lag - mean * wi) / denom : 0
      z[i * T + t] = zi
      p[i * T + t] = twoSidedP(zi)
    }
  }
  const bin = confidenceBins(z, p, opts.fdr)
  const level = alpha <= 0.01 ? 3 : alpha <= 0.05 ? 2 : 1
  const category: EhsaCategory[] = new Array(n)
  const trendZ = new Float64Array(n),
    trendP = new Float64Array(n)
  const sig = new Int8Array(T)
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      const bn = bin[i * T + t]
      sig[t] = bn >= level ? 1 : bn <= -level ? -1 : 0
    }
    const mk = mannKendall(z.subarray(i * T, (i + 1) * T))
    trendZ[i] = mk.z
    trendP[i] = mk.p
    category[i] = classifyEhsa(sig, mk, alpha)
  }
  return { category, trendZ, trendP, z, bin }
}

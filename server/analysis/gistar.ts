import { confidenceBins } from './fdr.ts'
import { twoSidedP } from './normal.ts'
import type { Weights } from './weights.ts'

export interface LocalResult {
  z: Float64Array
  p: Float64Array
  bin: Int8Array
}

/**
 * Getis-Ord Gi* (self included) as Esri documents it and spdep's localG(include.self, style "B") computes it:
 * z_i = (Σ_j w_ij x_j − x̄ W_i) / (S √((n S1_i − W_i²)/(n − 1))), with w_ii = 1 and S the population s.d.
 */
export function giStar(x: ArrayLike<number>, w: Weights, opts: { fdr?: boolean } = {}): LocalResult {
  const n = w.n
  if (x.length !== n) throw new RangeError('values and weights differ in length')
  let sum = 0,
    _sum2 = 0
  for (let i = 0; i < n; i++) {
    sum += x[i]
    _sum2 += x[i] * x[i]
  }
  const mean = sum / n
  let ss = 0
  for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean)
  const s = Math.sqrt(ss / n)
  const z = new Float64Array(n)
  const p = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let lag = x[i],
      wi = 1,
      s1 = 1 // self, weight 1
    for (let k = w.offsets[i]; k < w.offsets[i + 1]; k++) {
      const wk = w.weights[k]
      lag += wk * x[w.neighbors[k]]
      wi += wk
      s1 += wk * wk
    }
    const denom = s * Math.sqrt((n * s1 - wi * wi) / (n - 1))
    z[i] = denom > 0 ? (lag - mean * wi) / denom : 0
    p[i] = twoSidedP(z[i])
  }
  return { z, p, bin: confidenceBins(z, p, opts.fdr) }
}

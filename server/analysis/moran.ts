import { normalUpperTail, twoSidedP } from './normal.ts'
import type { Weights } from './weights.ts'

export interface MoranResult {
  I: number
  expected: number
  variance: number
  z: number
  p: number
  p_greater: number
  n: number
}

/** Global Moran's I with its variance under randomisation, as spdep's moran.test(randomisation = TRUE). */
export function globalMoran(x: ArrayLike<number>, w: Weights): MoranResult {
  const n = w.n
  const { z, m2, m4 } = deviations(x, n)
  // S0, S1 = ½ΣΣ(w_ij + w_ji)², S2 = Σ(w_i. + w_.i)², and the cross-product.
  const rowSum = new Float64Array(n),
    colSum = new Float64Array(n)
  let s0 = 0,
    cross = 0
  for (let i = 0; i < n; i++) {
    let lag = 0
    for (let k = w.offsets[i]; k < w.offsets[i + 1]; k++) {
      const j = w.neighbors[k],
        wk = w.weights[k]
      s0 += wk
      rowSum[i] += wk
      colSum[j] += wk
      lag += wk * z[j]
    }
    cross += z[i] * lag
  }
  // Each stored w_ij contributes (w_ij + w_ji)²; a pair stored one way only also stands for its mirror term.
  let s1 = 0
  for (let i = 0; i < n; i++) {
    for (let k = w.offsets[i]; k < w.offsets[i + 1]; k++) {
      const wji = weightOf(w, w.neighbors[k], i)
      s1 += (w.weights[k] + wji) ** 2 * (wji ? 1 : 2)
    }
  }
  s1 /= 2
  let s2 = 0
  for (let i = 0; i < n; i++) s2 += (rowSum[i] + colSum[i]) ** 2
  return moranFromSums(n, { s0, s1, s2, cross, m2, m4 })
}

/** Deviations from the mean of the first n values, with Σz² and Σz⁴. */
export function deviations(x: ArrayLike<number>, n: number) {
  let mean = 0
  for (let i = 0; i < n; i++) mean += x[i]
  mean /= n
  const z = new Float64Array(n)
  let m2 = 0,
    m4 = 0
  for (let i = 0; i < n; i++) {
    z[i] = x[i] - mean
    m2 += z[i] * z[i]
    m4 += z[i] ** 4
  }
  return { z, m2, m4 }
}

/** I, its expectation and variance under randomisation, z and p from the weights' sums and the cross-product ΣΣ w z z. */
export function moranFromSums(n: number, t: { s0: number; s1: number; s2: number; cross: number; m2: number; m4: number }): MoranResult {
  const { s0, s1, s2, cross, m2, m4 } = t
  const I = (n / s0) * (cross / m2)
  const E = -1 / (n - 1)
  const K = (n * m4) / (m2 * m2)
  const v =
    (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0) - K * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)) /
      ((n - 1) * (n - 2) * (n - 3) * s0 * s0) -
    E * E
  const zI = (I - E) / Math.sqrt(v)
  return { I, expected: E, variance: v, z: zI, p: twoSidedP(zI), p_greater: normalUpperTail(zI), n }
}

/** w_ij by binary search in row i (neighbours are sorted), 0 when j is not a neighbour. */
export function weightOf(w: Weights, i: number, j: number): number {
  let lo = w.offsets[i],
    hi = w.offsets[i + 1] - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1,
      v = w.neighbors[mid]
    if (v === j) return w.weights[mid]
    if (v < j) lo = mid + 1
    else hi = mid - 1
  }
  return 0
}

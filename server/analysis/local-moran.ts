import { Rng } from './prng.ts'
import type { Weights } from './weights.ts'

export type Quadrant = 'HH' | 'LL' | 'HL' | 'LH' | ''
export interface LocalMoranResult {
  I: Float64Array
  z: Float64Array
  pSim: Float64Array
  quadrant: Quadrant[]
  expected: Float64Array
  variance: Float64Array
  permutations: number
  seed: number
  alpha: number
}

/**
 * Local Moran's I_i = (z_i / m2) Σ_j w_ij z_j with m2 = Σ z²/n (spdep localmoran, esda Moran_Local), with the
 * analytical expectation and variance conditional on z_i (spdep's default), and conditional
 * permutation inference: the neighbours of i are drawn from the other n − 1 values; p_sim = (M + 1)/(R + 1), M the
 * count of permuted I at least as extreme on the observed side (esda's folded two-sided rule).
 */
export function localMoran(
  x: ArrayLike<number>,
  w: Weights,
  opts: { permutations?: number; seed?: number; alpha?: number } = {},
): LocalMoranResult {
  const n = w.n
  const R = opts.permutations ?? 999
  const seed = opts.seed ?? 12345
  const alpha = opts.alpha ?? 0.05
  let mean = 0
  for (let i = 0; i < n; i++) mean += x[i]
  mean /= n
  const z = new Float64Array(n)
  let m2 = 0
  for (let i = 0; i < n; i++) {
    z[i] = x[i] - mean
    m2 += z[i] * z[i]
  }
  m2 /= n

  const I = new Float64Array(n),
    lagZ = new Float64Array(n)
  const expected = new Float64Array(n),
    variance = new Float64Array(n),
    zI = new Float64Array(n)
  let kmax = 0
  for (let i = 0; i < n; i++) {
    let lag = 0,
      wi = 0,
      wi2 = 0
    for (let k = w.offsets[i]; k < w.offsets[i + 1]; k++) {
      lag += w.weights[k] * z[w.neighbors[k]]
      wi += w.weights[k]
      wi2 += w.weights[k] ** 2
    }
    lagZ[i] = lag
    I[i] = (z[i] / m2) * lag
    kmax = Math.max(kmax, w.offsets[i + 1] - w.offsets[i])
    // Moments conditional on z_i (Sokal et al. 1998), spdep localmoran's default (conditional = TRUE, mlvar = TRUE).
    const zi2 = z[i] * z[i]
    expected[i] = -(zi2 * wi) / ((n - 1) * m2)
    variance[i] = (z[i] / m2) ** 2 * (n / (n - 2)) * (wi2 - (wi * wi) / (n - 1)) * (m2 - zi2 / (n - 1))
    zI[i] = (I[i] - expected[i]) / Math.sqrt(variance[i])
  }

  // One shared table of R draws of kmax distinct indices from 0..n−2; index ≥ i maps to index + 1 (skip i itself).
  const rng = new Rng(seed, 7)
  const draws = new Uint32Array(R * kmax)
  const pool = new Uint32Array(n - 1)
  for (let j = 0; j < n - 1; j++) pool[j] = j
  for (let r = 0; r < R; r++) {
    for (let k = 0; k < kmax; k++) {
      // partial Fisher–Yates
      const j = k + Math.floor(rng.float() * (n - 1 - k))
      const t = pool[k]
      pool[k] = pool[j]
      pool[j] = t
      draws[r * kmax + k] = pool[k]
    }
  }
  const pSim = new Float64Array(n)
  const quadrant: Quadrant[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const a = w.offsets[i],
      deg = w.offsets[i + 1] - a
    if (deg === 0) {
      pSim[i] = NaN
      quadrant[i] = ''
      continue
    }
    let larger = 0
    for (let r = 0; r < R; r++) {
      let lag = 0
      const base = r * kmax
      for (let k = 0; k < deg; k++) {
        let j = draws[base + k]
        if (j >= i) j++
        lag += w.weights[a + k] * z[j]
      }
      if ((z[i] / m2) * lag >= I[i]) larger++
    }
    if (R - larger < larger) larger = R - larger
    pSim[i] = (larger + 1) / (R + 1)
    quadrant[i] = pSim[i] <= alpha ? (z[i] > 0 ? (lagZ[i] > 0 ? 'HH' : 'HL') : lagZ[i] > 0 ? 'LH' : 'LL') : ''
  }
  return { I, z: zI, pSim, quadrant, expected, variance, permutations: R, seed, alpha }
}

import KDBush from 'kdbush'
import { normalUpperTail, twoSidedP } from './normal.ts'
import type { MoranResult } from './moran.ts'

/**
 * Global Moran's I (randomisation variance, as globalMoran) on binary distance-band weights for several
 * increasing bands at once: the pairs are found once, within the widest band, and each pair counts for every band
 * that holds it (the incremental spatial autocorrelation of optimized hot spots). For symmetric binary weights
 * S0 = 2P, S1 = 2 S0 and S2 = Σ (2 deg_i)², so no weight matrix is built: one k-d tree query per point, instead
 * of one per point and band.
 */
export function moranProfile(x: Float64Array, y: Float64Array, values: ArrayLike<number>, bands: number[]): MoranResult[] {
  const n = x.length, B = bands.length
  let mean = 0
  for (let i = 0; i < n; i++) mean += values[i]
  mean /= n
  const z = new Float64Array(n)
  let m2 = 0, m4 = 0
  for (let i = 0; i < n; i++) { z[i] = values[i] - mean; m2 += z[i] * z[i]; m4 += z[i] ** 4 }
  const sq = bands.map((d) => d * d)
  const index = new KDBush(n, 64, Float64Array)
  for (let i = 0; i < n; i++) index.add(x[i], y[i])
  index.finish()
  // Per first band holding a pair: pairs, Σ z_i z_j, and each point's new neighbours.
  const pairs = new Float64Array(B), cross = new Float64Array(B), deg = new Float64Array(n * B)
  const widest = bands[B - 1]
  for (let i = 0; i < n; i++) {
    for (const j of index.within(x[i], y[i], widest)) {
      if (j <= i) continue
      const q = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2
      let b = 0
      while (b < B && q > sq[b]) b++
      if (b === B) continue
      pairs[b]++; cross[b] += z[i] * z[j]; deg[i * B + b]++; deg[j * B + b]++
    }
  }
  const out: MoranResult[] = []
  let P = 0, C = 0
  const d = new Float64Array(n)
  for (let b = 0; b < B; b++) {
    P += pairs[b]; C += cross[b]
    let s2 = 0
    for (let i = 0; i < n; i++) { d[i] += deg[i * B + b]; s2 += (2 * d[i]) ** 2 }
    const s0 = 2 * P, s1 = 2 * s0
    const I = (n / s0) * ((2 * C) / m2)
    const E = -1 / (n - 1)
    const K = (n * m4) / (m2 * m2)
    const v = (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0) - K * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)) /
      ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - E * E
    const zI = (I - E) / Math.sqrt(v)
    out.push({ I, expected: E, variance: v, z: zI, p: twoSidedP(zI), p_greater: normalUpperTail(zI), n })
  }
  return out
}

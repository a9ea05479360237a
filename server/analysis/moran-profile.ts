import KDBush from 'kdbush'
import { deviations, moranFromSums, type MoranResult } from './moran.ts'

/**
 * Global Moran's I (randomisation variance, as globalMoran) on binary distance-band weights for several
 * increasing bands at once: the pairs are found once, within the widest band, and each pair counts for every band
 * that holds it (the incremental spatial autocorrelation of optimized hot spots). For symmetric binary weights
 * S0 = 2P, S1 = 2 S0 and S2 = Σ (2 deg_i)², so no weight matrix is built: one k-d tree query per point, instead
 * of one per point and band.
 */
export function moranProfile(x: Float64Array, y: Float64Array, values: ArrayLike<number>, bands: number[]): MoranResult[] {
  const n = x.length,
    B = bands.length
  const { z, m2, m4 } = deviations(values, n)
  const sq = bands.map((d) => d * d)
  const index = new KDBush(n, 64, Float64Array)
  for (let i = 0; i < n; i++) index.add(x[i], y[i])
  index.finish()
  // Per first band holding a pair: pairs, Σ z_i z_j, and each point's new neighbours.
  const pairs = new Float64Array(B),
    cross = new Float64Array(B),
    deg = new Float64Array(n * B)
  const widest = bands[B - 1]
  for (let i = 0; i < n; i++) {
    for (const j of index.within(x[i], y[i], widest)) {
      if (j <= i) continue
      const q = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2
      let b = 0
      while (b < B && q > sq[b]) b++
      if (b === B) continue
      pairs[b]++
      cross[b] += z[i] * z[j]
      deg[i * B + b]++
      deg[j * B + b]++
    }
  }
  const out: MoranResult[] = []
  let P = 0,
    C = 0
  const d = new Float64Array(n)
  for (let b = 0; b < B; b++) {
    P += pairs[b]
    C += cross[b]
    let s2 = 0
    for (let i = 0; i < n; i++) {
      d[i] += deg[i * B + b]
      s2 += (2 * d[i]) ** 2
    }
    const s0 = 2 * P
    out.push(moranFromSums(n, { s0, s1: 2 * s0, s2, cross: 2 * C, m2, m4 }))
  }
  return out
}

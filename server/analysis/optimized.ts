import { giStar, type LocalResult } from './gistar.ts'
import { moranProfile } from './moran-profile.ts'
import { distanceBand, meanKthNeighborDistance } from './weights.ts'

export interface OptimizedResult extends LocalResult {
  band: number
  bandRule: 'first peak of incremental spatial autocorrelation' | 'mean distance to the k-th nearest neighbour'
  k: number
  profile: { distance: number; z: number }[]
}

/**
 * Optimized Hot Spot Analysis on cells with counts: global Moran's z over 10 increasing distance bands from the
 * mean distance to the k-th neighbour (k = 5% of n, 3..30); the band is the first peak of z (a value higher than
 * both neighbours). Without a peak, the mean k-th-neighbour distance is used. Then Gi* with FDR.
 */
export function optimizedHotSpots(
  x: Float64Array,
  y: Float64Array,
  values: ArrayLike<number>,
  opts: { steps?: number } = {},
): OptimizedResult {
  const n = x.length
  if (n < 30) throw new RangeError(`optimized hot spot analysis needs at least 30 units, got ${n}`)
  const k = Math.min(30, Math.max(3, Math.round(0.05 * n)))
  const start = meanKthNeighborDistance(x, y, k)
  const steps = opts.steps ?? 10
  // Increment: the mean distance to the nearest neighbour, but at least 1/steps of the starting distance.
  const inc = Math.max(meanKthNeighborDistance(x, y, 1), start / steps)
  const bands = Array.from({ length: steps }, (_, s) => start + s * inc)
  const profile = moranProfile(x, y, values, bands).map((m, s) => ({ distance: bands[s], z: Number.isFinite(m.z) ? m.z : 0 }))
  let peak = -1
  for (let s = 1; s < steps - 1; s++)
    if (profile[s].z > profile[s - 1].z && profile[s].z > profile[s + 1].z) {
      peak = s
      break
    }
  const band = peak >= 0 ? profile[peak].distance : start
  const r = giStar(values, distanceBand(x, y, band), { fdr: true })
  return {
    ...r,
    band,
    k,
    profile,
    bandRule: peak >= 0 ? 'first peak of incremental spatial autocorrelation' : 'mean distance to the k-th nearest neighbour',
  }
}

import { twoSidedP } from './normal.ts'

export interface TrendResult {
  s: number
  variance: number
  z: number
  p: number
  tau: number
}

/** Mann–Kendall trend test with the tie correction of the variance; z has the continuity correction. */
export function mannKendall(y: ArrayLike<number>): TrendResult {
  const n = y.length
  let s = 0
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(y[j] - y[i])
  const counts = new Map<number, number>()
  for (let i = 0; i < n; i++) counts.set(y[i], (counts.get(y[i]) ?? 0) + 1)
  let ties = 0
  for (const t of counts.values()) if (t > 1) ties += t * (t - 1) * (2 * t + 5)
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18
  const z = variance > 0 ? (s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0) : 0
  return { s, variance, z, p: variance > 0 ? twoSidedP(z) : 1, tau: n > 1 ? s / ((n * (n - 1)) / 2) : 0 }
}

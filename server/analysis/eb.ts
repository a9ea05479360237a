/**
 * Empirical Bayes smoothing of rates (Marshall 1991, the global method-of-moments estimator, as in GeoDa's
 * "EB smoothed rate"): each area's raw rate y/n is pulled toward the overall rate m by w = a / (a + m / n),
 * where a = s² − m / n̄ is the between-area variance (0 when negative). Small populations move furthest.
 */
export interface EbResult {
  rate: Float64Array
  raw: Float64Array
  weight: Float64Array
  mean: number
  variance: number
}

export function ebSmooth(count: ArrayLike<number>, population: ArrayLike<number>): EbResult {
  const n = count.length
  let sy = 0,
    sn = 0,
    areas = 0
  for (let i = 0; i < n; i++)
    if (population[i] > 0) {
      sy += count[i]
      sn += population[i]
      areas++
    }
  const raw = new Float64Array(n).fill(NaN),
    rate = new Float64Array(n).fill(NaN),
    weight = new Float64Array(n).fill(NaN)
  if (!areas || sn <= 0) return { rate, raw, weight, mean: NaN, variance: NaN }
  const m = sy / sn
  const nbar = sn / areas
  let s2 = 0
  for (let i = 0; i < n; i++)
    if (population[i] > 0) {
      raw[i] = count[i] / population[i]
      s2 += population[i] * (raw[i] - m) ** 2
    }
  s2 /= sn
  const a = Math.max(0, s2 - m / nbar)
  for (let i = 0; i < n; i++) {
    if (!(population[i] > 0)) continue
    const w = a + m / population[i] > 0 ? a / (a + m / population[i]) : 0
    weight[i] = w
    rate[i] = m + w * (raw[i] - m)
  }
  return { rate, raw, weight, mean: m, variance: a }
}

import { label, type LabelKey } from '../../common/labels/index.ts'

/**
 * The pilot priority index: a weighted mean of terms scaled to 0..1, so a planner can see and change what
 * each contributes. Terms (per unit): rate (percentile of the EB-smoothed rate), trend (Mann–Kendall z of the
 * monthly counts, rising only, z/3 capped at 1), hotspot (1 in a Gi* hot spot at 95% or an emerging hot spot,
 * 0.5 at 90%; both computed among the units of the chosen area, not nationwide), population (percentile), distance (to the nearest post, /15 km capped at 1), and not yet safe (1).
 */
export const SCORE_TERMS = ['rate', 'trend', 'hotspot', 'population', 'distance', 'safe'] as const
export type ScoreTerm = (typeof SCORE_TERMS)[number]
export type Weights = Record<ScoreTerm, number>
export const DEFAULT_WEIGHTS: Weights = { rate: 3, trend: 1, hotspot: 2, population: 1, distance: 1, safe: 1 }
export const DISTANCE_FULL_M = 15_000

const labels = (k: LabelKey) => ({ label_en: label('en', k), label_km: label('km', k) })

/** What each term means, for the table's headers and the planner's weight form. */
export const TERM_INFO: Record<ScoreTerm, { label_en: string; label_km: string; description: string }> = {
  rate: {
    ...labels('term.rate'),
    description: 'percentile of the empirical Bayes smoothed rate per 1,000 people in the window',
  },
  trend: {
    ...labels('term.trend'),
    description: 'Mann–Kendall z of the monthly counts, rising only, z/3 capped at 1',
  },
  hotspot: {
    ...labels('term.hotspot'),
    description: '1 in a Gi* hot spot at 95% or an emerging hot spot among the units of the area, 0.5 at 90%',
  },
  population: { ...labels('term.population'), description: 'percentile of the population (village figures estimated)' },
  distance: {
    ...labels('term.distance'),
    description: 'distance to the nearest police post ÷ 15 km, capped at 1',
  },
  safe: {
    ...labels('term.safe'),
    description: '0 when safe in the last whole quarter of the window, else 1',
  },
}

export interface ScoreInput {
  ebRate: ArrayLike<number>
  trendZ: ArrayLike<number>
  hotspot: ArrayLike<number>
  population: ArrayLike<number>
  distance: ArrayLike<number>
  safe: ArrayLike<number | boolean>
}

/** Percentile rank in 0..1 (ties share their mean rank; NaN stays NaN). */
export function percentileRank(v: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: v.length }, (_, i) => i)
    .filter((i) => Number.isFinite(v[i]))
    .sort((a, b) => v[a] - v[b])
  const out = new Float64Array(v.length).fill(NaN)
  const n = idx.length
  for (let s = 0; s < n; ) {
    let e = s
    while (e + 1 < n && v[idx[e + 1]] === v[idx[s]]) e++
    const r = n > 1 ? (s + e) / 2 / (n - 1) : 1
    for (let k = s; k <= e; k++) out[idx[k]] = r
    s = e + 1
  }
  return out
}

export function pilotScores(x: ScoreInput, w: Weights): { terms: Record<ScoreTerm, Float64Array>; score: Float64Array } {
  const n = x.ebRate.length
  const terms: Record<ScoreTerm, Float64Array> = {
    rate: percentileRank(x.ebRate),
    trend: Float64Array.from({ length: n }, (_, i) => (Number.isFinite(x.trendZ[i]) ? Math.min(1, Math.max(0, x.trendZ[i] / 3)) : 0)),
    hotspot: Float64Array.from({ length: n }, (_, i) => x.hotspot[i]),
    population: percentileRank(x.population),
    distance: Float64Array.from({ length: n }, (_, i) =>
      Number.isFinite(x.distance[i]) ? Math.min(1, x.distance[i] / DISTANCE_FULL_M) : 0,
    ),
    safe: Float64Array.from({ length: n }, (_, i) => (x.safe[i] ? 0 : 1)),
  }
  const total = SCORE_TERMS.reduce((s, k) => s + w[k], 0)
  const score = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (const k of SCORE_TERMS) s += w[k] * (Number.isFinite(terms[k][i]) ? terms[k][i] : 0)
    score[i] = total > 0 ? s / total : 0
  }
  return { terms, score }
}

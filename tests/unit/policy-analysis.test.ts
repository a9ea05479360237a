import { describe, expect, it } from 'vitest'
import { differenceInDifferences } from '../../server/analysis/did.ts'
import { ebSmooth } from '../../server/analysis/eb.ts'
import { DEFAULT_WEIGHTS, percentileRank, pilotScores } from '../../server/analysis/pilot-score.ts'
import { tCdf, tQuantile } from '../../server/analysis/student-t.ts'
import { Rng } from '../../server/seed/prng.ts'

describe("Student's t", () => {
  it('matches printed tables', () => {
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228139, 5)
    expect(tQuantile(0.975, 49)).toBeCloseTo(2.009575, 5)
    expect(tQuantile(0.95, 3)).toBeCloseTo(2.353363, 5)
    expect(tCdf(0, 7)).toBeCloseTo(0.5, 12)
    expect(tCdf(1.959964, 1e6)).toBeCloseTo(0.975, 5)
  })
})

describe('empirical Bayes rates (Marshall global)', () => {
  it('matches a hand calculation and pulls small populations furthest', () => {
    const y = [0, 10, 50, 2],
      n = [100, 1000, 10000, 50]
    const r = ebSmooth(y, n)
    const m = 62 / 11150
    const raw = y.map((v, i) => v / n[i])
    const s2 = n.reduce((s, ni, i) => s + ni * (raw[i] - m) ** 2, 0) / 11150
    const a = Math.max(0, s2 - m / (11150 / 4))
    raw.forEach((ri, i) => {
      expect(r.rate[i]).toBeCloseTo(m + (a / (a + m / n[i])) * (ri - m), 12)
    })
    expect(r.mean).toBeCloseTo(m, 15)
    expect(r.weight[3]).toBeLessThan(r.weight[1]) // 50 people: shrunk most
    expect(Math.abs(r.rate[2] - raw[2])).toBeLessThan(Math.abs(r.rate[3] - raw[3]))
  })
  it('shrinks everything to the mean when the areas do not differ beyond chance', () => {
    const r = ebSmooth([10, 10, 10], [1000, 1000, 1000])
    expect([...r.rate]).toEqual([0.01, 0.01, 0.01])
  })
  it('leaves areas without population out', () => {
    const r = ebSmooth([1, 2], [0, 100])
    expect(Number.isNaN(r.rate[0])).toBe(true)
    expect(r.rate[1]).toBeCloseTo(0.02, 12)
  })
})

describe('difference in differences with matched controls', () => {
  it('gives the exact answer on a constructed case', () => {
    // Group 1: pilot 0 (pre 2, post 1); controls 1, 2 (pre 2.1 → 3.1, pre 5 → 6); k = 1 picks unit 1. Group 2: pilot 3 matched to 4.
    const r = differenceInDifferences({
      pre: [2, 2.1, 5, 1, 1],
      post: [1, 3.1, 6, 1.5, 1],
      population: [1000, 1000, 1000, 500, 500],
      group: [1, 1, 1, 2, 2],
      treated: [1, 0, 0, 1, 0],
      k: 1,
    })
    expect(r.pairs.map((p) => p.controls)).toEqual([[1], [4]])
    expect(r.pairs[0].diff).toBeCloseTo(-1 - 1, 12)
    expect(r.pairs[1].diff).toBeCloseTo(0.5 - 0, 12)
    expect(r.did).toBeCloseTo(-0.75, 12)
    expect(r.se).toBeCloseTo(Math.sqrt(((-2 + 0.75) ** 2 + (0.5 + 0.75) ** 2) / 1 / 2), 12)
    expect(r.ci_high - r.did).toBeCloseTo(tQuantile(0.975, 1) * r.se, 9)
  })
  it('never matches across groups, and reports pilots without a control', () => {
    const r = differenceInDifferences({ pre: [1, 1, 1], post: [1, 1, 1], population: [10, 10, 10], group: [1, 2, 2], treated: [1, 0, 0] })
    expect(r.unmatched).toEqual([0])
    expect(r.n_pilots).toBe(0)
  })
  it('recovers a simulated effect within its interval about 95% of the time', () => {
    const rng = new Rng(11)
    let covered = 0
    const runs = 200
    for (let run = 0; run < runs; run++) {
      const n = 400,
        effect = -0.8
      const pre: number[] = [],
        post: number[] = [],
        pop: number[] = [],
        group: number[] = [],
        treated: number[] = []
      for (let i = 0; i < n; i++) {
        const base = rng.uniform(1, 4),
          g = i % 4,
          trend = 0.3 * g
        const t = i < 60 ? 1 : 0
        pre.push(base + rng.normal(0, 0.5))
        post.push(base + trend + t * effect + rng.normal(0, 0.5))
        pop.push(500 + rng.int(3000))
        group.push(g)
        treated.push(t)
      }
      const r = differenceInDifferences({ pre, post, population: pop, group, treated, k: 3 })
      if (r.ci_low <= effect && effect <= r.ci_high) covered++
    }
    expect(covered / runs).toBeGreaterThan(0.88)
    expect(covered / runs).toBeLessThanOrEqual(1)
  })
})

describe('pilot priority index', () => {
  it('ranks by percentiles and the weighted mean of the terms', () => {
    expect([...percentileRank([5, 1, 5, 3])]).toEqual([5 / 6, 0, 5 / 6, 1 / 3])
    const { terms, score } = pilotScores(
      {
        ebRate: [1, 2, 3],
        trendZ: [-2, 1.5, 6],
        hotspot: [0, 0.5, 1],
        population: [10, 30, 20],
        distance: [0, 7500, 30000],
        safe: [true, false, false],
      },
      DEFAULT_WEIGHTS,
    )
    expect([...terms.trend]).toEqual([0, 0.5, 1])
    expect([...terms.distance]).toEqual([0, 0.5, 1])
    expect([...terms.safe]).toEqual([0, 1, 1])
    const w = DEFAULT_WEIGHTS,
      total = 9
    expect(score[1]).toBeCloseTo(
      (w.rate * 0.5 + w.trend * 0.5 + w.hotspot * 0.5 + w.population * 1 + w.distance * 0.5 + w.safe * 1) / total,
      12,
    )
    expect(score[2]).toBeGreaterThan(score[1])
    // Population alone reorders them.
    const only = pilotScores(
      { ebRate: [1, 2, 3], trendZ: [0, 0, 0], hotspot: [0, 0, 0], population: [10, 30, 20], distance: [0, 0, 0], safe: [1, 1, 1] },
      { rate: 0, trend: 0, hotspot: 0, population: 1, distance: 0, safe: 0 },
    )
    expect([...only.score]).toEqual([0, 1, 0.5])
  })
})

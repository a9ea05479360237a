import { describe, expect, it } from 'vitest'
import { coverCounts, coverSets } from '../../server/analysis/location/coverage.ts'
import { lscpGreedy, mclpGreedy } from '../../server/analysis/location/greedy.ts'
import { solveCoverMilp } from '../../server/analysis/location/milp.ts'
import { Rng } from '../../server/seed/prng.ts'

// Ten villages on a line 1 km apart; a post covers its own village and the next one each side (radius 1 km).
const X = Float64Array.from({ length: 10 }, (_, i) => i * 1000)
const Y = new Float64Array(10)
const W = Float64Array.from([5, 1, 1, 1, 10, 1, 1, 1, 1, 8]) // total 30
const line = () => ({ cover: coverSets(X, Y, X, Y, 1000), w: W })

describe('coverage sets', () => {
  it('lists the demand within the radius of each site (planar metres, radius inclusive)', () => {
    const c = coverSets(X, Y, X, Y, 1000)
    const sets = Array.from({ length: 10 }, (_, j) => [...c.items.slice(c.offsets[j], c.offsets[j + 1])].sort((a, b) => a - b))
    expect(sets[0]).toEqual([0, 1])
    expect(sets[4]).toEqual([3, 4, 5])
    expect(sets[9]).toEqual([8, 9])
    expect([...coverCounts(c, [4, 5])]).toEqual([0, 0, 0, 1, 2, 2, 1, 0, 0, 0])
  })
})

describe('MCLP, hand-checked optima', () => {
  it('K=2: a post at 3, 4 or 5 (12 each) and one at 8 cover 22 of 30 (greedy and HiGHS agree)', async () => {
    const g = mclpGreedy(line(), 2)
    expect(g.chosen[1]).toBe(8)
    expect([3, 4, 5]).toContain(g.chosen[0])
    expect(g.covered).toBe(22)
    expect(g.total).toBe(30)
    const e = await solveCoverMilp(line(), { problem: 'mclp', k: 2 })
    expect(e.status).toBe('Optimal')
    expect(e.objective).toBeCloseTo(22, 9)
    expect(e.chosen).toContain(8)
    expect(e.gap).toBeLessThan(1e-6)
  })

  it('keeps existing posts: with one at village 4, two more go to 8 and 1 (29 of 30)', async () => {
    const p = { ...line(), base: coverCounts(coverSets(X, Y, X, Y, 1000), [4]) }
    const g = mclpGreedy(p, 2)
    expect(g.before).toBe(12)
    expect(g.chosen).toEqual([1, 8])
    expect(g.covered).toBe(29)
    const e = await solveCoverMilp(p, { problem: 'mclp', k: 2 })
    expect(e.objective).toBeCloseTo(29, 9)
  })

  it('respects a budget per province: none east of village 4 leaves 4 and 1 (19)', async () => {
    const group = Int32Array.from({ length: 10 }, (_, i) => (i <= 4 ? 0 : 1))
    const p = { ...line(), group, budget: new Map([[1, 0]]) }
    const g = mclpGreedy(p, 2)
    expect(g.chosen).toEqual([1, 4])
    expect(g.covered).toBe(19)
    const e = await solveCoverMilp(p, { problem: 'mclp', k: 2 })
    expect(e.objective).toBeCloseTo(19, 9)
    expect(e.chosen.every((j) => j <= 4)).toBe(true)
  })

  it('the interchange step fixes a greedy trap', () => {
    // Site A covers the two heavy points in the middle; B and C each cover one heavy point and a side point.
    const dx = Float64Array.from([0, 1000, 2000, 3000]), dy = new Float64Array(4)
    const w = Float64Array.from([4, 6, 6, 4])
    const sx = Float64Array.from([1500, 500, 2500]), sy = new Float64Array(3)
    const p = { cover: coverSets(dx, dy, sx, sy, 600), w }
    expect(mclpGreedy(p, 2, { interchange: false }).covered).toBe(16) // A (12) then B (4)
    const g = mclpGreedy(p, 2)
    expect(g.covered).toBe(20) // B + C
    expect(g.chosen).toEqual([1, 2])
  })
})

describe('LSCP', () => {
  it('80% of the demand needs three posts; 100% needs four', async () => {
    const g = lscpGreedy(line(), 0.8)
    expect(g.chosen).toHaveLength(3)
    expect(g.covered).toBeGreaterThanOrEqual(24)
    const e = await solveCoverMilp(line(), { problem: 'lscp', fraction: 0.8 })
    expect(e.status).toBe('Optimal')
    expect(e.objective).toBe(3)
    expect((await solveCoverMilp(line(), { problem: 'lscp', fraction: 1 })).objective).toBe(4)
    const all = lscpGreedy(line(), 1)
    expect(all.feasible).toBe(true)
    expect(all.covered).toBe(30)
    expect(all.chosen.length).toBeGreaterThanOrEqual(4)
  })
})

/** A province-sized instance: 1,500 villages in clusters over 120 × 90 km, populations skewed. */
function province(seed: number, n = 1500) {
  const r = new Rng(seed)
  const centres = Array.from({ length: 25 }, () => [r.uniform(0, 120_000), r.uniform(0, 90_000)])
  const x = new Float64Array(n), y = new Float64Array(n), w = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const [cx, cy] = centres[r.int(centres.length)]
    x[i] = cx + r.normal(0, 6000); y[i] = cy + r.normal(0, 6000)
    w[i] = Math.round(Math.exp(r.normal(6, 0.7)))
  }
  return { x, y, w }
}

describe('greedy against HiGHS on province-sized instances', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 1,500 villages, K = 25, 3 km: greedy reaches at least 98% of the optimum`, async () => {
      const v = province(seed)
      const p = { cover: coverSets(v.x, v.y, v.x, v.y, 3000), w: v.w }
      const g = mclpGreedy(p, 25)
      const e = await solveCoverMilp(p, { problem: 'mclp', k: 25 }, { timeLimitS: 60 })
      expect(['Optimal', 'timeLimit']).toContain(e.status)
      // Against the proven bound when the time ran out, so the claim holds either way.
      const best = e.status === 'Optimal' ? e.objective : e.bound
      console.log(`[location] seed ${seed}: greedy ${g.covered} in ${g.ms.toFixed(0)} ms (${g.passes} passes), HiGHS ${e.status} ${e.objective} bound ${e.bound} in ${e.ms.toFixed(0)} ms: ${(100 * g.covered / best).toFixed(2)}%`)
      expect(g.covered / best).toBeGreaterThanOrEqual(0.98)
      expect(g.covered).toBeLessThanOrEqual(e.bound + 1e-6)
    }, 120_000)
  }
})

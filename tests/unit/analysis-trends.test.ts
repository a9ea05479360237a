import { describe, expect, it } from 'vitest'
import { classifyEhsa, emergingHotSpots } from '../../server/analysis/ehsa.ts'
import { bhThreshold, confidenceBins } from '../../server/analysis/fdr.ts'
import { giStar } from '../../server/analysis/gistar.ts'
import { mannKendall } from '../../server/analysis/mann-kendall.ts'
import { distanceBand, type Weights } from '../../server/analysis/weights.ts'

describe('Mann–Kendall, worked by hand', () => {
  it('a strictly rising series: S = 10, Var = 5·4·15/18, z = 9/√Var', () => {
    const r = mannKendall([1, 2, 3, 4, 5])
    expect(r.s).toBe(10)
    expect(r.variance).toBeCloseTo(50 / 3, 12)
    expect(r.z).toBeCloseTo(9 / Math.sqrt(50 / 3), 12)
    expect(r.p).toBeCloseTo(0.02749, 4)
    expect(r.tau).toBe(1)
  })
  it('ties: [1, 1, 2, 2] has S = 4 and Var = (156 − 36)/18', () => {
    const r = mannKendall([1, 1, 2, 2])
    expect(r.s).toBe(4)
    expect(r.variance).toBeCloseTo(120 / 18, 12)
    expect(r.z).toBeCloseTo(3 / Math.sqrt(120 / 18), 12)
  })
  it('a falling series is negative, a flat one is 0 with p = 1', () => {
    expect(mannKendall([5, 4, 3, 2, 1]).z).toBeCloseTo(-9 / Math.sqrt(50 / 3), 12)
    expect(mannKendall([2, 2, 2, 2])).toMatchObject({ s: 0, z: 0, p: 1 })
  })
})

describe('false discovery rate', () => {
  it('Benjamini–Hochberg threshold on a worked list', () => {
    const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]
    expect(bhThreshold(p, 0.05)).toBe(0.008) // 0.039 > 3/8·0.05
    expect(bhThreshold([0.2, 0.3], 0.05)).toBe(0)
  })
  it('bins are ±3/±2/±1 at 99/95/90%, and FDR only demotes them', () => {
    const z = [3, -2.2, 1.7, 0.5, -3.5],
      p = [0.0027, 0.0278, 0.0891, 0.617, 0.000465]
    expect(Array.from(confidenceBins(z, p))).toEqual([3, -2, 1, 0, -3])
    const f = Array.from(confidenceBins(z, p, true))
    f.forEach((b, i) => {
      expect(Math.abs(b)).toBeLessThanOrEqual(Math.abs([3, -2, 1, 0, -3][i]))
      expect(Math.sign(b) * Math.sign(z[i])).toBeGreaterThanOrEqual(0)
    })
    expect(f[4]).toBe(-3)
  })
})

describe('emerging hot spot categories (Esri rules), worked by hand', () => {
  const none = { z: 0, p: 1 },
    up = { z: 3, p: 0.001 },
    down = { z: -3, p: 0.001 }
  const s = (str: string) => Array.from(str, (c) => (c === '+' ? 1 : c === '-' ? -1 : 0))
  const cases: [string, { z: number; p: number }, string][] = [
    ['.........+', none, 'new hot spot'],
    ['.......+++', none, 'consecutive hot spot'],
    ['.+......++', none, 'sporadic hot spot'], // a run at the end, but hot before it
    ['.+..+...+.', none, 'no pattern detected'], // not hot at the end, hot less than 90%
    ['-.+.....++', none, 'oscillating hot spot'],
    ['-........+', none, 'new hot spot'], // never hot before: new wins (Esri's table order)
    ['++++++++++', up, 'intensifying hot spot'],
    ['++++++++++', down, 'diminishing hot spot'],
    ['++++++++++', none, 'persistent hot spot'],
    ['++++.+++++', none, 'persistent hot spot'], // 90% hot, hot at the end
    ['+++++++++.', none, 'historical hot spot'],
    ['.........-', none, 'new cold spot'],
    ['........--', none, 'consecutive cold spot'],
    ['-.......--', none, 'sporadic cold spot'],
    ['+..-....--', none, 'oscillating cold spot'],
    ['+.......--', none, 'consecutive cold spot'], // consecutive comes before oscillating in the table
    ['----------', down, 'intensifying cold spot'],
    ['----------', up, 'diminishing cold spot'],
    ['----------', none, 'persistent cold spot'],
    ['---------.', none, 'historical cold spot'],
    ['..........', none, 'no pattern detected'],
  ]
  it.each(cases)('%s (trend z %o) → %s', (series, trend, want) => {
    expect(classifyEhsa(s(series), trend)).toBe(want)
  })
})

describe('space-time Gi*', () => {
  // A 6 × 6 lattice of locations 1 km apart, 12 months; location 14 and its neighbours heat up in the last 3 months.
  const n = 36,
    T = 12
  const x = Float64Array.from({ length: n }, (_, i) => (i % 6) * 1000)
  const y = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 6) * 1000)
  const w = distanceBand(x, y, 1500)
  const values = new Float64Array(n * T)
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) values[i * T + t] = 3 + ((i * 7 + t * 3) % 5) // noise 3..7
  const hot = [14, 13, 15, 8, 20]
  for (const i of hot) for (let t = 9; t < T; t++) values[i * T + t] += 25

  it('equals plain Gi* on the explicit space-time neighbourhood (k = 1)', () => {
    const lists: number[][] = []
    for (let i = 0; i < n; i++)
      for (let t = 0; t < T; t++) {
        const nb: number[] = []
        const locs = [i, ...Array.from(w.neighbors.subarray(w.offsets[i], w.offsets[i + 1]))]
        for (const j of locs) for (let s = Math.max(0, t - 1); s <= t; s++) if (!(j === i && s === t)) nb.push(j * T + s)
        lists.push(nb.sort((a, b) => a - b))
      }
    const offsets = new Uint32Array(n * T + 1)
    lists.forEach((l, q) => {
      offsets[q + 1] = offsets[q] + l.length
    })
    const full: Weights = {
      n: n * T,
      offsets,
      neighbors: Uint32Array.from(lists.flat()),
      weights: new Float64Array(offsets[n * T]).fill(1),
      style: 'binary',
      islands: [],
    }
    const want = giStar(values, full).z
    const got = emergingHotSpots(values, T, w, { k: 1 }).z
    for (let q = 0; q < n * T; q++) expect(Math.abs(got[q] - want[q])).toBeLessThan(1e-12)
  })

  it('calls the heated cells new or consecutive hot spots and leaves quiet corners alone', () => {
    const r = emergingHotSpots(values, T, w, { k: 1 })
    expect(r.category[14]).toBe('consecutive hot spot')
    expect(r.trendZ[14]).toBeGreaterThan(0)
    expect(r.category[0]).toBe('no pattern detected')
    expect(r.category[35]).toBe('no pattern detected')
  })
})

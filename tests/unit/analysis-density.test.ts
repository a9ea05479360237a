import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultBandwidth, kernelDensity } from '../../server/analysis/kde.ts'
import { optimizedHotSpots } from '../../server/analysis/optimized.ts'
import { Rng } from '../../server/seed/prng.ts'

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0)

describe('kernel density', () => {
  it('each kernel integrates to one (per km² × cell area)', () => {
    const q = kernelDensity([5000], [5000], { bandwidth: 1000, cell: 10 })
    expect((sum(q.values) * (q.cell * q.cell)) / 1e6).toBeCloseTo(1, 3)
    const g = kernelDensity([5000], [5000], { bandwidth: 300, cell: 10, kernel: 'gaussian' })
    expect((sum(g.values) * (g.cell * g.cell)) / 1e6).toBeCloseTo(1 - Math.exp(-8), 3) // truncated at 4σ
  })

  it('peaks at 3/(πh²) under a single point (quartic)', () => {
    const q = kernelDensity([0], [0], { bandwidth: 1000, cell: 10, bbox: [-5, -5, 5, 5] })
    expect(q.cols * q.rows).toBe(1)
    expect(q.values[0]).toBeCloseTo(3 / Math.PI, 12) // the cell centre is the point: 3/(π·1 km²)
  })

  it('equals a brute-force sum over points for every cell', () => {
    const rng = new Rng(3)
    const n = 300
    const x = Float64Array.from({ length: n }, () => rng.uniform(0, 5000)),
      y = Float64Array.from({ length: n }, () => rng.uniform(0, 3000))
    const w = Float64Array.from({ length: n }, () => 1 + rng.int(3))
    for (const kernel of ['quartic', 'gaussian'] as const) {
      const h = 400
      const grid = kernelDensity(x, y, { bandwidth: h, cell: 100, kernel, weights: w, bbox: [0, 0, 5000, 3000] })
      let worst = 0
      for (let r = 0; r < grid.rows; r++)
        for (let c = 0; c < grid.cols; c++) {
          const cx = grid.x0 + (c + 0.5) * grid.cell,
            cy = grid.y0 + (r + 0.5) * grid.cell
          let d = 0
          for (let i = 0; i < n; i++) {
            const u2 = ((x[i] - cx) ** 2 + (y[i] - cy) ** 2) / (h * h)
            if (kernel === 'quartic') d += u2 < 1 ? w[i] * (3 / (Math.PI * h * h)) * (1 - u2) ** 2 : 0
            else d += u2 < 16 ? (w[i] * Math.exp(-u2 / 2)) / (2 * Math.PI * h * h) : 0
          }
          worst = Math.max(worst, Math.abs(d * 1e6 - grid.values[r * grid.cols + c]))
        }
      expect(worst, kernel).toBeLessThan(1e-9)
    }
  })

  it("chooses Esri's default bandwidth: 0.9 · min(SD, √(1/ln2) · Dm) · n^−0.2", () => {
    expect(defaultBandwidth([1, -1, 0, 0], [0, 0, 1, -1])).toBeCloseTo(0.9 * 1 * 4 ** -0.2, 12)
    expect(() => defaultBandwidth([1], [1])).toThrow(/two points/)
  })

  it('rejects bad parameters', () => {
    expect(() => kernelDensity([0], [0], { bandwidth: 0, cell: 10 })).toThrow(RangeError)
    expect(() => kernelDensity([0, 1e7], [0, 1e7], { bandwidth: 100, cell: 1 })).toThrow(/too large/)
  })
})

describe('optimized hot spot analysis', () => {
  const rows = readFileSync(path.join(import.meta.dirname, '../fixtures/spdep/points.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
  const x = Float64Array.from(rows, (r) => Number(r[1])),
    y = Float64Array.from(rows, (r) => Number(r[2])),
    v = Float64Array.from(rows, (r) => Number(r[3]))

  it('picks a band from the incremental autocorrelation profile and finds the planted hot spot', () => {
    const r = optimizedHotSpots(x, y, v)
    expect(r.k).toBe(25) // 5% of 500
    expect(r.profile).toHaveLength(10)
    expect(r.profile.map((p) => p.distance)).toContain(r.band)
    if (r.bandRule.startsWith('first peak')) {
      const i = r.profile.findIndex((p) => p.distance === r.band)
      expect(r.profile[i].z).toBeGreaterThan(r.profile[i - 1].z)
      expect(r.profile[i].z).toBeGreaterThan(r.profile[i + 1].z)
    }
    // The hot spot was planted at (6000, 14000); the 99% hot bins sit around it.
    const hot = [...r.bin.keys()].filter((i) => r.bin[i] === 3)
    expect(hot.length).toBeGreaterThan(5)
    const mx = hot.reduce((s, i) => s + x[i], 0) / hot.length,
      my = hot.reduce((s, i) => s + y[i], 0) / hot.length
    expect(Math.hypot(mx - 6000, my - 14000)).toBeLessThan(2500)
  })

  it('needs at least 30 units', () => {
    expect(() => optimizedHotSpots(x.slice(0, 10), y.slice(0, 10), v.slice(0, 10))).toThrow(/30/)
  })
})

describe('kernel density on worker threads', () => {
  it('equals the single-thread grid', async () => {
    const { kernelDensityParallel } = await import('../../server/compute/kde-parallel.ts')
    const rng = new Rng(11)
    const n = 250_000
    const x = Float64Array.from({ length: n }, () => rng.normal() * 3000 + 10000),
      y = Float64Array.from({ length: n }, () => rng.normal() * 3000 + 10000)
    const opts = { bandwidth: 600, cell: 200, bbox: [0, 0, 20000, 20000] as [number, number, number, number] }
    const one = kernelDensity(x, y, opts)
    const par = await kernelDensityParallel(x, y, opts, 2)
    let worst = 0
    for (let i = 0; i < one.values.length; i++)
      worst = Math.max(worst, Math.abs(one.values[i] - par.values[i]) / Math.max(1, one.values[i]))
    expect(worst).toBeLessThan(1e-9)
  })
})

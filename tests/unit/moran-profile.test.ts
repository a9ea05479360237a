import { describe, expect, it } from 'vitest'
import { globalMoran } from '../../server/analysis/moran.ts'
import { moranProfile } from '../../server/analysis/moran-profile.ts'
import { distanceBand } from '../../server/analysis/weights.ts'

describe('Moran profile over increasing bands', () => {
  it('equals globalMoran on each distance band, pairs found once', () => {
    let s = 7
    const r = () => (s = (s * 16807) % 2147483647) / 2147483647
    const n = 600
    const x = Float64Array.from({ length: n }, () => r() * 50_000),
      y = Float64Array.from({ length: n }, () => r() * 30_000)
    // Clustered values, so I is far from its expectation.
    const v = Float64Array.from({ length: n }, (_, i) =>
      Math.round(10 * Math.exp(-((x[i] - 20_000) ** 2 + (y[i] - 15_000) ** 2) / 1e8) + r() * 3),
    )
    const bands = [1500, 2200, 2900, 3600, 4300, 5000, 5700, 6400, 7100, 7800]
    const fast = moranProfile(x, y, v, bands)
    bands.forEach((d, b) => {
      const ref = globalMoran(v, distanceBand(x, y, d))
      expect(fast[b].I).toBeCloseTo(ref.I, 12)
      expect(fast[b].variance).toBeCloseTo(ref.variance, 12)
      expect(fast[b].z).toBeCloseTo(ref.z, 9)
    })
    expect(fast[5].z).toBeGreaterThan(3)
  })
})

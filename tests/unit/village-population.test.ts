import { describe, expect, it } from 'vitest'
import { estimateVillagePopulation } from '../../server/domain/village-population.ts'

describe('village population estimate', () => {
  it('shares a commune by households, adding up exactly', () => {
    const out = estimateVillagePopulation(
      [
        { code: 'a', commune_code: 'c', households_est: 100 },
        { code: 'b', commune_code: 'c', households_est: 300 },
      ],
      new Map([['c', 1001]]),
    )
    expect(out).toEqual([
      { code: 'a', population_est: 250, method: 'households' },
      { code: 'b', population_est: 751, method: 'households' },
    ])
  })

  it('lets the mean of known households stand in for unknown ones', () => {
    const out = estimateVillagePopulation(
      [
        { code: 'a', commune_code: 'c', households_est: 100 },
        { code: 'b', commune_code: 'c', households_est: 300 },
        { code: 'x', commune_code: 'c', households_est: null },
      ],
      new Map([['c', 600]]),
    )
    expect(out.map((v) => v.population_est)).toEqual([100, 300, 200])
    expect(out[2].method).toBe('mean_households')
  })

  it('shares equally when no village has households, and gives null without a commune population', () => {
    const out = estimateVillagePopulation(
      [
        { code: 'a', commune_code: 'c', households_est: null },
        { code: 'b', commune_code: 'c', households_est: null },
        { code: 'z', commune_code: 'd', households_est: 50 },
      ],
      new Map<string, number | null>([
        ['c', 7],
        ['d', null],
      ]),
    )
    expect(out).toEqual([
      { code: 'a', population_est: 4, method: 'equal_share' },
      { code: 'b', population_est: 3, method: 'equal_share' },
      { code: 'z', population_est: null, method: 'none' },
    ])
  })
})

/**
 * Village population is not published. We share each commune's 2011 population among its
 * villages: by households_est where every village has it, with the mean of the known ones
 * standing in for the unknown where only some do, and equally where none do.
 */
export type PopulationMethod = 'households' | 'mean_households' | 'equal_share' | 'none'

export interface VillageShareInput {
  code: string
  commune_code: string
  households_est: number | null
}
export interface VillageShare {
  code: string
  population_est: number | null
  method: PopulationMethod
}

export function estimateVillagePopulation(
  villages: VillageShareInput[],
  communePopulation: ReadonlyMap<string, number | null>,
): VillageShare[] {
  const byCommune = new Map<string, VillageShareInput[]>()
  for (const v of villages) {
    const list = byCommune.get(v.commune_code)
    if (list) list.push(v)
    else byCommune.set(v.commune_code, [v])
  }
  const out: VillageShare[] = []
  for (const [commune, list] of byCommune) {
    const pop = communePopulation.get(commune) ?? null
    if (pop == null || pop <= 0) {
      for (const v of list) out.push({ code: v.code, population_est: null, method: 'none' })
      continue
    }
    const known = list.filter((v) => v.households_est != null && v.households_est > 0)
    const mean = known.length ? known.reduce((s, v) => s + v.households_est!, 0) / known.length : 1
    const weights = list.map((v) => (v.households_est != null && v.households_est > 0 ? v.households_est : mean))
    const total = weights.reduce((s, w) => s + w, 0)
    const shares = largestRemainder(
      weights.map((w) => (pop * w) / total),
      pop,
    )
    list.forEach((v, i) => {
      const method: PopulationMethod =
        known.length === 0 ? 'equal_share' : v.households_est != null && v.households_est > 0 ? 'households' : 'mean_households'
      out.push({ code: v.code, population_est: shares[i], method })
    })
  }
  return out
}

/** Rounds shares to integers that still add up to total exactly. */
function largestRemainder(values: number[], total: number): number[] {
  const floors = values.map(Math.floor)
  let rest = total - floors.reduce((s, v) => s + v, 0)
  const order = values.map((v, i) => [v - floors[i], i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0; rest > 0 && k < order.length; k++, rest--) floors[order[k][1]]++
  return floors
}

import { z } from 'zod'

/** One row of GET /api/stats/areas; counts under k are null and `suppressed` for viewers. */
export const areaStat = z.strictObject({
  code: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  parent_code: z.string().nullable(),
  population: z.number().nullable(),
  population_complete: z.boolean(),
  has_geometry: z.boolean(),
  covered_by: z.string().nullable(),
  count: z.number().int().nullable().meta({ description: 'null when suppressed (1 to k-1 incidents, viewers)' }),
  rate_per_1000: z.number().nullable(),
  by_criterion: z.record(z.string(), z.number().int().nullable()),
  suppressed: z.boolean(),
  suppressed_criteria: z.array(z.string()),
})
export const areaStats = z.array(areaStat)
export type AreaStat = z.infer<typeof areaStat>

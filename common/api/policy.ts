import { z } from 'zod'
import { PERIOD_TYPES, type PeriodType } from '../periods.ts'

const count5 = z.record(z.string(), z.number().int().nullable())
const bool5 = z.record(z.string(), z.boolean())

export const periodTypeSchema = z.enum(PERIOD_TYPES as unknown as [PeriodType, ...PeriodType[]])
/** A reporting period: type, year, index (null for a year), its local dates and labels. */
export const periodSchema = z.strictObject({
  type: periodTypeSchema,
  year: z.number().int(),
  index: z.number().int().nullable(),
  from: z.string(),
  to: z.string(),
  months: z.number().int(),
  label_en: z.string(),
  label_km: z.string(),
})
export type ApiPeriod = z.infer<typeof periodSchema>
/** A period in a list, and whether the data cover it from its first to its last day (common/periods.ts isComplete). */
export const listedPeriodSchema = periodSchema.extend({
  complete: z.boolean().meta({ description: 'the data cover the period from its first to its last day' }),
})
export type ListedPeriod = z.infer<typeof listedPeriodSchema>
/** The first and last days of the incidents the caller may see (null without any). */
const dataCoverSchema = z.strictObject({ from: z.string().nullable(), to: z.string().nullable() })

/** ?period=&year=&index= as the web writes it (index: month 1–12, quarter 1–4, semester 1–2; none for a year). */
export const periodQuery = z.object({
  period: periodTypeSchema,
  year: z.coerce.number().int('year is a whole number').min(1990, 'year runs from 1990').max(2100, 'year runs to 2100'),
  index: z.coerce.number().int('index is a whole number').min(1, 'index starts at 1').max(12, 'index is at most 12').optional(),
})
export type PeriodQuery = z.input<typeof periodQuery>

/** GET /api/safety: safe status of each village or commune in the period. */
export const safetyRow = z.strictObject({
  code: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  parent_code: z.string().nullable(),
  province_code: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  population: z.number().nullable(),
  population_estimated: z.boolean(),
  counts: count5,
  pass: bool5,
  safe: z.boolean(),
})
export const safetyResponse = z.strictObject({
  period: listedPeriodSchema,
  data: dataCoverSchema,
  level: z.enum(['commune', 'village']),
  thresholds: z.array(z.number()),
  rows: z.array(safetyRow),
  summary: z.strictObject({ areas: z.number(), safe: z.number(), share: z.number().nullable() }),
})
export type SafetyRow = z.infer<typeof safetyRow>
export type SafetyResponse = z.infer<typeof safetyResponse>

/** GET /api/safety/trend: count and share of safe units per group and period. */
export const safetyTrendResponse = z.strictObject({
  level: z.enum(['commune', 'village']),
  thresholds: z.array(z.number()),
  periods: z.array(listedPeriodSchema),
  data: dataCoverSchema,
  groups: z.array(
    z.strictObject({
      code: z.string(),
      name_en: z.string(),
      name_km: z.string().nullable(),
      areas: z.number(),
      safe: z.array(z.number()),
      share: z.array(z.number().nullable()),
    }),
  ),
  total: z.strictObject({ areas: z.number(), safe: z.array(z.number()), share: z.array(z.number().nullable()) }),
})
export type SafetyTrendResponse = z.infer<typeof safetyTrendResponse>

const unitTally = {
  safe_communes: z.number().int(),
  communes: z.number().int(),
  safe_villages: z.number().int(),
  villages: z.number().int(),
  forums_held_communes: z.number().int(),
}
/** One row of the Ministry's report: a child area (code null: incidents no child holds). */
export const reportRow = z.strictObject({
  code: z.string().nullable().meta({ description: 'null for incidents no child area holds' }),
  name_en: z.string(),
  name_km: z.string().nullable(),
  population: z.number().nullable(),
  counts: count5,
  total: z.number().int().nullable(),
  previous_total: z.number().int().nullable(),
  rate_per_1000: z.number().nullable(),
  change: z.number().int().nullable(),
  change_pct: z.number().nullable(),
  safe: z.boolean(),
  forum_held: z.boolean(),
  suppressed: z.boolean(),
  ...unitTally,
})
/** GET /api/reports (format=json). */
export const reportResponse = z.strictObject({
  period: periodSchema.extend({ previous: periodSchema, data_to: z.string().nullable(), complete: z.boolean() }),
  synthetic: z.boolean(),
  area: z.strictObject({ code: z.string(), name_en: z.string(), name_km: z.string().nullable() }).nullable(),
  level: z.enum(['province', 'district', 'commune', 'village']),
  thresholds: z.array(z.number()),
  rows: z.array(reportRow),
  total: z.strictObject({
    counts: count5,
    total: z.number().int().nullable(),
    previous_total: z.number().int().nullable(),
    change: z.number().int().nullable(),
    change_pct: z.number().nullable(),
    population: z.number(),
    rate_per_1000: z.number().nullable(),
    ...unitTally,
  }),
})
export type ReportRow = z.infer<typeof reportRow>
export type ReportResponse = z.infer<typeof reportResponse>

/** One commune of GET /api/ranking. */
export const rankingRow = z.strictObject({
  code: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  province_code: z.string(),
  province_en: z.string(),
  province_km: z.string().nullable(),
  population: z.number().nullable(),
  count: z.number().int().nullable(),
  previous_count: z.number().int().nullable(),
  rate: z.number().nullable(),
  previous_rate: z.number().nullable(),
  eb_rate: z.number().nullable(),
  eb_previous_rate: z.number().nullable(),
  improvement: z.number().nullable(),
  rank: z.number().int(),
  of: z.number().int(),
  outstanding: z.boolean(),
})
export const rankingResponse = z.strictObject({
  method: z.string(),
  method_km: z.string().describe('the method note in Khmer'),
  period: periodSchema.extend({ complete: z.boolean() }),
  previous: periodSchema,
  data_to: z.string().nullable(),
  synthetic: z.boolean(),
  prior: z.strictObject({
    now: z.number().nullable(),
    previous: z.number().nullable(),
    between_area_variance_now: z.number(),
    between_area_variance_previous: z.number(),
  }),
  left_out_without_population: z.number().int(),
  rows: z.array(rankingRow),
})
export type RankingRow = z.infer<typeof rankingRow>
export type RankingResponse = z.infer<typeof rankingResponse>

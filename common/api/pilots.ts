import { z } from 'zod'
import { periodSchema } from './policy.ts'

const num = z.number().nullable()
/** The district an area lies in, to tell apart areas of the same name. */
const district = { district_name_en: z.string().nullable(), district_name_km: z.string().nullable() }
export const scoreTerms = ['rate', 'trend', 'hotspot', 'population', 'distance', 'safe'] as const
const termNumbers = z.strictObject(
  Object.fromEntries(scoreTerms.map((k) => [k, z.number()])) as Record<(typeof scoreTerms)[number], z.ZodNumber>,
)

/** One candidate of GET /api/pilots/scores. */
export const pilotScoreRow = z.strictObject({
  rank: z.number().int(),
  code: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  ...district,
  parent_code: z.string().nullable(),
  province_code: z.string(),
  lon: num,
  lat: num,
  population: num,
  population_estimated: z.boolean(),
  count: num,
  rate_per_1000: num,
  eb_rate_per_1000: num,
  trend_z: num,
  trend_p: num,
  hotspot_z: num,
  hotspot: z.boolean(),
  emerging: z.string().nullable(),
  distance_post_m: num,
  safe: z.boolean(),
  terms: z.strictObject(Object.fromEntries(scoreTerms.map((k) => [k, num])) as Record<(typeof scoreTerms)[number], typeof num>),
  score: num,
})
export const pilotScoresResponse = z.strictObject({
  level: z.enum(['village', 'commune']),
  area: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  safe_quarter: periodSchema,
  weights: termNumbers,
  units: z.number().int(),
  terms: z.array(z.strictObject({ key: z.string(), label_en: z.string(), label_km: z.string(), description: z.string() })),
  method: z.string(),
  method_km: z.string().describe('the method note in Khmer'),
  took_ms: z.number(),
  rows: z.array(pilotScoreRow),
})
export type PilotScoreRow = z.infer<typeof pilotScoreRow>
export type PilotScoresResponse = z.infer<typeof pilotScoresResponse>

/** A saved pilot plan and its areas. */
export const pilotPlan = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  level: z.enum(['village', 'commune']),
  start_date: z.string(),
  rationale: z.string(),
  author: z.string(),
  synthetic: z.boolean(),
  created_by: z.number().int().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  areas: z.array(
    z.strictObject({ code: z.string(), name_en: z.string(), name_km: z.string().nullable(), ...district, lon: num, lat: num }),
  ),
})
export const pilotPlans = z.array(pilotPlan)
export type PilotPlan = z.infer<typeof pilotPlan>

const pairRates = { code: z.string(), name_en: z.string(), name_km: z.string().nullable(), ...district, pre_rate: num, post_rate: num }
/** GET /api/pilots/plans/{id}/evaluation: difference in differences against matched controls (rates null for a viewer). */
export const pilotEvaluation = z.strictObject({
  plan: z.strictObject({
    id: z.number().int(),
    name: z.string(),
    level: z.enum(['village', 'commune']),
    start_date: z.string(),
    synthetic: z.boolean(),
  }),
  pre: z.strictObject({ from: z.string(), to: z.string(), months: z.number().int() }),
  post: z.strictObject({ from: z.string(), to: z.string(), months: z.number().int() }),
  unit: z.string(),
  method: z.string(),
  method_km: z.string().describe('the method note in Khmer'),
  n_pilots: z.number().int(),
  n_controls: z.number().int(),
  unmatched: z.array(z.string()),
  estimate: z.strictObject({ did: num, se: num, ci_low: num, ci_high: num, level: z.number(), df: z.number(), p: num, relative: num }),
  means: z.strictObject({ pilot_pre: num, pilot_post: num, control_pre: num, control_post: num }),
  balance: z.record(z.string(), num),
  pairs: z.array(z.strictObject({ ...pairRates, controls: z.array(z.strictObject(pairRates)) })),
  series: z.array(z.strictObject({ month: z.string(), pilots: num, controls: num })),
  planted: z.strictObject({ reduction: z.number(), removed: z.number(), att: num }).nullable(),
})
export type PilotEvaluation = z.infer<typeof pilotEvaluation>

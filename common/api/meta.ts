import { z } from 'zod'

export const criterionSchema = z.strictObject({
  id: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  en: z.string(),
  km: z.string(),
  color: z.string(),
  subtypes: z.array(z.strictObject({ code: z.string(), en: z.string(), km: z.string() })),
})
export type ApiCriterion = z.infer<typeof criterionSchema>

/** GET /api/meta: attribution, the criteria and the span of the incidents the caller may see. */
export const metaResponse = z.strictObject({
  attribution: z.array(z.string()),
  synthetic: z.boolean(),
  incidents: z.number().int(),
  synthetic_incidents: z.number().int(),
  time_range: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }),
  criteria: z.array(criterionSchema),
  version: z.string(),
})
export type MetaResponse = z.infer<typeof metaResponse>

export const healthResponse = z.strictObject({ ok: z.boolean(), engine: z.enum(['pglite', 'postgres']) })
export type HealthResponse = z.infer<typeof healthResponse>

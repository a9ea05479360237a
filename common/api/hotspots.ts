import { z } from 'zod'
import { maskingSchema } from './density.ts'
import { geometry } from './geojson.ts'

const num = z.number().nullable()
/** The method, its parameters and weights, echoed so a result can be reproduced; keys depend on the method. */
export const hotspotMeta = z.strictObject({
  method: z.enum(['gistar', 'localmoran', 'optimized', 'ehsa']),
  unit: z.enum(['hex', 'square', 'commune', 'village']),
  /** The region analysed: the requested area (else the officer's area), or the whole country. */
  scope: z.union([z.literal('national'), z.strictObject({ code: z.string(), name_en: z.string(), name_km: z.string().nullable() })]),
  size: z.number().nullable(),
  size_rule: z.string().nullable(),
  rate: z.boolean(),
  n: z.number().int(),
  excluded_without_population: z.number().int(),
  criteria: z.array(z.number().int()),
  from: z.string().nullable(),
  to: z.string().nullable(),
  alpha: z.number(),
  masking: maskingSchema.optional(),
  // viewers: every figure comes from published cells
  suppression_k: z.number().int().optional(),
  protected: z.boolean().optional(),
  disclosure: z.string().optional(),
  withheld_value: z.number().optional(),
  // the weights and the method's own parameters
  weights: z.string(),
  weights_spec: z.record(z.string(), z.unknown()),
  islands: z.array(z.string()).optional(),
  fdr: z.boolean().optional(),
  permutations: z.number().int().optional(),
  seed: z.number().int().optional(),
  band: z.number().optional(),
  band_rule: z.string().optional(),
  band_rule_code: z.string().optional(),
  k: z.number().optional(),
  profile: z.array(z.strictObject({ distance: z.number(), z: z.number() })).optional(),
  step: z.enum(['month', 'quarter']).optional(),
  steps: z.array(z.string()).optional(),
  time_neighbors: z.number().int().optional(),
  categories: z.array(z.string()).optional(),
  took_ms: z.number(),
})
export type HotspotMeta = z.infer<typeof hotspotMeta>

/** One unit: its figures and the statistic's columns (Gi*: z, p, bin; local Moran: I, z, p_sim, quadrant; EHSA: category, trends). */
export const hotspotProperties = z.strictObject({
  code: z.string(),
  name_en: z.string().optional(),
  name_km: z.string().nullable().optional(),
  place_en: z.string().optional(),
  place_km: z.string().nullable().optional(),
  count: z.number().nullable(),
  suppressed: z.boolean().optional(),
  population: num,
  rate: num,
  z: num.optional(),
  p: num.optional(),
  bin: num.optional(),
  I: num.optional(),
  p_sim: num.optional(),
  quadrant: z.string().nullable().optional(),
  category: z.string().nullable().optional(),
  trend_z: num.optional(),
  trend_p: num.optional(),
  z_last: num.optional(),
})
export type HotspotProperties = z.infer<typeof hotspotProperties>

/** GET /api/hotspots (no format): the analysis units as GeoJSON with `meta`. */
export const hotspotsResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  meta: hotspotMeta,
  features: z.array(z.strictObject({ type: z.literal('Feature'), id: z.string(), geometry, properties: hotspotProperties })),
})
export type HotspotsResponse = z.infer<typeof hotspotsResponse>

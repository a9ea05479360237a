import { z } from 'zod'
import { geometry, lonLat } from './geojson.ts'

/** An analyst's masking rules applied to a surface (criteria moved to village points, floors). */
export const maskingSchema = z.strictObject({
  criteria: z.array(z.number().int()),
  location: z.string(),
  min_bandwidth_m: z.number(),
  min_cell_m: z.number(),
  min_window_days: z.number(),
})
export type Masking = z.infer<typeof maskingSchema>

/** The x-density-meta header of GET /api/density (and the meta of its contours). */
export const densityMeta = z.strictObject({
  bandwidth: z.number(),
  bandwidth_rule: z.string(),
  bandwidth_rule_code: z.enum(['given', 'esri', 'floor']),
  cell: z.number(),
  kernel: z.enum(['quartic', 'gaussian']),
  masked_to_villages: z.boolean(),
  masking: maskingSchema.nullable(),
  unit: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  incidents: z.number(),
  protected: z.boolean().optional(),
  withheld_value: z.number().optional(),
  max: z.number(),
  scale_max: z.number(),
  corners: z.array(lonLat),
  took_ms: z.number(),
})
export type DensityMeta = z.infer<typeof densityMeta>

/** GET /api/density?format=contours: filled contour bands. */
export const contoursResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  meta: densityMeta,
  features: z.array(
    z.strictObject({ type: z.literal('Feature'), properties: z.strictObject({ value: z.number(), unit: z.string() }), geometry }),
  ),
})
export type ContoursResponse = z.infer<typeof contoursResponse>

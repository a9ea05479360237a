import { z } from 'zod'
import { pointGeometry } from './geojson.ts'

/** An incident as the caller may see it (masked: moved to its village point, no description). */
export const incidentProperties = z.strictObject({
  id: z.number().int(),
  external_id: z.string(),
  criterion: z.number().int(),
  subtype: z.string(),
  occurred_at: z.string(),
  village_code: z.string().nullable(),
  commune_code: z.string().nullable(),
  precision: z.string(),
  source: z.string(),
  description: z.string().nullable(),
  synthetic: z.boolean(),
  masked: z.boolean(),
})
export const incidentFeature = z.strictObject({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: pointGeometry,
  properties: incidentProperties,
})
/** GET /api/incidents: one page; next_cursor fetches the next. */
export const incidentsPage = z.strictObject({
  type: z.literal('FeatureCollection'),
  next_cursor: z.string().nullable(),
  features: z.array(incidentFeature),
})
export type IncidentsPage = z.infer<typeof incidentsPage>
export type IncidentProperties = z.infer<typeof incidentProperties>

/** GET /api/incidents/points: [lon, lat, criterion] for heat maps and clusters. */
export const pointsResponse = z.strictObject({
  count: z.number().int(),
  truncated: z.boolean(),
  points: z.array(z.tuple([z.number(), z.number(), z.number()])),
})
export type PointsResponse = z.infer<typeof pointsResponse>

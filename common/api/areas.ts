import { z } from 'zod'
import { bbox, byCriterion, pointGeometry } from './geojson.ts'

/** An area's incident figures: for a viewer, published cells (null and `suppressed` when withheld). */
export const areaFigures = z.strictObject({
  count: z.number().int().nullable(),
  by_criterion: byCriterion,
  suppressed: z.boolean(),
  suppressed_criteria: z.array(z.string()),
  rate_per_1000: z.number().nullable(),
})
export const ancestor = z.strictObject({ code: z.string(), level: z.string(), name_en: z.string(), name_km: z.string().nullable() })

const areaBase = {
  code: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  parent_code: z.string().nullable(),
  has_geometry: z.boolean(),
  population: z.number().nullable(),
  population_estimated: z.boolean(),
  bbox: bbox.nullable(),
  children_count: z.number().int(),
  ancestors: z.array(ancestor),
  incidents: areaFigures,
}
/** A province, district or commune. */
export const areaInfo = z.strictObject({
  ...areaBase,
  level: z.string().meta({ description: 'province, district or commune' }),
  type_en: z.string().nullable(),
  type_km: z.string().nullable(),
  population_complete: z.boolean(),
  covered_by: z.string().nullable(),
})
/** A village (its population is an estimate). */
export const villageFields = {
  code: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  commune_code: z.string(),
  district_code: z.string(),
  province_code: z.string(),
  code_status: z.string(),
  has_geometry: z.boolean(),
  households_est: z.number().nullable(),
  population_est: z.number().nullable(),
  population_method: z.string(),
}
export const villageInfo = z.strictObject({
  ...areaBase,
  ...villageFields,
  level: z.literal('village'),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
})
/** GET /api/areas/{code}. */
export const areaDetails = z.union([areaInfo, villageInfo])
export type AreaDetails = z.infer<typeof areaDetails>
export type AreaFigures = z.infer<typeof areaFigures>

/** GET /api/search: places by English or Khmer name. */
export const searchHit = z.strictObject({
  code: z.string(),
  level: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  parent_names_en: z.string(),
  parent_names_km: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  bbox: bbox.nullable(),
})
export const searchResponse = z.array(searchHit)
export type SearchHit = z.infer<typeof searchHit>

/** GET /api/villages: village points in a bbox. */
export const villagesResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  truncated: z.boolean(),
  features: z.array(
    z.strictObject({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: pointGeometry,
      properties: z.strictObject({ ...villageFields, population_estimated: z.literal(true) }),
    }),
  ),
})
export type VillagesResponse = z.infer<typeof villagesResponse>

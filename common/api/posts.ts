import { z } from 'zod'
import { geometry } from './geojson.ts'

const num = z.number().nullable()
const byCrit = z.record(z.string(), num)
const radii = z.strictObject({ commune_post: z.number(), district_station: z.number(), provincial_hq: z.number() })
export const coverageMethod = z.strictObject({
  distances: z.string(),
  load: z.string(),
  radius_m: radii,
  population: z.string(),
  coverage: z.string().describe('the definition of covered (common/posts.ts)'),
  backup: z.string(),
})
const perOfficer = z.strictObject({ population: z.number(), villages: z.number(), incidents: byCrit }).nullable()
/** A district station's or provincial HQ's backing-up load: the sum of the commune posts of its district or province. */
const backupLoad = z
  .strictObject({
    posts: z.number().int(),
    population: z.number(),
    villages: z.number().int(),
    incidents: byCrit,
    per_officer: perOfficer,
  })
  .nullable()
/** A post's load: population, villages and incidents (by criterion and total; null when withheld) in its service area. */
export const postLoad = z.strictObject({
  id: z.number().int(),
  code: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  post_type: z.string(),
  staff: z.number().int(),
  commune_code: z.string().nullable(),
  synthetic: z.boolean(),
  lon: z.number(),
  lat: z.number(),
  radius_m: z.number(),
  population_served: z.number(),
  villages: z.number().int(),
  incidents: byCrit,
  per_officer: perOfficer,
  load_basis: z
    .enum(['nearest', 'backup'])
    .describe('nearest: villages nearest to this commune post; backup: a district station or provincial HQ, no nearest-post load'),
  backup: backupLoad,
})
const areaCoverage = z.strictObject({
  code: z.string(),
  population: z.number(),
  covered: z.number(),
  share: num,
  villages: z.number().int(),
  villages_covered: z.number().int(),
})
/** GET /api/posts/coverage. */
export const coverageResponse = z.strictObject({
  method: coverageMethod,
  totals: z.strictObject({
    posts: z.number().int(),
    staff: z.number().int(),
    population: z.number().describe('estimated population of the villages with a point (method.population)'),
    population_basis: z.literal('villages_with_point_estimated'),
    covered: z.number(),
    share: num,
    villages: z.number().int(),
    villages_covered: z.number().int(),
  }),
  posts: z.array(postLoad),
  gaps: z.strictObject({
    villages: z.number().int(),
    population: z.number(),
    list: z.array(
      z.strictObject({
        code: z.string(),
        lon: z.number(),
        lat: z.number(),
        name_en: z.string(),
        name_km: z.string().nullable(),
        commune_code: z.string(),
        population: z.number(),
        population_estimated: z.boolean(),
        nearest_post_m: num,
      }),
    ),
  }),
  communes: z.array(areaCoverage),
  provinces: z.array(areaCoverage),
  synthetic_posts: z.boolean(),
  took_ms: z.number(),
})
export type PostLoad = z.infer<typeof postLoad>
export type CoverageResponse = z.infer<typeof coverageResponse>

/** GET /api/posts/service-areas: nearest-post cells with each post's load. */
export const serviceAreaProperties = postLoad.pick({
  id: true,
  code: true,
  name_en: true,
  name_km: true,
  post_type: true,
  staff: true,
  population_served: true,
  villages: true,
  incidents: true,
  per_officer: true,
  synthetic: true,
})
export const serviceAreasResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  method: coverageMethod,
  features: z.array(z.strictObject({ type: z.literal('Feature'), id: z.number().int(), geometry, properties: serviceAreaProperties })),
})
export type ServiceAreasResponse = z.infer<typeof serviceAreasResponse>

/** POST /api/posts/evaluate: covered population with the existing posts, and with the proposed ones added. */
export const evaluateResponse = z.strictObject({
  population: z.number(),
  villages: z.number().int(),
  radius_m: z.number(),
  existing_radius_m: radii,
  coverage: z.string(),
  covered_before: z.number(),
  covered_after: z.number(),
  villages_covered_before: z.number().int(),
  villages_covered_after: z.number().int(),
})
export type EvaluateResponse = z.infer<typeof evaluateResponse>

/** POST /api/posts/optimize (202): the job to poll. */
export const optimizeAccepted = z.strictObject({ job: z.string(), url: z.string() })
export type OptimizeAccepted = z.infer<typeof optimizeAccepted>

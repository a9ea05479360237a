import { createRoute, z } from '@hono/zod-openapi'
import { coverageResponse, serviceAreasResponse } from '../../common/api/posts.ts'
import { voronoiCells } from '../db/queries/coverage-data.ts'
import { coverage } from '../services/coverage.ts'
import { areaCodeParam, dateParam, errorSchema, orderedDates, named } from './params.ts'
import { router, type Deps } from './deps.ts'
import { jsonText } from './json-text.ts'

const radius = (name: string, def: number) =>
  z.coerce
    .number()
    .min(100, `${name} is at least 100 m`)
    .max(100_000, `${name} is at most 100 km`)
    .optional()
    .openapi({ description: `service radius in metres (default ${def})` })
const query = orderedDates(
  z.object({
    area: areaCodeParam.optional(),
    from: dateParam.optional(),
    to: dateParam.optional(),
    radius_commune_post: radius('radius_commune_post', 5000),
    radius_district_station: radius('radius_district_station', 10_000),
    radius_provincial_hq: radius('radius_provincial_hq', 15_000),
    gaps: z.coerce
      .number()
      .int()
      .min(0)
      .max(20_000)
      .default(500)
      .openapi({ description: 'how many uncovered villages to list (largest first)' }),
  }),
)
const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } })

const cov = createRoute({
  method: 'get',
  path: '/posts/coverage',
  request: { query },
  responses: {
    200: {
      description:
        'Coverage totals (method.coverage; population: villages with a point, estimated), load per post (population, villages, incidents by criterion, per officer; commune posts take nearest-post load, district stations and provincial HQs a backup load), uncovered villages, coverage per commune and province',
      content: { 'application/json': { schema: named(coverageResponse, 'Coverage') } },
    },
    400: err('Bad input'),
  },
})
const areas = createRoute({
  method: 'get',
  path: '/posts/service-areas',
  request: { query },
  responses: {
    200: {
      description: "Nearest-post service areas (Voronoi cells clipped to Cambodia or the area) with each post's load",
      content: { 'application/geo+json': { schema: named(serviceAreasResponse, 'ServiceAreas') } },
    },
    400: err('Bad input'),
  },
})

const radii = (q: z.infer<typeof query>) => ({
  ...(q.radius_commune_post ? { commune_post: q.radius_commune_post } : {}),
  ...(q.radius_district_station ? { district_station: q.radius_district_station } : {}),
  ...(q.radius_provincial_hq ? { provincial_hq: q.radius_provincial_hq } : {}),
})

export function coverageRoutes({ db }: Deps) {
  return router()
    .openapi(cov, async (c) => {
      const q = c.req.valid('query')
      return c.json(await coverage(db, { ...q, access: c.get('access'), radius: radii(q) }), 200)
    })
    .openapi(areas, async (c) => {
      const q = c.req.valid('query')
      const access = c.get('access')
      const r = await coverage(db, { ...q, access, radius: radii(q), gaps: 0 })
      // The cells of the posts that take nearest-post load (district stations and HQs back them up).
      const cells = await voronoiCells(
        db,
        r.posts.filter((p) => p.load_basis === 'nearest').map((p) => p.id),
        q.area ?? access.scope ?? undefined,
      )
      const byId = new Map(r.posts.map((p) => [p.id, p]))
      const features = cells.map((cell) => {
        const p = byId.get(cell.id)!
        return `{"type":"Feature","id":${cell.id},"geometry":${cell.geometry},"properties":${JSON.stringify({
          id: p.id,
          code: p.code,
          name_en: p.name_en,
          name_km: p.name_km,
          post_type: p.post_type,
          staff: p.staff,
          population_served: p.population_served,
          villages: p.villages,
          incidents: p.incidents,
          per_officer: p.per_officer,
          synthetic: p.synthetic,
        })}}`
      })
      const text = `{"type":"FeatureCollection","method":${JSON.stringify(r.method)},"features":[${features.join(',')}]}`
      return jsonText<z.infer<typeof serviceAreasResponse>>(c, text, { 'content-type': 'application/geo+json' })
    })
}

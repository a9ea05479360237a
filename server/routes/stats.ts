import { createRoute, z } from '@hono/zod-openapi'
import { ratePer1000, statsByArea } from '../db/queries/stats.ts'
import { areaCodeParam, byCriterion, errorSchema, filterQuery, levelParam, orderedDates } from './params.ts'
import { router, type Deps } from './deps.ts'

const row = z.object({
  code: z.string(), name_en: z.string(), name_km: z.string().nullable(), parent_code: z.string().nullable(),
  population: z.number().nullable(), population_complete: z.boolean(), has_geometry: z.boolean(), covered_by: z.string().nullable(),
  count: z.number().int(), rate_per_1000: z.number().nullable(), by_criterion: byCriterion,
}).openapi('AreaStat')

const route = createRoute({
  method: 'get', path: '/stats/areas',
  request: { query: orderedDates(filterQuery.omit({ area: true }).extend({ level: levelParam, parent: areaCodeParam.optional() })) },
  responses: {
    200: { description: 'Incident counts and rates per 1,000 people, one row per area of the level', content: { 'application/json': { schema: z.array(row) } } },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function statsRoutes({ db }: Deps) {
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query')
    const rows = await statsByArea(db, q.level, q)
    return c.json(rows.map((r) => ({ ...r, rate_per_1000: ratePer1000(r.count, r.population) })), 200)
  })
}

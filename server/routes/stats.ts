import { createRoute, z } from '@hono/zod-openapi'
import { ratePer1000, statsByArea } from '../db/queries/stats.ts'
import { suppressRow } from '../domain/suppression.ts'
import { areaCodeParam, errorSchema, filterQuery, levelParam, orderedDates } from './params.ts'
import { router, type Deps } from './deps.ts'

const row = z.object({
  code: z.string(), name_en: z.string(), name_km: z.string().nullable(), parent_code: z.string().nullable(),
  population: z.number().nullable(), population_complete: z.boolean(), has_geometry: z.boolean(), covered_by: z.string().nullable(),
  count: z.number().int().nullable().openapi({ description: 'null when suppressed (1 to k-1 incidents, viewers)' }),
  rate_per_1000: z.number().nullable(), by_criterion: z.record(z.string(), z.number().int().nullable()),
  suppressed: z.boolean(), suppressed_criteria: z.array(z.string()),
}).openapi('AreaStat')

const route = createRoute({
  method: 'get', path: '/stats/areas',
  request: { query: orderedDates(filterQuery.omit({ area: true }).extend({ level: levelParam, parent: areaCodeParam.optional() })) },
  responses: {
    200: { description: 'Incident counts and rates per 1,000 people, one row per area of the level inside your scope; for viewers, counts under k are null and suppressed', content: { 'application/json': { schema: z.array(row) } } },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function statsRoutes({ db }: Deps) {
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query')
    const access = c.get('access')
    const rows = await statsByArea(db, q.level, { ...q, access })
    return c.json(rows.map((r) => {
      const s = suppressRow(r, access.k)
      return { ...r, ...s, rate_per_1000: s.count == null ? null : ratePer1000(r.count, r.population) }
    }), 200)
  })
}

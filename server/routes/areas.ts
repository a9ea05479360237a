import { createRoute, z } from '@hono/zod-openapi'
import { areaDetails } from '../../common/api/areas.ts'
import { areasGeoJson, getAncestors, getArea, getVillage } from '../db/queries/areas.ts'
import { incidentTotal } from '../db/queries/policy-units.ts'
import { ratePer1000 } from '../db/queries/stats.ts'
import { areaCodeParam, errorSchema, featureCollection, filterQuery, levelParam, orderedDates, named } from './params.ts'
import { figureOf } from '../domain/suppression.ts'
import { router, type Deps } from './deps.ts'
import { jsonText } from './json-text.ts'

const list = createRoute({
  method: 'get',
  path: '/areas',
  request: { query: z.object({ level: levelParam, parent: areaCodeParam.optional() }) },
  responses: {
    200: {
      description: 'Area polygons (simplified for the map) as GeoJSON',
      content: { 'application/geo+json': { schema: featureCollection } },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

const one = createRoute({
  method: 'get',
  path: '/areas/{code}',
  request: {
    params: z.object({ code: areaCodeParam }),
    query: orderedDates(filterQuery.omit({ area: true })),
  },
  responses: {
    200: {
      description: 'One area (or village) with its figures',
      content: { 'application/json': { schema: named(areaDetails, 'AreaDetails') } },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
    404: { description: 'No such area', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function areasRoutes({ db }: Deps) {
  // The geography does not change while the app runs: cache each layer's GeoJSON text.
  const cache = new Map<string, Promise<string>>()
  return router()
    .openapi(list, async (c) => {
      const { level, parent } = c.req.valid('query')
      const key = `${level}:${parent ?? ''}`
      let body = cache.get(key)
      if (!body) {
        body = areasGeoJson(db, level, parent)
        cache.set(key, body)
        body.catch(() => cache.delete(key))
      }
      return jsonText<z.infer<typeof featureCollection>>(c, await body, {
        'content-type': 'application/geo+json',
        'cache-control': 'private, max-age=3600',
      })
    })
    .openapi(one, async (c) => {
      const { code } = c.req.valid('param')
      const f = c.req.valid('query')
      const access = c.get('access')
      // Published cells for a viewer (the same cell as that area's row in /api/stats/areas).
      const sup = figureOf(await incidentTotal(db, { ...f, area: code, access }))
      const figures = (population: number | null) => ({
        count: sup.count,
        by_criterion: sup.by_criterion,
        suppressed: sup.suppressed,
        suppressed_criteria: sup.suppressed_criteria,
        rate_per_1000: sup.count == null ? null : ratePer1000(sup.count, population),
      })
      const ancestors = await getAncestors(db, code)
      if (code.length === 8) {
        const v = await getVillage(db, code)
        if (!v) return c.json({ error: `no village with code ${code}` }, 404)
        const bbox: [number, number, number, number] | null = v.lon == null || v.lat == null ? null : [v.lon, v.lat, v.lon, v.lat]
        return c.json(
          {
            ...v,
            level: 'village' as const,
            parent_code: v.commune_code,
            population: v.population_est,
            population_estimated: true,
            bbox,
            ancestors,
            children_count: 0,
            incidents: figures(v.population_est),
          },
          200,
        )
      }
      const a = await getArea(db, code)
      if (!a) return c.json({ error: `no area with code ${code}` }, 404)
      return c.json({ ...a, population_estimated: false, ancestors, incidents: figures(a.population) }, 200)
    })
}

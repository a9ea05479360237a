import { createRoute, z } from '@hono/zod-openapi'
import { searchPlaces, villagesInBbox } from '../db/queries/areas.ts'
import { nameKey } from '../domain/names.ts'
import { areaCodeParam, bboxParam, errorSchema, featureCollection } from './params.ts'
import { router, type Deps } from './deps.ts'

const MAX_VILLAGES = 20000

const villages = createRoute({
  method: 'get',
  path: '/villages',
  request: { query: z.object({ bbox: bboxParam, commune: areaCodeParam.optional() }) },
  responses: {
    200: {
      description: 'Village points; population is an estimate (see README)',
      content: { 'application/geo+json': { schema: featureCollection } },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

const search = createRoute({
  method: 'get',
  path: '/search',
  request: {
    query: z.object({
      q: z.string().trim().min(1, 'enter at least one character').max(100, 'at most 100 characters'),
      limit: z.coerce.number().int().min(1).max(50).default(10),
    }),
  },
  responses: {
    200: {
      description: 'Places matching an English or Khmer name, tolerant of case, spacing and romanisation',
      content: { 'application/json': { schema: z.array(z.any()) } },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function villageRoutes({ db }: Deps) {
  return router()
    .openapi(villages, async (c) => {
      const { bbox, commune } = c.req.valid('query')
      const { rows, truncated } = await villagesInBbox(db, bbox, commune, MAX_VILLAGES)
      return c.json(
        {
          type: 'FeatureCollection' as const,
          truncated,
          features: rows.map(({ lon, lat, ...p }) => ({
            type: 'Feature',
            id: p.code,
            geometry: { type: 'Point', coordinates: [lon, lat] },
            properties: { ...p, population_estimated: true },
          })),
        },
        200,
        { 'content-type': 'application/geo+json' },
      )
    })
    .openapi(search, async (c) => {
      const { q, limit } = c.req.valid('query')
      const key = nameKey(q)
      if (!key) return c.json([], 200)
      return c.json(await searchPlaces(db, key, limit, c.get('access').scope), 200)
    })
}

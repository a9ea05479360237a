import { createRoute, z } from '@hono/zod-openapi'
import { hotspots } from '../services/hotspots.ts'
import { HttpError } from './errors.ts'
import { errorSchema, featureCollection, filterQuery, orderedDates } from './params.ts'
import { router, type Deps } from './deps.ts'

const bool = z.enum(['true', 'false']).transform((s) => s === 'true')

const query = orderedDates(filterQuery.omit({ area: true }).extend({
  method: z.enum(['gistar', 'localmoran', 'optimized', 'ehsa']).default('gistar'),
  unit: z.enum(['hex', 'square', 'commune', 'village']).default('hex'),
  size: z.coerce.number().min(500, 'size is at least 500 m').max(100_000, 'size is at most 100 km').optional()
    .openapi({ description: 'Grid cell size in metres (hexagon edge or square side), for unit=hex|square; default 5000, or chosen from the incidents for method=optimized' }),
  band: z.coerce.number().min(100, 'band is at least 100 m').max(300_000, 'band is at most 300 km').optional(),
  knn: z.coerce.number().int().min(1).max(50).optional(),
  rate: bool.default(false).openapi({ type: 'string', description: 'analyse incidents per 1,000 people (units without population are left out)' }),
  fdr: bool.default(false).openapi({ type: 'string' }),
  permutations: z.coerce.number().int().min(99).max(9999).default(999),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(1),
  alpha: z.coerce.number().gt(0).lt(0.5).default(0.05),
  step: z.enum(['month', 'quarter']).default('month'),
}).refine((q) => q.band == null || q.knn == null, { message: 'give band or knn, not both', path: ['knn'] }))

const route = createRoute({
  method: 'get', path: '/hotspots',
  request: { query },
  responses: {
    200: { description: 'Analysis units as GeoJSON with count, rate, statistic, z, p and bin or class; `meta` gives the method, parameters, n, seed, time taken and islands', content: { 'application/geo+json': { schema: featureCollection } } },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
    422: { description: 'Too few units or time steps for the method', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function hotspotRoutes({ db }: Deps) {
  // Results are cached by their parameters and the state of the incidents table.
  const cache = new Map<string, Promise<string>>()
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query')
    const [{ n, last }] = await db.query<{ n: number; last: number | null }>('SELECT count(*)::int AS n, max(id)::bigint AS last FROM incidents')
    const access = c.get('access')
    const key = JSON.stringify({ ...q, n, last, access })
    let body = cache.get(key)
    if (!body) {
      body = hotspots(db, { ...q, filters: { from: q.from, to: q.to, criteria: q.criteria, access } })
      cache.set(key, body)
      body.catch(() => cache.delete(key))
      if (cache.size > 24) cache.delete(cache.keys().next().value!)
    }
    try {
      return c.body(await body, 200, { 'content-type': 'application/geo+json' }) as any
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(422, e.message, 'unit')
      throw e
    }
  })
}

import { createRoute, z } from '@hono/zod-openapi'
import { densityContours, densityGrid, densityPng, densityTiff } from '../services/density.ts'
import { audit } from '../auth/audit.ts'
import { HttpError } from './errors.ts'
import { errorSchema, filterQuery, orderedDates } from './params.ts'
import { router, type Deps } from './deps.ts'

const query = orderedDates(filterQuery.omit({ area: true }).extend({
  bandwidth: z.coerce.number().min(200, 'bandwidth is at least 200 m').max(200_000, 'bandwidth is at most 200 km').optional()
    .openapi({ description: "Kernel radius in metres (quartic) or σ (Gaussian); default: Esri's rule" }),
  cell: z.coerce.number().min(100, 'cell is at least 100 m').max(20_000, 'cell is at most 20 km').default(1000),
  kernel: z.enum(['quartic', 'gaussian']).default('quartic'),
  per: z.enum(['area', 'population']).default('area').openapi({ description: 'density per km², or incidents per 1,000 people' }),
  format: z.enum(['png', 'geotiff', 'contours']).default('png'),
  levels: z.coerce.number().int().min(2).max(20).default(8),
}))

const route = createRoute({
  method: 'get', path: '/density',
  request: { query },
  responses: {
    200: { description: 'Kernel density in UTM 48N: a PNG (corners and scale in the x-density-meta header), a float32 GeoTIFF, or GeoJSON contours', content: {
      'image/png': { schema: z.string().openapi({ format: 'binary' }) }, 'image/tiff': { schema: z.string().openapi({ format: 'binary' }) },
      'application/geo+json': { schema: z.object({}).passthrough() } } },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
    422: { description: 'Nothing to smooth, or too many cells', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function densityRoutes({ db }: Deps) {
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query')
    try {
      const { grid, meta } = await densityGrid(db, { ...q, filters: { from: q.from, to: q.to, criteria: q.criteria, access: c.get('access') } })
      if (q.format === 'contours') return c.body(densityContours(grid, meta, q.levels), 200, { 'content-type': 'application/geo+json' }) as any
      if (q.format === 'geotiff') {
        await audit(c, db, { action: 'export', entity: 'density', summary: { ...q, incidents: meta.incidents, bandwidth: meta.bandwidth } })
        return c.body(densityTiff(grid) as any, 200, { 'content-type': 'image/tiff', 'content-disposition': 'attachment; filename="density.tif"', 'x-density-meta': JSON.stringify(meta) }) as any
      }
      return c.body(new Uint8Array(densityPng(grid, meta.scale_max)) as any, 200, { 'content-type': 'image/png', 'x-density-meta': JSON.stringify(meta), 'access-control-expose-headers': 'x-density-meta' }) as any
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(422, e.message, e.message.includes('cell') ? 'cell' : 'criteria')
      throw e
    }
  })
}

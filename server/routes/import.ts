import { createRoute, z } from '@hono/zod-openapi'
import { importIncidents, ImportFileError } from '../import/index.ts'
import { errorSchema } from './params.ts'
import { HttpError, validationError } from './errors.ts'
import { router, type Deps } from './deps.ts'

const sourceParam = z.string().trim().min(1, 'source must not be empty').max(100, 'source is at most 100 characters')
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

const route = createRoute({
  method: 'post', path: '/incidents/import',
  request: {
    query: z.object({ source: sourceParam.optional() }),
    body: { required: true, content: {
      'text/csv': { schema: z.string().openapi({ description: 'external_id,occurred_at,criterion,subtype,lon,lat,village_code,village_name,description' }) },
      'application/geo+json': { schema: z.object({ type: z.literal('FeatureCollection') }).passthrough() },
    } },
  },
  responses: {
    200: { description: 'Good rows inserted; every bad row reported', content: { 'application/json': { schema: z.object({
      inserted: z.number().int(), duplicates: z.number().int(),
      errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })) }) } } },
    400: { description: 'The file cannot be parsed at all; nothing was written', content: { 'application/json': { schema: errorSchema } } },
    413: { description: 'Body too large', content: { 'application/json': { schema: errorSchema } } },
    415: { description: 'Unsupported content type', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function importRoutes({ db }: Deps) {
  // The body is parsed here, not by the validator, so that a broken file gets our 400 that names the problem.
  const r = router()
  r.openAPIRegistry.registerPath(route)
  return r.post(route.path, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase()
    if (!['text/csv', 'application/geo+json', 'application/json'].includes(type)) {
      throw new HttpError(415, `content-type must be text/csv or application/geo+json, not '${type || 'none'}'`, 'content-type')
    }
    const length = Number(c.req.header('content-length') ?? 0)
    if (length > MAX_IMPORT_BYTES) throw new HttpError(413, `body is larger than ${MAX_IMPORT_BYTES} bytes`, 'body')
    const body = await c.req.text()
    if (Buffer.byteLength(body) > MAX_IMPORT_BYTES) throw new HttpError(413, `body is larger than ${MAX_IMPORT_BYTES} bytes`, 'body')
    const query = z.object({ source: sourceParam.optional() }).safeParse(c.req.query())
    if (!query.success) return validationError(c, query.error, 'query')
    const { source } = query.data
    try {
      return c.json(await importIncidents(db, body, type, { source }), 200)
    } catch (e) {
      if (e instanceof ImportFileError) throw new HttpError(400, e.message, e.field)
      throw e
    }
  })
}

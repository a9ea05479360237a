import { createRoute, z } from '@hono/zod-openapi'
import { audit } from '../auth/audit.ts'
import { listImports } from '../db/queries/import-stage.ts'
import { importIncidents, ImportFileError, MAX_ERRORS } from '../import/index.ts'
import { MAX_CSV_BYTES, MAX_GEOJSON_BYTES } from '../body-limits.ts'
import { errorSchema } from './params.ts'
import { HttpError, validationError } from './errors.ts'
import { router, type Deps } from './deps.ts'

const sourceParam = z.string().trim().min(1, 'source must not be empty').max(100, 'source is at most 100 characters')
// The caps live in body-limits.ts (the gate refuses an over-long Content-Length before reading and cuts a longer
// stream); the checks below repeat them for a route reached without the gate.
export { MAX_CSV_BYTES, MAX_GEOJSON_BYTES }

const route = createRoute({
  method: 'post',
  path: '/incidents/import',
  request: {
    query: z.object({ source: sourceParam.optional() }),
    body: {
      required: true,
      content: {
        'text/csv': {
          schema: z
            .string()
            .openapi({ description: 'external_id,occurred_at,criterion,subtype,lon,lat,village_code,village_name,description' }),
        },
        'application/geo+json': { schema: z.object({ type: z.literal('FeatureCollection') }).passthrough() },
      },
    },
  },
  responses: {
    200: {
      description: `Good rows inserted; bad rows reported (the first ${MAX_ERRORS}, errors_total counts all)`,
      content: {
        'application/json': {
          schema: z.object({
            import_id: z.number().int(),
            rows: z.number().int(),
            inserted: z.number().int(),
            duplicates: z.number().int(),
            errors_total: z.number().int(),
            errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
          }),
        },
      },
    },
    400: { description: 'The file cannot be parsed at all; nothing was written', content: { 'application/json': { schema: errorSchema } } },
    413: { description: 'Body too large; nothing was written', content: { 'application/json': { schema: errorSchema } } },
    415: { description: 'Unsupported content type', content: { 'application/json': { schema: errorSchema } } },
  },
})

const list = createRoute({
  method: 'get',
  path: '/imports',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }) },
  responses: {
    200: {
      description: 'Recent imports with their progress (an officer sees their own)',
      content: { 'application/json': { schema: z.array(z.object({}).passthrough()) } },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

/** The request body as text chunks, refusing more than `max` bytes as it streams. */
async function* textChunks(body: ReadableStream<Uint8Array> | null, max: number): AsyncGenerator<string> {
  if (!body) return
  const decoder = new TextDecoder('utf-8')
  let bytes = 0
  const reader = body.getReader()
  let done = false
  try {
    for (;;) {
      const r = await reader.read()
      if (r.done) break
      bytes += r.value.byteLength
      if (bytes > max) throw new HttpError(413, `body is larger than ${max} bytes`, 'body')
      yield decoder.decode(r.value, { stream: true })
    }
    done = true
  } finally {
    // Left early (too large, or the import failed): the rest of the upload is not wanted.
    if (!done) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
  const tail = decoder.decode()
  if (tail) yield tail
}

export function importRoutes({ db }: Deps) {
  // The body is read here, not by the validator, so that it streams and a broken file gets our 400 naming the problem.
  const r = router()
  r.openAPIRegistry.registerPath(route)
  r.openapi(list, async (c) => {
    const actor = c.get('actor')!
    const rows = await listImports(db, { limit: c.req.valid('query').limit, username: actor.role === 'admin' ? undefined : actor.username })
    return c.json(
      rows.map((r: ImportTimes) => ({
        ...r,
        started_at: iso(r.started_at),
        heartbeat_at: iso(r.heartbeat_at),
        finished_at: iso(r.finished_at),
      })),
      200,
    )
  })
  r.post(route.path, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase()
    if (!['text/csv', 'application/geo+json', 'application/json'].includes(type)) {
      throw new HttpError(415, `content-type must be text/csv or application/geo+json, not '${type || 'none'}'`, 'content-type')
    }
    const max = type === 'text/csv' ? MAX_CSV_BYTES : MAX_GEOJSON_BYTES
    const length = Number(c.req.header('content-length') ?? 0)
    if (length > max) throw new HttpError(413, `body is larger than ${max} bytes`, 'body')
    const query = z.object({ source: sourceParam.optional() }).safeParse(c.req.query())
    if (!query.success) return validationError(c, query.error, 'query')
    const actor = c.get('actor')!
    try {
      const res = await importIncidents(db, textChunks(c.req.raw.body, max), type, {
        source: query.data.source,
        user: actor,
        scope: actor.scope,
        onCommit: (q, r) =>
          audit(c, q, {
            action: 'import',
            entity: 'incident',
            entity_id: r.import_id,
            summary: { ...r, source: query.data.source ?? 'import', content_type: type },
          }),
      })
      return c.json(res, 200)
    } catch (e) {
      if (e instanceof ImportFileError) throw new HttpError(400, e.message, e.field)
      throw e
    }
  })
  return r
}
type ImportTimes = { started_at: unknown; heartbeat_at: unknown; finished_at: unknown }
const iso = (d: unknown) => (d == null ? null : new Date(d as string).toISOString())

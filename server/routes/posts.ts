import { createRoute, z } from '@hono/zod-openapi'
import { audit } from '../auth/audit.ts'
import { deletePost, getPost, insertPostRows, listPosts, POST_TYPES, updatePost, type PostRow } from '../db/queries/posts.ts'
import { ImportFileError, parseCsv, parseGeoJson } from '../import/parse.ts'
import { checkPost, placePosts, POST_COLUMNS } from '../import/posts.ts'
import { HttpError } from './errors.ts'
import { areaCodeParam, bboxParam, errorSchema, featureCollection } from './params.ts'
import { router, type Deps } from './deps.ts'

const MAX_POST_FILE = 5 * 1024 * 1024
const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }),
})
const fields = {
  code: z.string().regex(/^[A-Za-z0-9._-]{1,60}$/, 'code is 1-60 letters, digits, dot, dash or underscore'),
  name_en: z.string().trim().min(1, 'name_en is required').max(200),
  name_km: z.string().trim().max(200).nullable(),
  post_type: z.enum(POST_TYPES),
  staff: z.number().int().min(0).max(10_000),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
}
const createBody = z.object(fields).partial({ name_km: true, staff: true }).strict()
const patchBody = z
  .object(fields)
  .omit({ code: true })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change', path: ['body'] })
const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } })
const geo = (d: string) => ({ description: d, content: { 'application/geo+json': { schema: z.object({}).passthrough() } } })

const list = createRoute({
  method: 'get',
  path: '/posts',
  request: { query: z.object({ bbox: bboxParam.optional(), area: areaCodeParam.optional(), type: z.enum(POST_TYPES).optional() }) },
  responses: {
    200: {
      description: 'Police posts (synthetic in the demo) as GeoJSON points',
      content: { 'application/geo+json': { schema: featureCollection } },
    },
    400: err('Bad input'),
  },
})
const one = createRoute({
  method: 'get',
  path: '/posts/{id}',
  request: { params: idParam },
  responses: { 200: geo('One post'), 404: err('No such post in your area') },
})
const create = createRoute({
  method: 'post',
  path: '/posts',
  request: { body: { required: true, content: { 'application/json': { schema: createBody } } } },
  responses: {
    201: geo('Created; its commune is found from the point'),
    400: err('Bad input'),
    403: err('Outside your area'),
    409: err('Code taken'),
  },
})
const update = createRoute({
  method: 'patch',
  path: '/posts/{id}',
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchBody } } } },
  responses: { 200: geo('Updated'), 400: err('Bad input'), 403: err('Outside your area'), 404: err('No such post in your area') },
})
const remove = createRoute({
  method: 'delete',
  path: '/posts/{id}',
  request: { params: idParam },
  responses: {
    200: { description: 'Deleted', content: { 'application/json': { schema: z.object({ deleted: z.number().int() }) } } },
    404: err('No such post in your area'),
  },
})
const importRoute = createRoute({
  method: 'post',
  path: '/posts/import',
  request: {
    body: {
      required: true,
      content: {
        'text/csv': { schema: z.string().openapi({ description: 'code,name_en,name_km,post_type,staff,lon,lat' }) },
        'application/geo+json': { schema: z.object({}).passthrough() },
      },
    },
  },
  responses: {
    200: {
      description: 'Good rows inserted; bad rows reported',
      content: {
        'application/json': {
          schema: z.object({
            inserted: z.number().int(),
            duplicates: z.number().int(),
            errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
          }),
        },
      },
    },
    400: err('Unparseable file'),
    413: err('Too large'),
    415: err('Wrong content type'),
  },
})

export const postFeature = (p: PostRow) => ({
  type: 'Feature' as const,
  id: p.id,
  geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
  properties: {
    id: p.id,
    code: p.code,
    name_en: p.name_en,
    name_km: p.name_km,
    post_type: p.post_type,
    staff: p.staff,
    commune_code: p.commune_code,
    synthetic: p.synthetic,
  },
})

export function postRoutes({ db }: Deps) {
  const r = router()
  const visible = async (id: number, access: Parameters<typeof getPost>[2]) => {
    const p = await getPost(db, id, access)
    if (!p) throw new HttpError(404, `no post ${id} in your area`, 'id')
    return p
  }
  const place = async (post: Parameters<typeof placePosts>[1][number], scope: string | null) => {
    const errors: { line: number; field: string; message: string }[] = []
    const [placed] = await placePosts(db, [post], scope, errors)
    if (!placed)
      throw new HttpError(
        errors[0]?.message.includes('outside your area') ? 403 : 400,
        errors[0]?.message ?? 'cannot place the post',
        errors[0]?.field ?? 'lon',
      )
    return placed
  }
  r.openapi(list, async (c) => {
    const q = c.req.valid('query')
    const rows = await listPosts(db, { ...q, access: c.get('access') })
    return c.json({ type: 'FeatureCollection' as const, synthetic: rows.some((p) => p.synthetic), features: rows.map(postFeature) }, 200, {
      'content-type': 'application/geo+json',
    })
  })
  r.openapi(one, async (c) =>
    c.json(postFeature(await visible(c.req.valid('param').id, c.get('access'))), 200, { 'content-type': 'application/geo+json' }),
  )
  r.openapi(create, async (c) => {
    const b = c.req.valid('json')
    const placed = await place(
      {
        line: 1,
        code: b.code,
        name_en: b.name_en,
        name_km: b.name_km ?? null,
        post_type: b.post_type,
        staff: b.staff ?? 0,
        lon: b.lon,
        lat: b.lat,
      },
      c.get('actor')!.scope,
    )
    const row = await db.tx(async (q) => {
      const [row] = await insertPostRows(q, [placed])
      if (row) await audit(c, q, { action: 'create', entity: 'post', entity_id: row.id, after: row })
      return row
    })
    if (!row) throw new HttpError(409, `post code ${b.code} is taken`, 'code')
    return c.json(postFeature(row), 201, { 'content-type': 'application/geo+json' })
  })
  r.openapi(update, async (c) => {
    const { id } = c.req.valid('param')
    const before = await visible(id, c.get('access'))
    const b = { ...before, ...c.req.valid('json') }
    const placed = await place(
      {
        line: 1,
        code: before.code,
        name_en: b.name_en,
        name_km: b.name_km ?? null,
        post_type: b.post_type,
        staff: b.staff,
        lon: b.lon,
        lat: b.lat,
      },
      c.get('actor')!.scope,
    )
    const after = await db.tx(async (q) => {
      const after = await updatePost(q, id, placed)
      await audit(c, q, { action: 'update', entity: 'post', entity_id: id, before, after })
      return after!
    })
    return c.json(postFeature(after), 200, { 'content-type': 'application/geo+json' })
  })
  r.openapi(remove, async (c) => {
    const { id } = c.req.valid('param')
    await visible(id, c.get('access'))
    await db.tx(async (q) => {
      const before = await deletePost(q, id)
      if (!before) throw new HttpError(404, `no post ${id}`, 'id')
      await audit(c, q, { action: 'delete', entity: 'post', entity_id: id, before })
    })
    return c.json({ deleted: id }, 200)
  })
  // The body is read here so that a broken file gets our 400 naming the problem.
  r.openAPIRegistry.registerPath(importRoute)
  r.post(importRoute.path, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase()
    if (!['text/csv', 'application/geo+json', 'application/json'].includes(type))
      throw new HttpError(415, `content-type must be text/csv or application/geo+json, not '${type || 'none'}'`, 'content-type')
    const body = await c.req.text()
    if (Buffer.byteLength(body) > MAX_POST_FILE) throw new HttpError(413, `body is larger than ${MAX_POST_FILE} bytes`, 'body')
    let parsed: ReturnType<typeof parseCsvPosts> | ReturnType<typeof parseGeoJson>
    try {
      parsed = type === 'text/csv' ? parseCsvPosts(body) : parseGeoJson(body)
    } catch (e) {
      if (e instanceof ImportFileError) throw new HttpError(400, e.message, e.field)
      throw e
    }
    const errors = [...parsed.errors]
    const good = []
    for (const rec of parsed.records) {
      const ck = checkPost(rec)
      if ('errors' in ck) errors.push(...ck.errors)
      else good.push(ck.ok)
    }
    const placed = await placePosts(db, good, c.get('actor')!.scope, errors)
    const inserted = await db.tx(async (q) => {
      const rows = await insertPostRows(q, placed)
      await audit(c, q, {
        action: 'import',
        entity: 'post',
        summary: { inserted: rows.length, duplicates: placed.length - rows.length, errors: errors.length, content_type: type },
      })
      return rows
    })
    errors.sort((a, b) => a.line - b.line)
    return c.json({ inserted: inserted.length, duplicates: placed.length - inserted.length, errors }, 200)
  })
  return r
}

/** Posts CSV: code,name_en,name_km,post_type,staff,lon,lat (code, lon and lat required in the header). */
const parseCsvPosts = (body: string) => parseCsv(body, { columns: POST_COLUMNS, required: ['code', 'lon', 'lat'] })

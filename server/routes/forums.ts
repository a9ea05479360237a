import { createRoute, z } from '@hono/zod-openapi'
import { audit } from '../auth/audit.ts'
import { withinScope } from '../auth/roles.ts'
import {
  deleteForum,
  forumClash,
  type ForumInsert,
  forumPlace,
  getForum,
  insertForums,
  listForums,
  updateForum,
} from '../db/queries/forums.ts'
import { ImportFileError, parseCsv, type RowError } from '../import/parse.ts'
import { forumCompliance } from '../services/forums.ts'
import { complianceResponse, forumSchema, forumsResponse } from '../../common/api/forums.ts'
import { localToday } from '../../common/periods.ts'
import { HttpError } from './errors.ts'
import { checkUnitArea } from './policy-params.ts'
import { areaCodeParam, dateParam, errorSchema, orderedDates, named } from './params.ts'
import { router, type Deps } from './deps.ts'
import type { Queryable } from '../db/types.ts'

const MAX_FORUM_FILE = 5 * 1024 * 1024
const unitCode = z.string().regex(/^(\d{6}|\d{8})$/, 'expected a commune (6 digits) or village (8 digits) code')
const topic = z.string().trim().min(1, 'a topic is not empty').max(200, 'a topic is at most 200 characters')
const fields = {
  area_code: unitCode,
  held_on: dateParam,
  attendance: z
    .number()
    .int('attendance is a whole number')
    .min(0, 'attendance is at least 0')
    .max(100_000, 'attendance is at most 100,000'),
  topics: z.array(topic).max(20, 'at most 20 topics'),
  notes: z.string().trim().max(2000, 'notes are at most 2,000 characters').nullable(),
}
const createBody = z.object(fields).partial({ topics: true, notes: true }).strict()
const patchBody = z
  .object(fields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change', path: ['body'] })
const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }),
})
const forum = named(forumSchema, 'Forum')
const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } })
const json = <S extends z.ZodType>(d: string, schema: S) => ({ description: d, content: { 'application/json': { schema } } })

const list = createRoute({
  method: 'get',
  path: '/forums',
  request: {
    query: orderedDates(
      z.object({
        area: areaCodeParam.optional(),
        from: dateParam.optional(),
        to: dateParam.optional(),
        limit: z.coerce.number().int().min(1).max(5000).default(500),
        offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
      }),
    ),
  },
  responses: { 200: json('Public forums, newest first', named(forumsResponse, 'Forums')), 400: err('Bad input') },
})
const one = createRoute({
  method: 'get',
  path: '/forums/{id}',
  request: { params: idParam },
  responses: { 200: json('One forum', forum), 404: err('No such forum in your area') },
})
const create = createRoute({
  method: 'post',
  path: '/forums',
  request: { body: { required: true, content: { 'application/json': { schema: createBody } } } },
  responses: {
    201: json('Recorded', forum),
    400: err('Bad input'),
    403: err('Outside your area'),
    409: err('Already recorded for that area and day'),
  },
})
const update = createRoute({
  method: 'patch',
  path: '/forums/{id}',
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchBody } } } },
  responses: {
    200: json('Updated', forum),
    400: err('Bad input'),
    403: err('Outside your area'),
    404: err('No such forum in your area'),
    409: err('Already recorded for that area and day'),
  },
})
const remove = createRoute({
  method: 'delete',
  path: '/forums/{id}',
  request: { params: idParam },
  responses: { 200: json('Deleted', z.object({ deleted: z.number() })), 404: err('No such forum in your area') },
})
const importRoute = createRoute({
  method: 'post',
  path: '/forums/import',
  request: {
    body: {
      required: true,
      content: {
        'text/csv': { schema: z.string().openapi({ description: 'area_code,held_on,attendance,topics,notes (topics separated by ;)' }) },
      },
    },
  },
  responses: {
    200: json(
      'Good rows recorded; bad rows reported by line and field',
      z.object({
        inserted: z.number(),
        skipped: z.number(),
        errors: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })),
      }),
    ),
    400: err('Unparseable file'),
    413: err('Too large'),
    415: err('Wrong content type'),
  },
})
const complianceRoute = createRoute({
  method: 'get',
  path: '/forums/compliance',
  request: {
    query: z.object({
      level: z.enum(['commune', 'village']).default('commune'),
      area: areaCodeParam.optional(),
      date: dateParam.optional().openapi({ description: 'the day to judge on (default: today in Phnom Penh)' }),
    }),
  },
  responses: {
    200: json(
      'Forum compliance of each village or commune on the date: last forum, quarters of the year, status',
      named(complianceResponse, 'ForumCompliance'),
    ),
    400: err('Bad input'),
  },
})

/** Checks an area code (exists, inside the scope) and returns the row to store. */
async function place(
  q: Queryable,
  b: { area_code: string; held_on: string; attendance: number; topics?: string[]; notes?: string | null },
  scope: string | null,
): Promise<ForumInsert> {
  if (!withinScope(scope, b.area_code)) throw new HttpError(403, `area_code ${b.area_code} is outside your area ${scope}`, 'area_code')
  const where = await forumPlace(q, b.area_code)
  if (!where) throw new HttpError(400, `no commune or village has the code ${b.area_code}`, 'area_code')
  if (b.held_on > localToday()) throw new HttpError(400, 'held_on is in the future: record a forum once it has been held', 'held_on')
  return { area_code: b.area_code, ...where, held_on: b.held_on, attendance: b.attendance, topics: b.topics ?? [], notes: b.notes ?? null }
}

export function forumRoutes({ db }: Deps) {
  const r = router()
  const visible = async (id: number, access: Parameters<typeof getForum>[2]) => {
    const f = await getForum(db, id, access)
    if (!f) throw new HttpError(404, `no forum ${id} in your area`, 'id')
    return f
  }
  r.openapi(complianceRoute, async (c) => {
    const q = c.req.valid('query')
    checkUnitArea(q, 'compliance figures')
    return c.json(await forumCompliance(db, { level: q.level, area: q.area, date: q.date ?? localToday(), access: c.get('access') }), 200)
  })
  r.openapi(list, async (c) => c.json(await listForums(db, { ...c.req.valid('query'), access: c.get('access') }), 200))
  r.openapi(one, async (c) => c.json(await visible(c.req.valid('param').id, c.get('access')), 200))
  r.openapi(create, async (c) => {
    const row = await place(db, c.req.valid('json'), c.get('actor')!.scope)
    const actor = c.get('actor')!
    const created = await db.tx(async (q) => {
      const [id] = await insertForums(q, [row], actor.id)
      if (id == null) return null
      const f = (await getForum(q, id, c.get('access')))!
      await audit(c, q, { action: 'create', entity: 'forum', entity_id: id, after: f })
      return f
    })
    if (!created) throw new HttpError(409, `a forum is already recorded for ${row.area_code} on ${row.held_on}`, 'held_on')
    return c.json(created, 201)
  })
  r.openapi(update, async (c) => {
    const { id } = c.req.valid('param')
    const before = await visible(id, c.get('access'))
    const row = await place(db, { ...before, ...c.req.valid('json') }, c.get('actor')!.scope)
    const after = await db.tx(async (q) => {
      if (await forumClash(q, row.area_code, row.held_on, id))
        throw new HttpError(409, `a forum is already recorded for ${row.area_code} on ${row.held_on}`, 'held_on')
      await updateForum(q, id, row)
      const f = (await getForum(q, id, c.get('access')))!
      await audit(c, q, { action: 'update', entity: 'forum', entity_id: id, before, after: f })
      return f
    })
    return c.json(after, 200)
  })
  r.openapi(remove, async (c) => {
    const { id } = c.req.valid('param')
    const before = await visible(id, c.get('access'))
    await db.tx(async (q) => {
      if (!(await deleteForum(q, id))) throw new HttpError(404, `no forum ${id}`, 'id')
      await audit(c, q, { action: 'delete', entity: 'forum', entity_id: id, before })
    })
    return c.json({ deleted: id }, 200)
  })
  r.openAPIRegistry.registerPath(importRoute)
  r.post(importRoute.path, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase()
    if (type !== 'text/csv') throw new HttpError(415, `content-type must be text/csv, not '${type || 'none'}'`, 'content-type')
    const body = await c.req.text()
    if (Buffer.byteLength(body) > MAX_FORUM_FILE) throw new HttpError(413, `body is larger than ${MAX_FORUM_FILE} bytes`, 'body')
    let parsed: ReturnType<typeof parseCsv>
    try {
      parsed = parseCsv(body, {
        columns: ['area_code', 'held_on', 'attendance', 'topics', 'notes'],
        required: ['area_code', 'held_on', 'attendance'],
      })
    } catch (e) {
      if (e instanceof ImportFileError) throw new HttpError(400, e.message, e.field)
      throw e
    }
    const errors: RowError[] = [...parsed.errors]
    const good: ForumInsert[] = []
    const scope = c.get('actor')!.scope
    for (const rec of parsed.records) {
      const f = rec.fields
      const cand = createBody.safeParse({
        area_code: f.area_code ?? '',
        held_on: f.held_on ?? '',
        attendance: f.attendance == null || f.attendance === '' ? NaN : Number(f.attendance),
        topics: (f.topics ?? '')
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean),
        notes: f.notes || null,
      })
      if (!cand.success) {
        for (const i of cand.error.issues) errors.push({ line: rec.line, field: String(i.path[0] ?? 'row'), message: i.message })
        continue
      }
      try {
        good.push(await place(db, cand.data, scope))
      } catch (e) {
        if (e instanceof HttpError) errors.push({ line: rec.line, field: e.field ?? 'row', message: e.message })
        else throw e
      }
    }
    const inserted = await db.tx(async (q) => {
      const ids = await insertForums(q, good, c.get('actor')!.id)
      await audit(c, q, {
        action: 'import',
        entity: 'forum',
        summary: { inserted: ids.length, skipped: good.length - ids.length, errors: errors.length },
      })
      return ids.length
    })
    errors.sort((a, b) => a.line - b.line)
    return c.json({ inserted, skipped: good.length - inserted, errors }, 200)
  })
  return r
}

import { createRoute, z } from '@hono/zod-openapi'
import { audit } from '../auth/audit.ts'
import { hashPassword, PASSWORD_MAX, passwordProblem } from '../auth/password.ts'
import { ROLES } from '../auth/roles.ts'
import { areaExists } from '../db/queries/areas.ts'
import { endUserSessions } from '../db/queries/sessions.ts'
import { countActiveAdmins, deleteUser, insertUser, listUsers, updateUser, userById, type UserRow } from '../db/queries/users.ts'
import type { Queryable } from '../db/types.ts'
import { HttpError } from './errors.ts'
import { errorSchema } from './params.ts'
import { router, type Deps } from './deps.ts'

const user = z
  .object({
    id: z.number().int(),
    username: z.string(),
    display_name: z.string().nullable(),
    role: z.enum(ROLES),
    scope_code: z.string().nullable(),
    disabled: z.boolean(),
    created_at: z.string(),
    password_changed_at: z.string(),
  })
  .openapi('User')
const scopeCode = z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'scope_code is a province (2 digits), district (4) or commune (6) code')
const body = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, '2-40 characters: a-z, 0-9, dot, dash, underscore'),
    display_name: z.string().trim().max(100).nullable().optional(),
    role: z.enum(ROLES),
    scope_code: scopeCode.nullable().optional(),
    password: z.string().max(PASSWORD_MAX),
  })
  .refine((b) => (b.role === 'officer') === (b.scope_code != null), {
    message: 'an officer needs a scope_code; other roles have none',
    path: ['scope_code'],
  })
const patch = z
  .object({
    display_name: z.string().trim().max(100).nullable().optional(),
    role: z.enum(ROLES).optional(),
    scope_code: scopeCode.nullable().optional(),
    disabled: z.boolean().optional(),
    password: z.string().max(PASSWORD_MAX).optional(),
  })
  .strict()
const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }),
})
const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } })
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } })

const list = createRoute({ method: 'get', path: '/users', responses: { 200: json(z.array(user), 'All users') } })
const create = createRoute({
  method: 'post',
  path: '/users',
  request: { body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: { 201: json(user, 'Created'), 400: err('Bad input'), 409: err('Username taken') },
})
const update = createRoute({
  method: 'patch',
  path: '/users/{id}',
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patch } } } },
  responses: {
    200: json(user, "Updated; a changed role, scope, password or a disable ends the user's sessions"),
    400: err('Bad input'),
    404: err('No such user'),
    409: err('Would leave no admin'),
  },
})
const remove = createRoute({
  method: 'delete',
  path: '/users/{id}',
  request: { params: idParam },
  responses: { 200: json(user, 'Deleted'), 404: err('No such user'), 409: err('Would leave no admin') },
})

const out = (u: UserRow) => ({
  ...u,
  created_at: new Date(u.created_at).toISOString(),
  password_changed_at: new Date(u.password_changed_at).toISOString(),
})

async function checkScope(q: Queryable, code: string | null | undefined) {
  if (code == null) return
  if (!(await areaExists(q, code))) throw new HttpError(400, `no province, district or commune with code ${code}`, 'scope_code')
}

export function userRoutes({ db }: Deps) {
  return router()
    .openapi(list, async (c) => c.json((await listUsers(db)).map(out), 200))
    .openapi(create, async (c) => {
      const b = c.req.valid('json')
      const problem = passwordProblem(b.password, b.username)
      if (problem) throw new HttpError(400, problem, 'password')
      await checkScope(db, b.scope_code)
      const hash = await hashPassword(b.password)
      const u = await db.tx(async (q) => {
        const u = await insertUser(q, { ...b, password_hash: hash })
        if (u) await audit(c, q, { action: 'create', entity: 'user', entity_id: u.id, after: out(u) })
        return u
      })
      if (!u) throw new HttpError(409, `username ${b.username} is taken`, 'username')
      return c.json(out(u), 201)
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param')
      const p = c.req.valid('json')
      const before = await userById(db, id)
      if (!before) throw new HttpError(404, `no user ${id}`, 'id')
      const role = p.role ?? before.role
      const scope = p.scope_code !== undefined ? p.scope_code : before.scope_code
      if ((role === 'officer') !== (scope != null))
        throw new HttpError(400, 'an officer needs a scope_code; other roles have none', 'scope_code')
      await checkScope(db, p.scope_code)
      if (p.password != null) {
        const problem = passwordProblem(p.password, before.username)
        if (problem) throw new HttpError(400, problem, 'password')
      }
      const hash = p.password != null ? await hashPassword(p.password) : undefined
      const after = await db.tx(async (q) => {
        const u = await updateUser(q, id, {
          display_name: p.display_name,
          role,
          scope_code: role === 'officer' ? scope : null,
          disabled: p.disabled,
          password_hash: hash,
        })
        if (before.role === 'admin' && (role !== 'admin' || u?.disabled) && (await countActiveAdmins(q)) === 0)
          throw new HttpError(409, 'this would leave no active admin', 'role')
        if (role !== before.role || scope !== before.scope_code || p.disabled || hash) await endUserSessions(q, id)
        const { password_hash: _, ...b } = before
        await audit(c, q, {
          action: 'update',
          entity: 'user',
          entity_id: id,
          before: out(b),
          after: out(u!),
          summary: hash ? { password_reset: true } : undefined,
        })
        return u!
      })
      return c.json(out(after), 200)
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param')
      if (c.get('actor')?.id === id) throw new HttpError(409, 'you cannot delete yourself', 'id')
      const gone = await db.tx(async (q) => {
        const u = await deleteUser(q, id)
        if (!u) throw new HttpError(404, `no user ${id}`, 'id')
        if (u.role === 'admin' && (await countActiveAdmins(q)) === 0) throw new HttpError(409, 'this would leave no active admin', 'id')
        await audit(c, q, { action: 'delete', entity: 'user', entity_id: id, before: out(u) })
        return u
      })
      return c.json(out(gone), 200)
    })
}

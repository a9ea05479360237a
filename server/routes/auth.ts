import { createRoute, z } from '@hono/zod-openapi'
import { deleteCookie, setCookie } from 'hono/cookie'
import { audit } from '../auth/audit.ts'
import { SESSION_COOKIE } from '../auth/middleware.ts'
import type { Context } from 'hono'
import { meResponse, okResponse, type MeResponse } from '../../common/api/auth.ts'
import { accessFor, type Actor } from '../auth/roles.ts'
import { dummyHash, hashPassword, PASSWORD_MAX, passwordProblem, verifyPassword } from '../auth/password.ts'
import { getArea } from '../db/queries/areas.ts'
import { createSession, endSession, endUserSessions } from '../db/queries/sessions.ts'
import { clearFailures, lockedFor, passwordKey, reserveAttempt } from '../db/queries/throttle.ts'
import { updateUser, userById, userByName } from '../db/queries/users.ts'
import { errorSchema, named } from './params.ts'
import { router, type Deps } from './deps.ts'
import type { AppEnv } from './env.ts'

const usernameParam = z.string().trim().toLowerCase().min(1, 'username is required').max(40, 'username is at most 40 characters')
const passwordParam = z.string().min(1, 'password is required').max(PASSWORD_MAX, `password is at most ${PASSWORD_MAX} characters`)

export const meSchema = named(meResponse, 'Me')

const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } })

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  request: {
    body: { required: true, content: { 'application/json': { schema: z.object({ username: usernameParam, password: passwordParam }) } } },
  },
  responses: {
    200: {
      description: 'Logged in; the session cookie is set (HttpOnly, SameSite=Strict)',
      content: { 'application/json': { schema: meSchema } },
    },
    400: err('Bad input'),
    401: err('Wrong username or password'),
    429: err('Too many failed logins; try again after Retry-After seconds'),
  },
})
const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  responses: {
    200: { description: 'Session ended (or there was none)', content: { 'application/json': { schema: okResponse } } },
  },
})
const me = createRoute({
  method: 'get',
  path: '/auth/me',
  responses: {
    200: { description: 'Who you are and what you may do', content: { 'application/json': { schema: meSchema } } },
    401: err('Not logged in'),
  },
})
const password = createRoute({
  method: 'post',
  path: '/auth/password',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ current_password: passwordParam, new_password: passwordParam }) } },
    },
  },
  responses: {
    200: {
      description: 'Changed; every other session of yours is ended',
      content: { 'application/json': { schema: okResponse } },
    },
    400: err('Bad input'),
    401: err('Not logged in'),
    403: err('Current password is wrong'),
    429: err('Too many wrong current passwords; try again after Retry-After seconds'),
  },
})

/** A 429 for a locked throttle key, with Retry-After. */
async function locked(c: Context<AppEnv>, db: Deps['db'], key: string, field: string, what: string) {
  const wait = Math.max(1, await lockedFor(db, key))
  c.header('Retry-After', String(wait))
  return c.json({ error: `too many ${what}; try again in ${wait} s`, issues: [{ field, path: [field], message: 'locked for now' }] }, 429)
}

export function authRoutes(deps: Deps) {
  const { db, auth } = deps
  const cookie = (_token: string) => ({
    httpOnly: true,
    sameSite: 'Strict' as const,
    secure: auth.cookieSecure,
    path: '/',
    maxAge: Math.round(auth.sessionHours * 3600),
  })

  async function describe(actor: Actor, c: Context<AppEnv>): Promise<MeResponse> {
    const access = c.get('access')
    let scope: MeResponse['scope'] = null
    if (actor.scope) {
      const a = await getArea(db, actor.scope)
      scope = {
        code: actor.scope,
        level: a?.level ?? 'area',
        name_en: a?.name_en ?? actor.scope,
        name_km: a?.name_km ?? null,
        bbox: a?.bbox ?? null,
      }
    }
    return {
      id: actor.id,
      username: actor.username,
      display_name: actor.display_name ?? null,
      role: actor.role,
      scope,
      can: {
        points: access.points,
        edit: actor.role === 'admin' || actor.role === 'officer',
        import: actor.role === 'admin' || actor.role === 'officer',
        admin: actor.role === 'admin',
      },
      privacy: {
        k: access.k,
        suppressed: access.k > 0,
        masked_criteria: access.points ? access.maskCriteria : [],
        omitted_criteria: access.omitCriteria,
      },
    }
  }

  return router()
    .openapi(login, async (c) => {
      const { username, password } = c.req.valid('json')
      // The attempt is counted before the password is checked (one statement), so a burst checks at most FREE_FAILURES.
      const slot = await reserveAttempt(db, username)
      if (!slot) return locked(c, db, username, 'username', `failed logins for ${username}`)
      const user = await userByName(db, username)
      const ok =
        user && !user.disabled
          ? await verifyPassword(password, user.password_hash)
          : !(await verifyPassword(password, await dummyHash())) && false
      if (!ok || !user) {
        await audit(c, db, { action: 'login_failed', username, entity: 'user', summary: { locked_s: slot.lock_s } })
        if (slot.lock_s) c.header('Retry-After', String(slot.lock_s))
        return c.json(
          {
            error: 'wrong username or password',
            issues: [{ field: 'password', path: ['password'], message: 'wrong username or password' }],
          },
          401,
        )
      }
      await clearFailures(db, username)
      const token = await createSession(db, user.id, auth.sessionHours)
      setCookie(c, SESSION_COOKIE, token, cookie(token))
      const actor = { id: user.id, username: user.username, role: user.role, scope: user.scope_code, display_name: user.display_name }
      c.set('actor', actor)
      c.set('access', accessFor(actor, deps.privacy))
      await audit(c, db, { action: 'login', entity: 'user', entity_id: user.id })
      return c.json(await describe(actor, c), 200)
    })
    .openapi(logout, async (c) => {
      const token = c.get('sessionToken')
      if (token) {
        await endSession(db, token)
        await audit(c, db, { action: 'logout', entity: 'user', entity_id: c.get('actor')?.id })
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.json({ ok: true }, 200)
    })
    .openapi(me, async (c) => c.json(await describe(c.get('actor')!, c), 200))
    .openapi(password, async (c) => {
      const actor = c.get('actor')!
      const { current_password, new_password } = c.req.valid('json')
      // Wrong current passwords are throttled per user like logins (a stolen session must not guess the password).
      const key = passwordKey(actor.id)
      const slot = await reserveAttempt(db, key)
      if (!slot) return locked(c, db, key, 'current_password', 'wrong current passwords')
      const user = await userById(db, actor.id)
      if (!user || !(await verifyPassword(current_password, user.password_hash))) {
        await audit(c, db, { action: 'password_failed', entity: 'user', entity_id: actor.id, summary: { locked_s: slot.lock_s } })
        if (slot.lock_s) c.header('Retry-After', String(slot.lock_s))
        return c.json(
          {
            error: 'current password is wrong',
            issues: [{ field: 'current_password', path: ['current_password'], message: 'wrong password' }],
          },
          403,
        )
      }
      await clearFailures(db, key)
      const problem = passwordProblem(new_password, actor.username)
      if (problem) return c.json({ error: problem, issues: [{ field: 'new_password', path: ['new_password'], message: problem }] }, 400)
      const hash = await hashPassword(new_password)
      await db.tx(async (q) => {
        await updateUser(q, actor.id, { password_hash: hash })
        await endUserSessions(q, actor.id, c.get('sessionToken') ?? undefined)
        await audit(c, q, { action: 'password', entity: 'user', entity_id: actor.id })
      })
      return c.json({ ok: true }, 200)
    })
}

import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { sessionActor } from '../db/queries/sessions.ts'
import type { AppEnv } from '../routes/env.ts'
import type { Deps } from '../routes/deps.ts'
import { refuser } from './audit.ts'
import { routeKey } from './route-key.ts'
import { accessFor, FULL_ACCESS, touchesScope, withinScope, type Actor } from './roles.ts'
import { AREA_PATH_PARAMS, AREA_QUERY_PARAMS, PARENT_QUERY_PARAMS, RULES } from './rules.ts'

export const SESSION_COOKIE = 'sv_session'

// routeKey lives in its own module so the audit (which middleware uses) can name routes without a cycle.
export { routeKey } from './route-key.ts'

/**
 * The one gate of the API: finds the route's rule, the session's user, checks the role and any area the request
 * names against an officer's scope, and leaves the actor and its Access on the context for the SQL.
 * It reads the cookie, the path and the query only, never the body: a refused request's body is never read.
 * Refusals are audited (auth/audit.ts refuser).
 */
export function authorize({ db, privacy, auth }: Deps): MiddlewareHandler<AppEnv> {
  const deny = refuser(db)
  return async (c, next) => {
    const key = routeKey(c)
    if (!key) return next()
    const rule = RULES[key]
    if (!rule) {
      console.error(`no access rule for ${key}: refused`)
      return deny(c, 403, 'route', `no access rule for ${key}`)
    }
    const token = getCookie(c, SESSION_COOKIE) ?? null
    const actor: Actor | null = token ? await sessionActor(db, token, auth.sessionHours) : null
    c.set('actor', actor)
    c.set('sessionToken', actor ? token : null)
    c.set('access', actor ? accessFor(actor, privacy) : { ...FULL_ACCESS, points: false, k: privacy.k })
    if ('public' in rule) return next()
    if (!actor) return deny(c, 401, 'session', 'log in first')
    if (!rule.roles.includes(actor.role)) return deny(c, 403, 'role', `the ${actor.role} role may not ${key}`)
    if (actor.scope) {
      for (const name of AREA_QUERY_PARAMS) {
        const v = c.req.query(name)
        if (v && !withinScope(actor.scope, v)) return deny(c, 403, name, `area ${v} is outside your area ${actor.scope}`)
      }
      for (const name of PARENT_QUERY_PARAMS) {
        const v = c.req.query(name)
        if (v && !touchesScope(actor.scope, v)) return deny(c, 403, name, `area ${v} is outside your area ${actor.scope}`)
      }
      for (const name of AREA_PATH_PARAMS) {
        const v = pathParam(key, c.req.path, name)
        if (v && !withinScope(actor.scope, v)) return deny(c, 403, name, `area ${v} is outside your area ${actor.scope}`)
      }
    }
    return next()
  }
}

/** A path parameter of the route `key` read off the request path (middleware runs before the route's own params). */
function pathParam(key: string, path: string, name: string): string | undefined {
  const pattern = key.slice(key.indexOf(' ') + 1).split('/')
  const at = pattern.indexOf(`:${name}`)
  if (at < 0) return undefined
  const seg = path.split('/')[at]
  try {
    return seg == null ? undefined : decodeURIComponent(seg)
  } catch {
    return seg
  }
}

import type { Context } from 'hono'
import { writeAudit, type AuditEntry } from '../db/queries/audit.ts'
import type { Queryable } from '../db/types.ts'
import type { AppEnv } from '../routes/env.ts'
import { routeKey } from './middleware.ts'

/** Records an audit entry for the current request: who (from the session), the method and the route. */
export function audit(c: Context<AppEnv>, q: Queryable, e: Omit<AuditEntry, 'user_id' | 'username' | 'method' | 'route'> & { username?: string | null }) {
  const actor = c.get('actor')
  const key = routeKey(c)
  return writeAudit(q, {
    ...e,
    user_id: actor?.id ?? null,
    username: e.username ?? actor?.username ?? null,
    method: c.req.method,
    route: key ? key.slice(key.indexOf(' ') + 1) : c.req.path,
  })
}

import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { writeAudit, type AuditEntry } from '../db/queries/audit.ts'
import type { Queryable } from '../db/types.ts'
import type { AppEnv } from '../routes/env.ts'
import type { Refuse } from '../security.ts'
import { routeKey } from './route-key.ts'

/** Records an audit entry for the current request: who (from the session), from where, the method and the route. */
export function audit(
  c: Context<AppEnv>,
  q: Queryable,
  e: Omit<AuditEntry, 'user_id' | 'username' | 'method' | 'route' | 'client'> & { username?: string | null },
) {
  const actor = c.get('actor')
  const key = routeKey(c)
  return writeAudit(q, {
    ...e,
    user_id: actor?.id ?? null,
    username: e.username ?? actor?.username ?? null,
    method: c.req.method.slice(0, 16),
    // An unknown path is the client's text: no NUL (PostgreSQL text cannot hold it), and not too long.
    route: key ? key.slice(key.indexOf(' ') + 1) : c.req.path.replaceAll('\u0000', '').slice(0, 300),
    client: c.get('client') ?? null,
  })
}

/**
 * The client's address: the socket's peer (no socket under app.request in tests: null). Behind a reverse proxy
 * (trustProxy) the last X-Forwarded-For entry, the one our proxy added; otherwise that header is the client's own text.
 */
export function clientAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const last = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .pop()
    if (last) return last.replaceAll('\u0000', '').slice(0, 64)
  }
  try {
    const a = getConnInfo(c).remote.address
    return a ? a.replace(/^::ffff:/, '') : null
  } catch {
    return null
  }
}

/** Leaves the client's address on the context, for audit(). */
export function recordClient(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    c.set('client', clientAddress(c, trustProxy))
    return next()
  }
}

/**
 * The gate's refusals (401, 403, 413): a JSON error naming the field, and an audit row 'refused' with the status and
 * field. One INSERT per refusal, awaited (nothing queues in memory); a failed insert is logged, never a 500.
 * A refused request's body is never read, so its connection is closed once the answer is sent.
 */
export function refuser(db: Queryable): Refuse {
  return async (c, status, field, message) => {
    try {
      await audit(c as Context<AppEnv>, db, { action: 'refused', summary: { status, field, message: message.slice(0, 300) } })
    } catch (e) {
      console.error(`could not audit a refusal (${status} ${field}): ${(e as Error).message}`)
    }
    // The body (if any) stays unread: close the connection after answering rather than drain an upload.
    if (bodyPending(c)) c.header('Connection', 'close')
    return c.json({ error: message, issues: [{ field, path: [field], message }] }, status)
  }
}

const bodyPending = (c: Context) =>
  !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) &&
  (Number(c.req.header('content-length')) > 0 || c.req.header('transfer-encoding') != null)

import type { Queryable } from '../types.ts'

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'import',
  'export',
  'login',
  'login_failed',
  'logout',
  'password',
  'password_failed',
  'read',
  'refused',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export interface AuditEntry {
  user_id: number | null
  username: string | null
  action: AuditAction
  method: string
  route: string
  entity?: string
  entity_id?: string | number | null
  before?: unknown
  after?: unknown
  summary?: unknown
  /** The client's address (the socket's, or X-Forwarded-For behind a trusted proxy). */
  client?: string | null
}

export async function writeAudit(q: Queryable, e: AuditEntry): Promise<void> {
  const j = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v))
  await q.query(
    `INSERT INTO audit_log (user_id, username, action, method, route, entity, entity_id, before, after, summary, client)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11)`,
    [
      e.user_id,
      e.username,
      e.action,
      e.method,
      e.route,
      e.entity ?? null,
      e.entity_id == null ? null : String(e.entity_id),
      j(e.before),
      j(e.after),
      j(e.summary),
      e.client ?? null,
    ],
  )
}

export interface AuditQuery {
  from?: string
  to?: string
  username?: string
  action?: AuditAction
  entity?: string
  limit: number
  before?: number
}

/** An audit_log row as listed (before, after and summary are the stored JSON, or its text on some drivers). */
interface AuditRow {
  id: number
  at: Date
  user_id: number | null
  username: string | null
  action: AuditAction
  method: string
  route: string
  entity: string | null
  entity_id: string | null
  before: unknown
  after: unknown
  summary: unknown
  client: string | null
}

/** Newest first; `before` is the id to continue below. */
export async function listAudit(q: Queryable, f: AuditQuery) {
  const params: unknown[] = []
  const where: string[] = []
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  if (f.from) where.push(`at >= ${p(f.from)}::timestamptz`)
  if (f.to) where.push(`at < ${p(f.to)}::timestamptz`)
  if (f.username) where.push(`username = ${p(f.username)}`)
  if (f.action) where.push(`action = ${p(f.action)}`)
  if (f.entity) where.push(`entity = ${p(f.entity)}`)
  if (f.before != null) where.push(`id < ${p(f.before)}`)
  const rows = await q.query<AuditRow>(
    `SELECT id::int AS id, at, user_id, username, action, method, route, entity, entity_id, before, after, summary, client
     FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${p(f.limit + 1)}`,
    params,
  )
  const more = rows.length > f.limit
  if (more) rows.pop()
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)
  return {
    entries: rows.map((r) => ({
      ...r,
      at: new Date(r.at).toISOString(),
      before: parse(r.before),
      after: parse(r.after),
      summary: parse(r.summary),
    })),
    next_before: more ? rows[rows.length - 1].id : null,
  }
}

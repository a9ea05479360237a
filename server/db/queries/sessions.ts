import { createHash, randomBytes } from 'node:crypto'
import type { Actor } from '../../auth/roles.ts'
import type { Queryable } from '../types.ts'

const idOf = (token: string) => createHash('sha256').update(token).digest('base64url')

/** A new session; the returned token goes in the cookie, only its hash is stored. */
export async function createSession(q: Queryable, userId: number, hours: number): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await q.query(`INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
    idOf(token),
    userId,
    hours * 3600,
  ])
  return token
}

/** The user behind a live session; slides its expiry forward at most once a minute. */
export async function sessionActor(q: Queryable, token: string, hours: number): Promise<Actor | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const id = idOf(token)
  const [r] = await q.query<Actor & { stale: boolean }>(
    `SELECT u.id, u.username, u.role, u.scope_code AS scope, u.display_name, s.last_seen_at < now() - interval '1 minute' AS stale
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [id],
    { urgent: true },
  )
  if (!r) return null
  if (r.stale) {
    await q.query(
      `UPDATE sessions SET last_seen_at = now(), expires_at = now() + make_interval(secs => $2) WHERE id = $1`,
      [id, hours * 3600],
      { urgent: true },
    )
  }
  const { stale: _, ...actor } = r
  return actor
}

export async function endSession(q: Queryable, token: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE id = $1', [idOf(token)])
}

/** Ends every session of a user except (optionally) one: after a password change, role change or disable. */
export async function endUserSessions(q: Queryable, userId: number, keepToken?: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [userId, keepToken ? idOf(keepToken) : ''])
}

export async function purgeExpiredSessions(q: Queryable): Promise<void> {
  await q.query('DELETE FROM sessions WHERE expires_at < now()')
}

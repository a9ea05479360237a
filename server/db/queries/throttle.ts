import type { Queryable } from '../types.ts'

/** After FREE failures in a row a username is locked for BASE seconds, doubling with each further failure, up to MAX. */
export const FREE_FAILURES = 5
const BASE_S = 30
const MAX_S = 15 * 60

/** Seconds until the username may try again, or 0. */
export async function lockedFor(q: Queryable, username: string): Promise<number> {
  const [r] = await q.query<{ s: number }>(
    `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS s FROM login_throttle WHERE username = $1 AND locked_until > now()`, [username])
  return r?.s ?? 0
}

/** Records a failure; returns the lock in seconds it starts (0 while still under the free failures). */
export async function recordFailure(q: Queryable, username: string): Promise<number> {
  const [r] = await q.query<{ failures: number }>(
    `INSERT INTO login_throttle (username, failures, updated_at) VALUES ($1, 1, now())
     ON CONFLICT (username) DO UPDATE SET failures = login_throttle.failures + 1, updated_at = now()
     RETURNING failures`, [username])
  if (r.failures < FREE_FAILURES) return 0
  const secs = Math.min(MAX_S, BASE_S * 2 ** (r.failures - FREE_FAILURES))
  await q.query(`UPDATE login_throttle SET locked_until = now() + make_interval(secs => $2) WHERE username = $1`, [username, secs])
  return secs
}

export async function clearFailures(q: Queryable, username: string): Promise<void> {
  await q.query('DELETE FROM login_throttle WHERE username = $1', [username])
}

import type { Queryable } from '../types.ts'

/** After FREE failures in a row a key is locked for BASE seconds, doubling with each further failure, up to MAX. */
export const FREE_FAILURES = 5
const BASE_S = 30
const MAX_S = 15 * 60

/** The lock that the n-th counted attempt starts (SQL; n is an SQL expression): none under FREE, else BASE·2^(n−FREE) s up to MAX. */
const lockAfter = (n: string) =>
  `CASE WHEN ${n} >= ${FREE_FAILURES} THEN now() + make_interval(secs => least(${MAX_S}, ${BASE_S} * power(2, least(${n} - ${FREE_FAILURES}, 10)))) END`

/** The throttle key of password changes for a user; login lower-cases usernames, so no login can touch it. */
export const passwordKey = (userId: number) => `PASSWORD:${userId}`

/**
 * Reserves one attempt for `key` (a username, known or not, or passwordKey()), in one statement: unless the key is
 * locked, the attempt is counted as a failure before the password is checked, and the attempt that reaches FREE
 * starts the lock at once. Concurrent guesses serialise on the row, so at most FREE of a burst are checked.
 * Returns null when locked, else the lock this attempt started (0 if none); success then calls clearFailures.
 */
export async function reserveAttempt(q: Queryable, key: string): Promise<{ lock_s: number } | null> {
  const [r] = await q.query<{ lock_s: number }>(
    `INSERT INTO login_throttle AS t (username, failures, locked_until, updated_at) VALUES ($1, 1, ${lockAfter('1')}, now())
     ON CONFLICT (username) DO UPDATE SET failures = t.failures + 1, locked_until = ${lockAfter('t.failures + 1')}, updated_at = now()
       WHERE t.locked_until IS NULL OR t.locked_until <= now()
     RETURNING coalesce(ceil(extract(epoch FROM t.locked_until - now()))::int, 0) AS lock_s`,
    [key],
  )
  return r ? { lock_s: Number(r.lock_s) } : null
}

/** Seconds until the key may try again, or 0. */
export async function lockedFor(q: Queryable, key: string): Promise<number> {
  const [r] = await q.query<{ s: number }>(
    `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS s FROM login_throttle WHERE username = $1 AND locked_until > now()`,
    [key],
  )
  return r?.s ?? 0
}

export async function clearFailures(q: Queryable, key: string): Promise<void> {
  await q.query('DELETE FROM login_throttle WHERE username = $1', [key])
}

import type { Queryable } from '../types.ts'

export interface JobRow {
  id: string
  user_id: number | null
  kind: string
  status: 'queued' | 'running' | 'done' | 'failed'
  progress: number
  stage: string | null
  params: unknown
  result: unknown
  error: string | null
  created_at: string
  updated_at: string
}

export async function createJob(q: Queryable, j: { id: string; user_id: number | null; kind: string; params: unknown }): Promise<void> {
  await q.query(`INSERT INTO jobs (id, user_id, kind, status, params) VALUES ($1, $2, $3, 'queued', $4::jsonb)`, [
    j.id,
    j.user_id,
    j.kind,
    JSON.stringify(j.params),
  ])
}

export async function updateJob(
  q: Queryable,
  id: string,
  u: { status?: JobRow['status']; progress?: number; stage?: string; result?: unknown; error?: string },
): Promise<void> {
  await q.query(
    `UPDATE jobs SET status = coalesce($2, status), progress = coalesce($3, progress), stage = coalesce($4, stage),
       result = coalesce($5::jsonb, result), error = coalesce($6, error), updated_at = now() WHERE id = $1`,
    [id, u.status ?? null, u.progress ?? null, u.stage ?? null, u.result === undefined ? null : JSON.stringify(u.result), u.error ?? null],
  )
}

/** A job, if it is the user's own (admins see every job). */
export async function getJob(q: Queryable, id: string, user: { id: number; role: string }): Promise<JobRow | null> {
  const [r] = await q.query<JobRow>(`SELECT * FROM jobs WHERE id = $1 AND ($2 OR user_id = $3)`, [id, user.role === 'admin', user.id])
  if (!r) return null
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)
  return {
    ...r,
    params: parse(r.params),
    result: parse(r.result),
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  }
}

/** Jobs a process was running when it stopped can never finish. */
export async function failStaleJobs(q: Queryable, olderThanMinutes: number): Promise<void> {
  await q.query(
    `UPDATE jobs SET status = 'failed', error = 'the server stopped before the job finished', updated_at = now()
    WHERE status IN ('queued', 'running') AND updated_at < now() - make_interval(mins => $1)`,
    [olderThanMinutes],
  )
}

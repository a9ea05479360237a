import type { Context } from 'hono'
import { audit } from '../auth/audit.ts'
import type { Queryable } from '../db/types.ts'
import type { AppEnv } from '../routes/env.ts'
import { BudgetError } from './budgets.ts'
import { ComputeError, type ComputeReason } from './errors.ts'

const STATUS: Record<ComputeReason, number> = {
  time_limit: 503,
  busy: 503,
  user_cap: 429,
  role_cap: 429,
  job_cap: 429,
  memory_limit: 422,
  cancelled: 499,
  worker_failed: 500,
}

/**
 * The answer to a heavy request that did not run to the end: a ComputeError becomes its status (429 and 503 with
 * Retry-After) and `{ error, reason }`; a budget refusal stays a 422 naming the parameter. Refusals (budget, caps)
 * are audited as 'refused'. Anything else is rethrown.
 */
export async function computeFailure(c: Context<AppEnv>, db: Queryable, e: unknown, entity: string): Promise<Response> {
  if (e instanceof BudgetError) {
    await auditRefusal(c, db, entity, { status: 422, field: e.field, message: e.message })
    throw e
  }
  if (!(e instanceof ComputeError)) throw e
  const status = STATUS[e.reason]
  if (status === 429) await auditRefusal(c, db, entity, { status, reason: e.reason, message: e.message })
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' }
  if (e.retryAfterS != null || status === 503) headers['retry-after'] = String(e.retryAfterS ?? 10)
  return new Response(JSON.stringify({ error: e.message, reason: e.reason }), { status, headers })
}

async function auditRefusal(c: Context<AppEnv>, db: Queryable, entity: string, summary: Record<string, unknown>) {
  try {
    await audit(c, db, { action: 'refused', entity, summary: { ...summary, query: c.req.query() } })
  } catch (err) {
    console.error(`could not audit a refusal of ${entity}: ${(err as Error).message}`)
  }
}

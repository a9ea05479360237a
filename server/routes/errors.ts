import type { Context } from 'hono'
import type { ZodError } from 'zod'

/** A 400 that names each bad field and why. */
export function validationError(c: Context, error: ZodError, target: string) {
  const issues = error.issues.map((i) => ({
    field: i.path.length ? String(i.path[i.path.length - 1]) : target,
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
  }))
  return c.json({ error: `invalid ${target}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues }, 400)
}

export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

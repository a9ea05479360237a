/**
 * Why a heavy task did not give an answer. The routes turn these into HTTP answers (compute/http.ts):
 * time_limit and busy 503, user_cap / role_cap / job_cap 429 (both with Retry-After), memory_limit 422,
 * cancelled 499 (the client has gone), worker_failed 500.
 */
export const COMPUTE_REASONS = [
  'time_limit',
  'cancelled',
  'memory_limit',
  'busy',
  'worker_failed',
  'user_cap',
  'role_cap',
  'job_cap',
] as const
export type ComputeReason = (typeof COMPUTE_REASONS)[number]
export const isComputeReason = (s: unknown): s is ComputeReason => (COMPUTE_REASONS as readonly unknown[]).includes(s)

export class ComputeError extends Error {
  constructor(
    readonly reason: ComputeReason,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message)
    this.name = 'ComputeError'
  }
}

export const isComputeError = (e: unknown, reason?: ComputeReason): e is ComputeError =>
  e instanceof ComputeError && (reason == null || e.reason === reason)

import type { ApiRole, MeResponse } from '../common/api/auth.ts'
import { ApiError, getJson, postJson } from './client.ts'
/** Who is logged in, from /api/auth/me; the app asks nothing else before it knows. */
export type Role = ApiRole
export type Me = MeResponse

let current: Me | null = null
export const me = (): Me => {
  if (!current) throw new Error('not logged in')
  return current
}

const quiet = { quiet: true } // the login screen and the password form show their own refusals

/** The session's user, or null when there is none (401). */
export async function loadMe(): Promise<Me | null> {
  try {
    return (current = await getJson<Me>('/api/auth/me', quiet))
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return (current = null)
    throw e
  }
}

export type LoginResult = { ok: true; me: Me } | { ok: false; status: number; retryAfter: number | null; message: string }

export async function login(username: string, password: string): Promise<LoginResult> {
  try {
    return { ok: true, me: (current = await postJson<Me>('/api/auth/login', { username, password }, quiet)) }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    return { ok: false, status: e.status, retryAfter: e.retryAfter, message: e.status === 0 ? 'network' : e.message }
  }
}

export async function logout(): Promise<void> {
  await postJson('/api/auth/logout', {}, quiet).catch(() => undefined)
  current = null
}

export async function changePassword(
  current_password: string,
  new_password: string,
): Promise<{ ok: boolean; status: number; field?: string; message?: string }> {
  try {
    await postJson('/api/auth/password', { current_password, new_password }, quiet)
    return { ok: true, status: 200 }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    return { ok: false, status: e.status, field: e.field ?? undefined, message: e.message }
  }
}

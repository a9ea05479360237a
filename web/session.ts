/** Who is logged in, from /api/auth/me; the app asks nothing else before it knows. */
export type Role = 'admin' | 'officer' | 'analyst' | 'viewer'
export interface Me {
  id: number
  username: string
  display_name: string | null
  role: Role
  scope: { code: string; level: string; name_en: string; name_km: string | null; bbox: [number, number, number, number] | null } | null
  can: { points: boolean; edit: boolean; import: boolean; admin: boolean }
  privacy: { k: number; suppressed: boolean; masked_criteria: number[]; omitted_criteria: number[] }
}

let current: Me | null = null
export const me = (): Me => {
  if (!current) throw new Error('not logged in')
  return current
}

const post = (path: string, body: unknown) =>
  fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })

/** The session's user, or null when there is none (401). */
export async function loadMe(): Promise<Me | null> {
  const res = await fetch('/api/auth/me', { credentials: 'same-origin' })
  if (res.status === 401) return (current = null)
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`)
  return (current = (await res.json()) as Me)
}

export type LoginResult = { ok: true; me: Me } | { ok: false; status: number; retryAfter: number | null; message: string }

export async function login(username: string, password: string): Promise<LoginResult> {
  let res: Response
  try {
    res = await post('/api/auth/login', { username, password })
  } catch {
    return { ok: false, status: 0, retryAfter: null, message: 'network' }
  }
  if (res.ok) return { ok: true, me: (current = (await res.json()) as Me) }
  const body = await res.json().catch(() => ({}))
  return {
    ok: false,
    status: res.status,
    retryAfter: Number(res.headers.get('retry-after')) || null,
    message: body.error ?? res.statusText,
  }
}

export async function logout(): Promise<void> {
  await post('/api/auth/logout', {}).catch(() => undefined)
  current = null
}

export async function changePassword(
  current_password: string,
  new_password: string,
): Promise<{ ok: boolean; status: number; field?: string; message?: string }> {
  const res = await post('/api/auth/password', { current_password, new_password })
  if (res.ok) return { ok: true, status: 200 }
  const body = await res.json().catch(() => ({}))
  return { ok: false, status: res.status, field: body.issues?.[0]?.field, message: body.error }
}

import type { Role } from '../../auth/roles.ts'
import type { Queryable } from '../types.ts'

export interface UserRow {
  id: number
  username: string
  display_name: string | null
  role: Role
  scope_code: string | null
  disabled: boolean
  created_at: Date
  password_changed_at: Date
}
const COLS = 'u.id, u.username, u.display_name, u.role, u.scope_code, u.disabled, u.created_at, u.password_changed_at'

export async function userByName(q: Queryable, username: string): Promise<(UserRow & { password_hash: string }) | null> {
  const [u] = await q.query<UserRow & { password_hash: string }>(`SELECT ${COLS}, u.password_hash FROM users u WHERE u.username = $1`, [
    username,
  ])
  return u ?? null
}

export async function userById(q: Queryable, id: number): Promise<(UserRow & { password_hash: string }) | null> {
  const [u] = await q.query<UserRow & { password_hash: string }>(`SELECT ${COLS}, u.password_hash FROM users u WHERE u.id = $1`, [id])
  return u ?? null
}

export async function listUsers(q: Queryable): Promise<UserRow[]> {
  return q.query<UserRow>(`SELECT ${COLS} FROM users u ORDER BY u.username`)
}

export async function countUsers(q: Queryable): Promise<number> {
  const [r] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
  return r.n
}

export interface NewUser {
  username: string
  display_name?: string | null
  role: Role
  scope_code?: string | null
  password_hash: string
}

/** Inserts a user; null when the username is taken. */
export async function insertUser(q: Queryable, u: NewUser): Promise<UserRow | null> {
  const [r] = await q.query<UserRow>(
    `INSERT INTO users AS u (username, display_name, role, scope_code, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username) DO NOTHING RETURNING ${COLS}`,
    [u.username, u.display_name ?? null, u.role, u.role === 'officer' ? u.scope_code : null, u.password_hash],
  )
  return r ?? null
}

export interface UserPatch {
  display_name?: string | null
  role?: Role
  scope_code?: string | null
  disabled?: boolean
  password_hash?: string
}

export async function updateUser(q: Queryable, id: number, p: UserPatch): Promise<UserRow | null> {
  const sets: string[] = []
  const params: unknown[] = [id]
  const set = (col: string, v: unknown) => {
    params.push(v)
    sets.push(`${col} = $${params.length}`)
  }
  if (p.display_name !== undefined) set('display_name', p.display_name)
  if (p.role !== undefined) set('role', p.role)
  if (p.scope_code !== undefined) set('scope_code', p.scope_code)
  if (p.disabled !== undefined) set('disabled', p.disabled)
  if (p.password_hash !== undefined) {
    set('password_hash', p.password_hash)
    sets.push('password_changed_at = now()')
  }
  if (!sets.length) return (await userById(q, id)) && stripHash(await userById(q, id))
  const [r] = await q.query<UserRow>(`UPDATE users AS u SET ${sets.join(', ')} WHERE u.id = $1 RETURNING ${COLS}`, params)
  return r ?? null
}

export async function deleteUser(q: Queryable, id: number): Promise<UserRow | null> {
  const [r] = await q.query<UserRow>(`DELETE FROM users AS u WHERE u.id = $1 RETURNING ${COLS}`, [id])
  return r ?? null
}

export async function countActiveAdmins(q: Queryable): Promise<number> {
  const [r] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled`)
  return r.n
}

function stripHash(u: (UserRow & { password_hash?: string }) | null): UserRow | null {
  if (!u) return null
  const { password_hash: _, ...rest } = u
  return rest
}

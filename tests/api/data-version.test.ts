import { describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import type { Role } from '../../server/auth/roles.ts'
import { login, useTestApp, type Who } from '../helpers/app.ts'

// GET /api/data/version: an opaque version of the data a user may see. The map polls it and reloads when it
// changes (issue 14), so it must change on every write the user could see, stay put otherwise, keep an officer's
// area apart, and tell nothing else (no count, no date).
const t = useTestApp()
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const ROLES: Role[] = ['admin', 'officer', 'analyst', 'viewer']

/** The version as one role (or an extra user's cookie) sees it; checks the answer's shape on the way. */
async function versionOf(who: Who | { cookie: string }): Promise<string> {
  const res =
    typeof who === 'string'
      ? await t.get('/api/data/version', who)
      : await t.app.request('/api/data/version', { headers: { cookie: who.cookie } })
  expect(res.status).toBe(200)
  expect(res.headers.get('cache-control')).toBe('no-store')
  const body = await res.json()
  expect(Object.keys(body)).toEqual(['version'])
  expect(body.version).toMatch(/^[A-Za-z0-9_-]{22}$/)
  return body.version
}
const all = async () => Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await versionOf(r)] as const)))

let seq = 0
const uniq = () => `dv-${Date.now().toString(36)}-${seq++}`
async function villageIn(province: string): Promise<string> {
  const [v] = await t.db.query<{ code: string }>(
    `SELECT code FROM villages WHERE province_code = $1 AND geom IS NOT NULL ORDER BY code LIMIT 1`,
    [province],
  )
  return v.code
}
async function createIncident(who: Role, province: string): Promise<number> {
  const res = await t.request(
    '/api/incidents',
    {
      method: 'POST',
      ...json({
        external_id: uniq(),
        criterion: 1,
        subtype: 'theft',
        occurred_at: '2026-02-01T09:00',
        village_code: await villageIn(province),
      }),
    },
    who,
  )
  expect(res.status).toBe(201)
  return (await res.json()).id
}
/** An officer of Banteay Meanchey (province 01): the demo officer's area (12) is outside theirs. */
async function otherOfficer(): Promise<{ cookie: string }> {
  const username = uniq()
  const res = await t.request('/api/users', {
    method: 'POST',
    ...json({ username, role: 'officer', scope_code: '01', password: 'a-long-password-14' }),
  })
  expect(res.status).toBe(201)
  return { cookie: await login(t.app, username, 'a-long-password-14') }
}

describe('GET /api/data/version', () => {
  it('needs a session', async () => {
    const res = await t.get('/api/data/version', 'anonymous')
    expect(res.status).toBe(401)
    expect(await res.json()).not.toHaveProperty('version')
  })

  it('stays the same while nothing changes, for every role, and on another app process over the same database', async () => {
    const before = await all()
    expect(await all()).toEqual(before)
    // A second app (another process on one PostgreSQL) keys its versions with the same stored secret.
    const other = createApp(t.db, { staticDir: '/nonexistent' })
    const cookie = await login(other, 'admin')
    const res = await other.request('/api/data/version', { headers: { cookie } })
    expect((await res.json()).version).toBe(before.admin)
    // An officer sees other data than the admin: another version.
    expect(before.officer).not.toBe(before.admin)
  })

  it("changes after an officer's POST, PATCH and DELETE of an incident, for everyone who sees it", async () => {
    const v0 = await all()
    const id = await createIncident('officer', '12')
    const v1 = await all()
    for (const r of ROLES) expect(v1[r], `${r} after POST`).not.toBe(v0[r])
    expect(await all()).toEqual(v1) // and stays put again

    const patched = await t.request(`/api/incidents/${id}`, { method: 'PATCH', ...json({ description: 'checked on site' }) }, 'officer')
    expect(patched.status).toBe(200)
    const v2 = await all()
    for (const r of ROLES) expect(v2[r], `${r} after PATCH`).not.toBe(v1[r])

    const deleted = await t.request(`/api/incidents/${id}`, { method: 'DELETE' }, 'officer')
    expect(deleted.status).toBe(200)
    const v3 = await all()
    for (const r of ROLES) expect(v3[r], `${r} after DELETE`).not.toBe(v2[r])
    // The same rows as before the POST: the same version (a map that saw v2 still reloads, one that saw v0 need not).
    expect(v3).toEqual(v0)
  })

  it("keeps an officer's version still when the change is outside their area", async () => {
    const other = await otherOfficer()
    const theirs = await versionOf(other)
    const mine = await versionOf('officer')
    // A change in Phnom Penh (12): the Phnom Penh officer's version moves, the Banteay Meanchey officer's does not.
    const id = await createIncident('officer', '12')
    expect(await versionOf(other)).toBe(theirs)
    expect(await versionOf('officer')).not.toBe(mine)
    const edited = await t.request(`/api/incidents/${id}`, { method: 'PATCH', ...json({ criterion: 2, subtype: 'drug_dealing' }) })
    expect(edited.status).toBe(200)
    expect(await versionOf(other)).toBe(theirs)
    // A change in their own province does move it.
    await createIncident('admin', '01')
    expect(await versionOf(other)).not.toBe(theirs)
  })

  it('follows forums and police posts too', async () => {
    const v0 = await versionOf('officer')
    const forum = await t.request(
      '/api/forums',
      { method: 'POST', ...json({ area_code: '120101', held_on: '2001-02-03', attendance: 25 }) },
      'officer',
    )
    expect(forum.status).toBe(201)
    const v1 = await versionOf('officer')
    expect(v1).not.toBe(v0)
    const [post] = await t.db.query<{ id: number; staff: number }>(
      `SELECT id::int AS id, staff FROM police_posts WHERE commune_code LIKE '12%' ORDER BY id LIMIT 1`,
    )
    const res = await t.request(`/api/posts/${post.id}`, { method: 'PATCH', ...json({ staff: post.staff + 1 }) }, 'officer')
    expect(res.status).toBe(200)
    expect(await versionOf('officer')).not.toBe(v1)
  })

  it("gives a viewer only an opaque version: no count, no date, nothing that varies with the caller's filters", async () => {
    const res = await t.get('/api/data/version?from=2025-01-01&to=2025-01-07', 'viewer')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toEqual({ version: expect.any(String) })
    const [n] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents`)
    expect(body.version).not.toContain(String(n.n))
    expect(body.version).toBe(await versionOf('viewer')) // query parameters are ignored
  })
})

import { describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { login, useTestApp } from '../helpers/app.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

const t = useTestApp()
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const post = (url: string, body: unknown, cookie?: string) =>
  t.app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  })
const me = (cookie: string) => t.app.request('/api/auth/me', { headers: { cookie } })

describe('accounts and sessions', () => {
  it('logs in with an HttpOnly SameSite=Strict cookie and says who you are', async () => {
    const res = await post('/api/auth/login', { username: 'Officer ', password: TEST_PASSWORD })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^sv_session=[A-Za-z0-9_-]{43};/)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(cookie).toMatch(/Path=\//)
    const body = await res.json()
    expect(body).toMatchObject({
      username: 'officer',
      role: 'officer',
      scope: { code: '12', level: 'province', name_en: 'Phnom Penh' },
      can: { points: true, edit: true, import: true, admin: false },
    })
    expect(body.scope.bbox).toHaveLength(4)
    const viewer = await (await t.get('/api/auth/me', 'viewer')).json()
    expect(viewer).toMatchObject({ role: 'viewer', scope: null, can: { points: false, edit: false }, privacy: { k: 5, suppressed: true } })
    expect((await t.app.request('/api/auth/me')).status).toBe(401)
    expect((await t.app.request('/api/auth/me', { headers: { cookie: 'sv_session=forged-token' } })).status).toBe(401)
  })

  it('stores only a scrypt hash of each password, and only a hash of each session token', async () => {
    const users = await t.db.query<{ password_hash: string }>('SELECT password_hash FROM users')
    expect(users.every((u) => u.password_hash.startsWith('scrypt$') && !u.password_hash.includes(TEST_PASSWORD))).toBe(true)
    const token = (await login(t.app, 'analyst')).split('=')[1]
    const [s] = await t.db.query('SELECT count(*)::int AS n FROM sessions WHERE id = $1', [token])
    expect(s.n).toBe(0)
  })

  it('shares sessions through the database: another app process accepts the cookie, and logout ends it everywhere', async () => {
    const cookie = await login(t.app, 'analyst')
    const other = createApp(t.db, { staticDir: '/nonexistent' })
    expect((await other.request('/api/auth/me', { headers: { cookie } })).status).toBe(200)
    expect((await post('/api/auth/logout', {}, cookie)).status).toBe(200)
    expect((await other.request('/api/auth/me', { headers: { cookie } })).status).toBe(401)
    expect((await me(cookie)).status).toBe(401)
  })

  it('locks a username after 5 failed logins, even for the right password, and tells when to retry', async () => {
    expect(
      (await t.request('/api/users', { method: 'POST', ...json({ username: 'lockme', role: 'viewer', password: 'secret-words-2010' }) }))
        .status,
    ).toBe(201)
    for (let i = 1; i <= 5; i++) {
      const r = await post('/api/auth/login', { username: 'lockme', password: `wrong-${i}` })
      expect(r.status, `attempt ${i}`).toBe(401)
      expect((await r.json()).issues[0].field).toBe('password')
    }
    const locked = await post('/api/auth/login', { username: 'lockme', password: 'secret-words-2010' })
    expect(locked.status).toBe(429)
    // A 30 s lock, read from the database rather than from the clock (a busy machine may take seconds to get here).
    const retry = Number(locked.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(30)
    const [lock] = await t.db.query<{ s: number }>(
      `SELECT extract(epoch FROM locked_until - updated_at)::float8 AS s FROM login_throttle WHERE username = $1`,
      ['lockme'],
    )
    expect(Number(lock.s)).toBeCloseTo(30, 3)
    // Unknown usernames are throttled the same way (no hint which names exist).
    for (let i = 0; i < 5; i++) expect((await post('/api/auth/login', { username: 'nobody-here', password: 'x' })).status).toBe(401)
    expect((await post('/api/auth/login', { username: 'nobody-here', password: 'x' })).status).toBe(429)
    // When the lock runs out, the right password works and clears the count.
    await t.db.query(`UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE username = 'lockme'`)
    expect((await post('/api/auth/login', { username: 'lockme', password: 'secret-words-2010' })).status).toBe(200)
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM login_throttle WHERE username = 'lockme'`)
    expect(row.n).toBe(0)
  })

  it('changes a password: the old one stops working, other sessions end, weak ones are refused', async () => {
    await t.request('/api/users', { method: 'POST', ...json({ username: 'changer', role: 'analyst', password: 'first-password-1' }) })
    const a = await login(t.app, 'changer', 'first-password-1')
    const b = await login(t.app, 'changer', 'first-password-1')
    const weak = await post('/api/auth/password', { current_password: 'first-password-1', new_password: 'short' }, a)
    expect(weak.status).toBe(400)
    expect((await weak.json()).issues[0].field).toBe('new_password')
    expect((await post('/api/auth/password', { current_password: 'nope-nope-nope', new_password: 'second-password-2' }, a)).status).toBe(
      403,
    )
    expect((await post('/api/auth/password', { current_password: 'first-password-1', new_password: 'second-password-2' }, a)).status).toBe(
      200,
    )
    expect((await me(a)).status).toBe(200)
    expect((await me(b)).status).toBe(401)
    expect((await post('/api/auth/login', { username: 'changer', password: 'first-password-1' })).status).toBe(401)
    expect((await post('/api/auth/login', { username: 'changer', password: 'second-password-2' })).status).toBe(200)
  })
})

describe('user administration', () => {
  it('creates officers only with a real scope, and refuses duplicates and weak passwords naming the field', async () => {
    const cases: [unknown, number, string][] = [
      [{ username: 'o1', role: 'officer', password: 'a-long-password-1' }, 400, 'scope_code'],
      [{ username: 'o1', role: 'officer', scope_code: '99', password: 'a-long-password-1' }, 400, 'scope_code'],
      [{ username: 'o1', role: 'analyst', scope_code: '12', password: 'a-long-password-1' }, 400, 'scope_code'],
      [{ username: 'o1', role: 'officer', scope_code: '1201', password: 'short' }, 400, 'password'],
      [{ username: 'Bad Name!', role: 'viewer', password: 'a-long-password-1' }, 400, 'username'],
      [{ username: 'admin', role: 'viewer', password: 'a-long-password-1' }, 409, 'username'],
    ]
    for (const [body, status, field] of cases) {
      const r = await t.request('/api/users', { method: 'POST', ...json(body) })
      expect(r.status, JSON.stringify(body)).toBe(status)
      expect((await r.json()).issues[0].field, JSON.stringify(body)).toBe(field)
    }
    const ok = await t.request('/api/users', {
      method: 'POST',
      ...json({ username: 'o1', role: 'officer', scope_code: '120101', password: 'a-long-password-1' }),
    })
    expect(ok.status).toBe(201)
    const cookie = await login(t.app, 'o1', 'a-long-password-1')
    const m = await (await me(cookie)).json()
    expect(m.scope).toMatchObject({ code: '120101', level: 'commune' })
    // A commune officer sees their commune and nothing else.
    const rows = await (await t.app.request('/api/stats/areas?level=commune', { headers: { cookie } })).json()
    expect(rows.map((r: any) => r.code)).toEqual(['120101'])
    const inc = await (await t.app.request('/api/incidents?limit=5000', { headers: { cookie } })).json()
    expect(inc.features.length).toBeGreaterThan(0)
    expect(inc.features.every((f: any) => f.properties.commune_code === '120101')).toBe(true)
  })

  it('disabling a user or changing their role ends their sessions; the last admin cannot go', async () => {
    const created = await (
      await t.request('/api/users', { method: 'POST', ...json({ username: 'temp1', role: 'analyst', password: 'a-long-password-1' }) })
    ).json()
    const cookie = await login(t.app, 'temp1', 'a-long-password-1')
    expect((await t.request(`/api/users/${created.id}`, { method: 'PATCH', ...json({ disabled: true }) })).status).toBe(200)
    expect((await me(cookie)).status).toBe(401)
    expect((await post('/api/auth/login', { username: 'temp1', password: 'a-long-password-1' })).status).toBe(401)
    const users = await (await t.get('/api/users')).json()
    const admin = users.find((u: any) => u.username === 'admin')
    expect(users.every((u: any) => !('password_hash' in u))).toBe(true)
    const demote = await t.request(`/api/users/${admin.id}`, { method: 'PATCH', ...json({ role: 'analyst' }) })
    expect(demote.status).toBe(409)
    expect((await t.request(`/api/users/${admin.id}`, { method: 'DELETE' })).status).toBe(409)
    expect((await t.request('/api/users/999999', { method: 'DELETE' })).status).toBe(404)
  })
})

describe('audit log', () => {
  it('records creates, updates, deletes, imports and exports with the user, time, route and before/after', async () => {
    const since = new Date(Date.now() - 1000).toISOString()
    const [v] = await t.db.query<{ code: string }>(`SELECT code FROM villages WHERE province_code = '12' AND geom IS NOT NULL LIMIT 1`)
    const created = await (
      await t.request(
        '/api/incidents',
        {
          method: 'POST',
          ...json({ criterion: 2, subtype: 'drug_dealing', occurred_at: '2026-03-01T20:00', village_code: v.code, description: 'first' }),
        },
        'officer',
      )
    ).json()
    expect(created.properties).toMatchObject({ criterion: 2, village_code: v.code, description: 'first' })
    const patched = await t.request(
      `/api/incidents/${created.id}`,
      { method: 'PATCH', ...json({ description: 'second', criterion: 1, subtype: 'theft' }) },
      'officer',
    )
    expect(patched.status).toBe(200)
    expect((await t.request(`/api/incidents/${created.id}`, { method: 'DELETE' }, 'officer')).status).toBe(200)
    expect((await t.get(`/api/incidents/${created.id}`)).status).toBe(404)
    const imp = await t.request(
      '/api/incidents/import?source=audit-test',
      {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: `external_id,occurred_at,criterion,subtype,village_code\naudit-1,2026-02-01,1,theft,${v.code}\n`,
      },
      'officer',
    )
    expect((await imp.json()).inserted).toBe(1)
    expect((await t.get('/api/incidents?format=csv&area=12&limit=10', 'analyst')).status).toBe(200)

    const log = await (await t.get(`/api/audit?from=${encodeURIComponent(since)}&limit=100`)).json()
    const by = (action: string) => log.entries.filter((e: any) => e.action === action && e.entity === 'incident')
    const [create] = by('create'),
      [update] = by('update'),
      [del] = by('delete'),
      [im] = by('import'),
      [ex] = by('export')
    expect(create).toMatchObject({
      username: 'officer',
      method: 'POST',
      route: '/api/incidents',
      entity_id: String(created.id),
      after: { description: 'first', criterion: 2 },
    })
    expect(update).toMatchObject({
      username: 'officer',
      method: 'PATCH',
      route: '/api/incidents/:id',
      before: { description: 'first', criterion: 2 },
      after: { description: 'second', criterion: 1 },
    })
    expect(del).toMatchObject({ username: 'officer', method: 'DELETE', before: { description: 'second' } })
    expect(im).toMatchObject({ username: 'officer', route: '/api/incidents/import', summary: { inserted: 1, source: 'audit-test' } })
    expect(ex).toMatchObject({ username: 'analyst', action: 'export', summary: { format: 'csv', rows: 10 } })
    expect(Date.parse(create.at)).toBeGreaterThanOrEqual(Date.parse(since))
    // Paging newest first.
    const page = await (await t.get('/api/audit?limit=2')).json()
    expect(page.entries).toHaveLength(2)
    const next = await (await t.get(`/api/audit?limit=2&before=${page.next_before}`)).json()
    expect(next.entries[0].id).toBeLessThan(page.entries[1].id)
    expect((await t.get('/api/audit?action=explode')).status).toBe(400)
  })

  it('an officer cannot create or move an incident outside their area', async () => {
    const [v] = await t.db.query<{ code: string }>(`SELECT code FROM villages WHERE province_code = '01' AND geom IS NOT NULL LIMIT 1`)
    const out = await t.request(
      '/api/incidents',
      { method: 'POST', ...json({ criterion: 1, subtype: 'theft', occurred_at: '2026-03-01', village_code: v.code }) },
      'officer',
    )
    expect(out.status).toBe(403)
    expect((await out.json()).issues[0].field).toBe('village_code')
    const mine = await (await t.get('/api/incidents?area=12&limit=1', 'officer')).json()
    const move = await t.request(`/api/incidents/${mine.features[0].id}`, { method: 'PATCH', ...json({ village_code: v.code }) }, 'officer')
    expect(move.status).toBe(403)
  })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { login, useTestApp } from '../helpers/app.ts'

const t = useTestApp()
const post = (headers: Record<string, string>) =>
  t.request('http://127.0.0.1:5173/api/incidents/import', {
    method: 'POST',
    body: '',
    headers: { 'content-type': 'text/csv', host: '127.0.0.1:5173', ...headers },
  })

describe('security headers and CSRF', () => {
  it('sends a same-origin CSP, nosniff, no framing and no referrer on every response', async () => {
    for (const url of ['/api/health', '/api/no-such-route', '/nowhere']) {
      const res = await t.get(url)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp, url).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toMatch(/https?:|\*|unsafe-eval|'unsafe-inline'/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    }
    const missing = await t.get('/api/no-such-route')
    expect(missing.status).toBe(404)
    expect((await missing.json()).error).toContain('not found')
  })

  it('answers an unknown API path with a JSON 404 even where the web app is served', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'sv-dist-'))
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>SafeVillage</title>')
    const app = createApp(t.db, { staticDir: dist })
    const cookie = await login(app, 'admin')
    for (const [url, who] of [
      ['/api/no-such-route', cookie],
      ['/api/pilots/plans/1/nothing', cookie],
      ['/api/nothing', undefined],
    ] as const) {
      const res = await app.request(url, { headers: who ? { cookie: who } : {} })
      expect([401, 404], url).toContain(res.status)
      expect(res.headers.get('content-type'), url).toContain('application/json')
    }
    const page = await app.request('/some/app/path')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>SafeVillage')
  })

  it('refuses state-changing requests from another site, and lets our own and non-browser clients through', async () => {
    for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }] as Record<
      string,
      string
    >[]) {
      const res = await post(headers)
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect((await res.json()).issues[0].field).toBe('origin')
    }
    for (const headers of [{ origin: 'http://127.0.0.1:5173' }, { 'sec-fetch-site': 'same-origin' }, {}] as Record<string, string>[]) {
      const res = await post(headers)
      expect(res.status, JSON.stringify(headers)).toBe(400) // reached the handler: the empty file is refused
    }
  })
})

describe('input limits', () => {
  it('caps bbox extents and date ranges, naming the field', async () => {
    for (const [url, field] of [
      ['/api/incidents?bbox=90,0,110,20', 'bbox'],
      ['/api/villages?bbox=-180,-90,180,90', 'bbox'],
      ['/api/stats/areas?level=province&from=1900-01-01', 'from'],
      ['/api/stats/areas?level=province&to=2999-01-01', 'to'],
      ['/api/incidents?limit=100000', 'limit'],
      ['/api/incidents?limit=-1', 'limit'],
    ] as const) {
      const res = await t.get(url)
      expect(res.status, url).toBe(400)
      const body = await res.json()
      expect(
        body.issues.map((i: any) => i.field),
        url,
      ).toContain(field)
      expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|SELECT|stack/i) // no stack trace or SQL text
    }
    expect((await t.get('/api/incidents?bbox=102.3,10.4,107.7,14.7&limit=10')).status).toBe(200) // all of Cambodia is fine
  })

  it('refuses NUL characters in queries and JSON bodies with a 400 naming the field (PostgreSQL text cannot hold them)', async () => {
    const q = await t.get('/api/audit?username=a%00b')
    expect(q.status).toBe(400)
    expect((await q.json()).issues[0].field).toBe('username')
    const b = await t.request(
      '/api/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a\u0000b', password: 'x' }) },
      'anonymous',
    )
    expect(b.status).toBe(400)
    expect((await b.json()).issues[0].field).toBe('username')
    const p = await t.request('/api/posts/1', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name_en: 'x\u0000' }),
    })
    expect(p.status).toBe(400)
    // A backslash before "u0000" that is itself escaped is fine.
    const ok = await t.get(`/api/search?q=${encodeURIComponent('\\u0000')}`)
    expect(ok.status).toBe(200)
  })

  it('refuses a lone UTF-16 surrogate in a JSON body with a 400 naming the field (found by the fuzz: a 500 before)', async () => {
    const post = (path: string, body: string) => t.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const f = await post('/api/forums', '{"area_code":"120101","held_on":"2026-05-19","attendance":5,"notes":"\\ud800"}')
    expect(f.status).toBe(400)
    expect((await f.json()).issues[0]).toMatchObject({ field: 'notes', message: expect.stringContaining('surrogate') })
    const p = await post(
      '/api/posts',
      '{"code":"sur-1","name_en":"x","name_km":"\\udc00 ប៉ុស្តិ៍","post_type":"commune_post","staff":1,"lon":104.9,"lat":11.55}',
    )
    expect(p.status).toBe(400)
    expect((await p.json()).issues[0].field).toBe('name_km')
    const nested = await post('/api/pilots/plans', '{"name":"n","level":"commune","start_date":"2026-01-01","areas":["120101","\\ud83d"]}')
    expect((await nested.json()).issues[0].field).toBe('areas')
    // A proper pair (an emoji written as two escapes) is text like any other.
    const pair = await post('/api/forums', '{"area_code":"120101","held_on":"2026-05-20","attendance":5,"notes":"\\ud83d\\ude00 ok"}')
    expect(pair.status).toBe(201)
    expect((await pair.json()).notes).toBe('😀 ok')
  })
})

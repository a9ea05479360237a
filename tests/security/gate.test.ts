import { serve, type ServerType } from '@hono/node-server'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp, type AppOptions } from '../../server/app.ts'
import { MAX_CSV_BYTES, MAX_GEOJSON_BYTES, MAX_JSON_BYTES, MAX_SMALL_FILE_BYTES } from '../../server/body-limits.ts'
import type { Db } from '../../server/db/types.ts'
import { TEST_ENGINE } from '../helpers/db.ts'
import { login, useTestApp, type Who } from '../helpers/app.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// The request gate (server/app.ts): who is asking is checked before any body byte is read, every body is capped as it
// arrives, Host and Origin must be ours, and every refusal is audited with the client's address.
const t = useTestApp()
const KB = 1024,
  MB = 1024 * 1024

/** A body that would produce `total` bytes if read, counting what was pulled from it (nothing is produced ahead). */
function source(total: number, chunk = 16 * KB) {
  const bytes = new Uint8Array(chunk).fill(0x61)
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(ctl) {
        if (pulled >= total) return ctl.close()
        const n = Math.min(chunk, total - pulled)
        pulled += n
        ctl.enqueue(bytes.slice(0, n))
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => pulled }
}

/** POSTs a streamed body as `who`; `length` is the Content-Length sent (none: chunked). */
async function upload(
  path: string,
  who: Who,
  type: string,
  src: ReturnType<typeof source>,
  length?: number,
  headers: Record<string, string> = {},
) {
  const h: Record<string, string> = { 'content-type': type, ...headers }
  if (length != null) h['content-length'] = String(length)
  const res = await t.request(path, { method: 'POST', headers: h, body: src.stream, duplex: 'half' } as RequestInit, who)
  return { status: res.status, body: await res.json() }
}

const jsonPost = (path: string, body: string, who: Who = 'admin') =>
  t.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, who)

async function refusals(since: number) {
  const log = await (await t.get('/api/audit?action=refused&limit=1000')).json()
  return (log.entries as any[]).filter((e) => e.id > since)
}
const lastAuditId = async (db: Db) =>
  Number((await db.query<{ id: number }>(`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`))[0].id)

describe(`bodies are refused before they are read (${TEST_ENGINE})`, () => {
  // The attack found: a JSON content type made the NUL check read the whole import body before the session check.
  const TYPES = ['application/json', 'text/csv', 'application/geo+json']

  it('an anonymous 400 MB import is a 401 with at most a few KB of its body pulled, with or without Content-Length', async () => {
    for (const type of TYPES) {
      for (const length of [400 * MB, undefined]) {
        const src = source(400 * MB)
        const res = await upload('/api/incidents/import', 'anonymous', type, src, length)
        expect(res.status, type).toBe(401)
        expect(res.body.issues[0].field).toBe('session')
        expect(src.pulled(), `${type} ${length}`).toBeLessThanOrEqual(16 * KB)
      }
    }
  })

  it('a viewer (no import right) is a 403 without reading the body', async () => {
    for (const type of TYPES) {
      const src = source(400 * MB)
      const res = await upload('/api/incidents/import', 'viewer', type, src, 400 * MB)
      expect(res.status, type).toBe(403)
      expect(res.body.issues[0].field).toBe('role')
      expect(src.pulled(), type).toBeLessThanOrEqual(16 * KB)
    }
  })

  it('an admin whose Content-Length is over the cap is a 413 naming body, before a byte is read', async () => {
    for (const [path, type, cap] of [
      ['/api/incidents/import', 'text/csv', MAX_CSV_BYTES],
      ['/api/incidents/import', 'application/geo+json', MAX_GEOJSON_BYTES],
      ['/api/forums/import', 'text/csv', MAX_SMALL_FILE_BYTES],
      ['/api/posts/import', 'text/csv', MAX_SMALL_FILE_BYTES],
      ['/api/forums', 'application/json', MAX_JSON_BYTES],
    ] as const) {
      const src = source(cap + 1)
      const res = await upload(path, 'admin', type, src, cap + 1)
      expect(res.status, path).toBe(413)
      expect(res.body.issues[0].field).toBe('body')
      expect(src.pulled(), path).toBe(0)
    }
  })

  it('a chunked 5 MB JSON body (no Content-Length) is a 413 after about 1 MB pulled', async () => {
    const src = source(5 * MB)
    const res = await upload('/api/forums', 'admin', 'application/json', src)
    expect(res.status).toBe(413)
    expect(res.body.issues[0].field).toBe('body')
    expect(src.pulled()).toBeGreaterThan(MAX_JSON_BYTES)
    expect(src.pulled()).toBeLessThanOrEqual(MAX_JSON_BYTES + 16 * KB)
  })

  it('a Content-Length that lies (says 100, sends 3 MB) is cut at the cap all the same', async () => {
    const src = source(3 * MB)
    const res = await upload('/api/auth/login', 'anonymous', 'application/json', src, 100)
    expect(res.status).toBe(413)
    expect(src.pulled()).toBeLessThanOrEqual(MAX_JSON_BYTES + 16 * KB)
  })

  it('streamed files are cut at their route cap as they arrive: forum CSV at 5 MB, incident GeoJSON at 50 MB', async () => {
    const forums = source(8 * MB)
    const f = await upload('/api/forums/import', 'admin', 'text/csv', forums)
    expect(f.status).toBe(413)
    expect(f.body.issues[0].field).toBe('body')
    expect(forums.pulled()).toBeLessThanOrEqual(MAX_SMALL_FILE_BYTES + 16 * KB)
    const geo = source(MAX_GEOJSON_BYTES + 4 * MB, 256 * KB)
    const g = await upload('/api/incidents/import', 'admin', 'application/geo+json', geo)
    expect(g.status).toBe(413)
    expect(g.body.issues[0].field).toBe('body')
    expect(geo.pulled()).toBeLessThanOrEqual(MAX_GEOJSON_BYTES + 256 * KB)
  })

  it('still refuses a NUL and a lone surrogate in a JSON body with a 400 naming the field, and hands clean bodies on', async () => {
    const nul = await jsonPost('/api/auth/login', JSON.stringify({ username: 'a\u0000b', password: 'x' }), 'anonymous')
    expect(nul.status).toBe(400)
    expect((await nul.json()).issues[0].field).toBe('username')
    const escaped = await jsonPost('/api/forums', '{"area_code":"120101","held_on":"2026-05-19","attendance":5,"notes":"a\\u0000b"}')
    expect(escaped.status).toBe(400)
    expect((await escaped.json()).issues[0].field).toBe('notes')
    const lone = await jsonPost('/api/forums', '{"area_code":"120101","held_on":"2026-05-19","attendance":5,"notes":"\\udc00"}')
    expect(lone.status).toBe(400)
    expect((await lone.json()).issues[0]).toMatchObject({ field: 'notes', message: expect.stringContaining('surrogate') })
    // The buffered body reaches the route intact (a multi-byte text and an emoji pair).
    const ok = await jsonPost('/api/forums', '{"area_code":"120101","held_on":"2026-05-21","attendance":5,"notes":"ប៉ុស្តិ៍ \\ud83d\\ude00"}')
    expect(ok.status).toBe(201)
    expect((await ok.json()).notes).toBe('ប៉ុស្តិ៍ 😀')
  })

  it('audits every refusal as action refused, with the user when known, the route, the status and the field', async () => {
    const since = await lastAuditId(t.db)
    await upload('/api/incidents/import', 'anonymous', 'text/csv', source(MB), MB)
    await upload('/api/incidents/import', 'viewer', 'text/csv', source(MB), MB)
    await upload('/api/incidents/import', 'admin', 'text/csv', source(1), MAX_CSV_BYTES + 1)
    await t.request('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: '{}',
    })
    await t.get('/api/incidents', 'anonymous')
    const rows = await refusals(since)
    const seen = rows.map((e) => [e.username, e.method, e.route, e.summary.status, e.summary.field])
    expect(seen).toEqual(
      expect.arrayContaining([
        [null, 'POST', '/api/incidents/import', 401, 'session'],
        ['viewer', 'POST', '/api/incidents/import', 403, 'role'],
        ['admin', 'POST', '/api/incidents/import', 413, 'body'],
        [null, 'POST', '/api/users', 403, 'origin'],
        [null, 'GET', '/api/incidents', 401, 'session'],
      ]),
    )
    expect(rows.every((e) => e.action === 'refused' && 'client' in e)).toBe(true)
    // The new actions are filters of the audit list; others are still refused.
    for (const a of ['read', 'refused', 'password_failed']) expect((await t.get(`/api/audit?action=${a}&limit=1`)).status, a).toBe(200)
    expect((await t.get('/api/audit?action=explode')).status).toBe(400)
  })

  it("takes the client address from X-Forwarded-For only when told to trust a proxy (its last entry, the proxy's own)", async () => {
    const since = await lastAuditId(t.db)
    const trusting = createApp(t.db, { staticDir: '/nonexistent', trustProxy: true })
    const xff = { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }
    expect((await trusting.request('/api/incidents', { headers: xff })).status).toBe(401)
    expect((await t.app.request('/api/incidents', { headers: xff })).status).toBe(401)
    const rows = await t.db.query<{ client: string | null }>(`SELECT client FROM audit_log WHERE id > $1 ORDER BY id`, [since])
    expect(rows.map((r) => r.client)).toEqual(['203.0.113.7', null]) // no socket under app.request: no address
  })

  it('a refusal whose audit insert fails is still the refusal, never a 500', async () => {
    const failing = new Proxy(t.db, {
      get(target, prop) {
        if (prop === 'query')
          return (sql: string, params?: unknown[]) =>
            /INSERT INTO audit_log/.test(sql) ? Promise.reject(new Error('disk full')) : target.query(sql, params)
        const v = (target as any)[prop]
        return typeof v === 'function' ? v.bind(target) : v
      },
    }) as Db
    const app = createApp(failing, { staticDir: '/nonexistent' })
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const res = await app.request('/api/incidents/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x' })
      expect(res.status).toBe(401)
      expect(quiet).toHaveBeenCalledWith(expect.stringContaining('could not audit a refusal'))
    } finally {
      quiet.mockRestore()
    }
  })
})

describe('Host and Origin must be ours (CSRF, DNS rebinding)', () => {
  const post = (app: ReturnType<typeof createApp>, cookie: string, headers: Record<string, string>) =>
    app.request('http://127.0.0.1:5173/api/incidents/import', {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'text/csv', cookie, ...headers },
    })
  const field = async (res: Response) => (await res.json()).issues?.[0]?.field

  it("refuses another site's Origin, and lets the loopback origin on our port through", async () => {
    const cookie = await t.cookie('admin')
    const evil = await post(t.app, cookie, { origin: 'http://evil.example', host: '127.0.0.1:5173' })
    expect(evil.status).toBe(403)
    expect(await field(evil)).toBe('origin')
    for (const [origin, host] of [
      ['http://127.0.0.1:5173', '127.0.0.1:5173'],
      ['http://localhost:5173', 'localhost:5173'],
    ]) {
      const own = await post(t.app, cookie, { origin, host })
      expect(own.status, origin).toBe(400) // reached the handler: the empty file is refused
    }
    // Another port on our own machine is another origin (another local app).
    const other = await post(t.app, cookie, { origin: 'http://127.0.0.1:8080', host: '127.0.0.1:5173' })
    expect(other.status).toBe(403)
  })

  it("refuses DNS rebinding: the attacker's name as Host, for writes and for reads", async () => {
    const cookie = await t.cookie('admin')
    const write = await post(t.app, cookie, { origin: 'http://evil.example:5173', host: 'evil.example:5173' })
    expect(write.status).toBe(403)
    expect(await field(write)).toBe('host')
    const read = await t.app.request('/api/health', { headers: { host: 'evil.example:5173' } })
    expect(read.status).toBe(403)
    expect(await field(read)).toBe('host')
    // The Host header never widens the list: a matching Origin and Host of the attacker's name is still refused.
    const both = await post(t.app, cookie, { origin: 'http://evil.example', host: 'evil.example' })
    expect(both.status).toBe(403)
  })

  it('allows the configured PUBLIC_URL and port, and nothing else', async () => {
    const opts: AppOptions = { staticDir: '/nonexistent', publicUrl: 'https://safevillage.example', port: 8443 }
    const app = createApp(t.db, opts)
    const cookie = await login(app, 'admin')
    expect((await post(app, cookie, { origin: 'https://safevillage.example', host: 'safevillage.example' })).status).toBe(400)
    expect((await post(app, cookie, { origin: 'http://127.0.0.1:8443', host: '127.0.0.1:8443' })).status).toBe(400)
    expect((await post(app, cookie, { origin: 'http://127.0.0.1:5173', host: '127.0.0.1:5173' })).status).toBe(403) // not our port
    expect((await post(app, cookie, { origin: 'http://safevillage.example', host: 'safevillage.example' })).status).toBe(403) // not our scheme
    expect((await post(t.app, cookie, { origin: 'https://safevillage.example', host: 'safevillage.example' })).status).toBe(403) // not configured here
  })
})

describe('on a real socket', () => {
  let server: ServerType
  let port = 0
  beforeAll(async () => {
    const app = createApp(t.db, { staticDir: '/nonexistent' })
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((r) => server?.close(r))
  })

  it('records the client address 127.0.0.1 (not a forged X-Forwarded-For) and serves our own origin on its real port', async () => {
    const since = await lastAuditId(t.db)
    const res = await fetch(`http://127.0.0.1:${port}/api/incidents?limit=1`, { headers: { 'x-forwarded-for': '203.0.113.9' } })
    expect(res.status).toBe(401)
    const [row] = await t.db.query<{ client: string; action: string }>(`SELECT client, action FROM audit_log WHERE id > $1 ORDER BY id`, [
      since,
    ])
    expect(row).toEqual({ client: '127.0.0.1', action: 'refused' })
    // A JSON body (buffered by the gate) and a CSV body (capped stream) reach their routes through the real server.
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    const imp = await fetch(`http://127.0.0.1:${port}/api/incidents/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie, origin: `http://localhost:${port}` },
      body: 'external_id,occurred_at,criterion,subtype,village_code\ngate-1,2026-02-01,1,theft,99999999\n',
    })
    expect(imp.status).toBe(200)
    expect((await imp.json()).errors_total).toBe(1)
  })

  it('answers an anonymous 400 MB upload with 401 and cuts it, without the process growing by the upload', async () => {
    const warm = await rawUpload(port, MB) // warm the code paths before measuring
    expect(warm.status).toBe(401)
    const before = process.memoryUsage().rss
    const total = 400 * MB
    const res = await rawUpload(port, total)
    const grown = process.memoryUsage().rss - before
    expect(res.status).toBe(401)
    expect(res.written).toBeLessThan(total / 4) // the server closed the connection: the upload was cut
    expect(grown).toBeLessThan(50 * MB)
  })
})

/** Streams `total` bytes as JSON to the import with plain node:http (from one reused buffer) until done or cut. */
function rawUpload(port: number, total: number): Promise<{ status: number | null; written: number }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * KB, 'a')
    let written = 0,
      status: number | null = null,
      done = false
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/incidents/import',
      headers: { 'content-type': 'application/json', 'content-length': String(total) },
    })
    const finish = () => {
      if (!done) {
        done = true
        resolve({ status, written })
      }
    }
    req.on('response', (res) => {
      status = res.statusCode ?? null
      res.resume()
    })
    req.on('error', finish)
    req.on('socket', (s) => s.on('close', () => setImmediate(finish)))
    const pump = () => {
      while (written < total && !req.destroyed) {
        written += chunk.length
        if (!req.write(chunk)) {
          req.once('drain', pump)
          return
        }
      }
      if (written >= total) req.end()
    }
    pump()
  })
}

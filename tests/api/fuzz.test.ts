import { describe, expect, it } from 'vitest'
import { RULES } from '../../server/auth/rules.ts'
import { Rng } from '../../server/seed/prng.ts'
import { useTestApp, type Who } from '../helpers/app.ts'
import { TEST_ENGINE } from '../helpers/db.ts'

// Thousands of random and malformed requests across every route of the app (read from its route table), as every
// role: no answer may be a 5xx, every 4xx must be JSON with an error, and nothing may show a stack or SQL.
const t = useTestApp()
const SEED = Number(process.env.FUZZ_SEED ?? 20101)
const COUNT = Number(process.env.FUZZ_COUNT ?? 6000)

const HOSTILE = [
  '', ' ', '0', '-1', '-0', '1e308', '1e999', '-1e999', 'NaN', 'Infinity', '99999999999999999999', '0x1F', '1.5', '2147483648',
  "1' OR '1'='1", "'; DROP TABLE incidents; --", '") OR 1=1 --', '$1', '\\', '%', '%00', '\u0000', '../../etc/passwd', '<script>alert(1)</script>',
  'ភ្នំពេញ', 'ភូមិ ១២', '\u200b\u200c\u200d', '\ufeff', '😀🇰🇭', 'İ', 'ß', 'a'.repeat(10_000), '12', '1201', '120101', '12010101', '99',
  'true', 'false', 'null', '[]', '{}', '2025-13-45', '2025-02-30', '1900-01-01', '2026-01-01', '9999-12-31', '2026-01-01T25:00:00Z',
  '104.8,11.5,105,11.7', '0,0,180,90', '-200,-100,200,100', '105,11,104,12', 'a,b,c,d', '1,2,3', '1,2,3,4,5',
  '1,2,3', '3', '0,6', '1,,2', 'gistar', 'optimized', 'ehsa', 'hex', 'village', 'commune', 'png', 'geotiff', 'csv', 'geojson',
]
const PARAMS = ['area', 'parent', 'level', 'from', 'to', 'criteria', 'bbox', 'limit', 'cursor', 'format', 'method', 'unit', 'size', 'band', 'knn',
  'rate', 'fdr', 'permutations', 'seed', 'alpha', 'step', 'q', 'bandwidth', 'cell', 'kernel', 'per', 'levels', 'commune', 'source',
  'username', 'action', 'entity', 'before', '__proto__', 'constructor', 'x']
const BODY_KEYS = ['username', 'password', 'current_password', 'new_password', 'role', 'scope_code', 'display_name', 'disabled', 'criterion', 'subtype',
  'occurred_at', 'description', 'village_code', 'village_name', 'area_code', 'lon', 'lat', 'external_id', 'source', '__proto__', 'constructor']
const DEMO = new Set(['admin', 'analyst', 'viewer', 'officer'])

function pick<T>(r: Rng, xs: readonly T[]): T { return xs[r.int(xs.length)] }

function value(r: Rng): unknown {
  switch (r.int(9)) {
    case 0: return pick(r, HOSTILE)
    case 1: return r.float() < 0.5 ? r.int(2 ** 31) * (r.float() < 0.3 ? -1 : 1) : r.uniform(-1e6, 1e6)
    case 2: return pick(r, [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1, -0, 5])
    case 3: return r.float() < 0.5
    case 4: return null
    case 5: return [pick(r, HOSTILE), r.int(10)]
    case 6: return { nested: pick(r, HOSTILE) }
    case 7: return pick(r, ['theft', 'use', 'domestic_violence', 'officer', 'viewer', 'admin', '2026-02-01', '12010101', '1201'])
    default: return pick(r, HOSTILE).slice(0, 40)
  }
}

function query(r: Rng): string {
  const n = r.int(6)
  const parts: string[] = []
  for (let i = 0; i < n; i++) {
    const k = r.float() < 0.9 ? pick(r, PARAMS) : pick(r, HOSTILE).slice(0, 20)
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(value(r)))}`)
    if (r.float() < 0.1) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(value(r)))}`) // repeated parameter
  }
  if (r.float() < 0.05) parts.push('%E0%A4%A=broken-escape')
  return parts.length ? `?${parts.join('&')}` : ''
}

function pathParam(r: Rng, name: string): string {
  const safe = ['1', '2', '5', '100', '19999', '1000000', '0', '-1', '1e3', 'abc', '12', '1201', '120101', '12010101', '01020101', '99999999']
  const v = r.float() < 0.6 ? pick(r, safe) : String(pick(r, HOSTILE)).slice(0, 300)
  // Users 1-4 are the demo accounts every role's session belongs to: fuzzing them with valid edits would end the run.
  if (name === 'id' && /^[1-4]$/.test(v)) return String(1000 + r.int(1000))
  return encodeURIComponent(v) || 'x'
}

function jsonBody(r: Rng, route: string): string {
  switch (r.int(8)) {
    case 0: return pick(r, ['{', '{"a":', 'nul', '[', '"', '{"username":"x",}', '\u0000', '', '   '])
    case 1: return pick(r, ['null', '[]', '"str"', '42', 'true', '{}'])
    case 2: return '['.repeat(1000) + ']'.repeat(1000)
    case 3: return JSON.stringify({ a: 'x'.repeat(200_000) })
    default: {
      const o: Record<string, unknown> = {}
      for (let i = 0, n = 1 + r.int(6); i < n; i++) o[pick(r, BODY_KEYS)] = value(r)
      if (route.includes('/auth/login') && typeof o.username === 'string' && DEMO.has(o.username.trim().toLowerCase())) o.username = 'fuzz-user'
      if (route.includes('/auth/login') && o.username === undefined) o.username = `fuzz-${r.int(50)}`
      return JSON.stringify(o)
    }
  }
}

function importBody(r: Rng): { body: string; type: string } {
  const type = pick(r, ['text/csv', 'text/csv; charset=utf-8', 'application/geo+json', 'application/json', 'text/plain', '', 'multipart/form-data'])
  const csv = pick(r, [
    '', '\ufeff', 'external_id,occurred_at,criterion\n', 'external_id,occurred_at,criterion,subtype,lon,lat\nf1,2025-01-01,1,theft,104.9,11.55\n',
    'external_id,occurred_at,criterion\n"unclosed,2025,1\n', 'a;b;c\n1;2;3\n', 'external_id\texternal_id\n1\t2\n',
    `external_id,occurred_at,criterion,subtype,village_name\nk${r.int(1e6)},2025-01-01,3,trafficking,ភូមិ ${pick(r, HOSTILE).slice(0, 30)}\n`,
    `external_id,occurred_at,criterion,subtype,lon,lat\nx${r.int(1e6)},${pick(r, HOSTILE).slice(0, 30)},${pick(r, HOSTILE).slice(0, 10)},theft,1e999,-1e999\n`,
    'external_id,occurred_at,criterion\n' + 'z,2025-01-01,1\n'.repeat(3000), '\u0000\u0001\u0002', '"a""b",c\n"d\n',
  ])
  const geo = pick(r, ['{"type":"FeatureCollection","features":[]}', '{"type":"FeatureCollection","features":[null,1,"x",{"type":"Feature"}]}',
    '{"type":"Feature"}', '{', `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,"x"]},"properties":{"criterion":"${pick(r, HOSTILE).slice(0, 20)}"}}]}`])
  return { body: type.includes('csv') || r.float() < 0.3 ? csv : geo, type }
}

/** Expensive analyses are sampled less often, so the run stays short. */
// Routes that run a whole analysis when their input is valid get fewer requests (their input parsing is shared).
const WEIGHT: Record<string, number> = { 'GET /api/hotspots': 0.15, 'GET /api/density': 0.15, 'GET /api/pilots/scores': 0.1, 'GET /api/pilots/plans/:id/evaluation': 0.3,
  'GET /api/safety/trend': 0.3, 'GET /api/reports': 0.3, 'GET /api/ranking': 0.3, 'GET /api/forums/compliance': 0.3, 'GET /api/safety': 0.5, 'GET /api/posts/service-areas': 0.1, 'GET /api/posts/coverage': 0.3, 'POST /api/incidents/import': 0.5, 'GET /api/stats/areas': 0.5, 'GET /api/areas': 0.3, 'POST /api/auth/password': 0.3 }
const WHO: Who[] = ['admin', 'admin', 'admin', 'officer', 'analyst', 'viewer', 'anonymous']

describe.skipIf(TEST_ENGINE !== 'pglite')('fuzz', () => {
  it(`${COUNT} random and malformed requests across every route: no 5xx, every 4xx is a JSON error, no stack or SQL`, async () => {
    const routes = [...new Set(t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`))]
    expect(routes.sort()).toEqual(Object.keys(RULES).sort())
    const weights = routes.map((k) => WEIGHT[k] ?? 1)
    const total = weights.reduce((s, w) => s + w, 0)
    const r = new Rng(SEED)
    const failures: string[] = []
    const seen = new Map<string, number>()
    const spent = new Map<string, number>()
    let sent = 0
    for (let i = 0; i < COUNT; i++) {
      let u = r.float() * total, k = 0
      while (u > weights[k]) u -= weights[k++]
      const key = routes[Math.min(k, routes.length - 1)]
      const [method, pattern] = key.split(' ')
      let who = pick(r, WHO)
      // Logging out a shared session, or changing a demo user's password, would end the run's own sessions.
      if (key === 'POST /api/auth/logout') who = 'anonymous'
      const path = pattern.replace(/:(\w+)/g, (_, name) => pathParam(r, name)) + query(r)
      const init: RequestInit = { method, headers: {} }
      if (method !== 'GET' && r.float() < 0.95) {
        const b = key === 'POST /api/incidents/import' ? importBody(r) : { body: jsonBody(r, key), type: pick(r, ['application/json', 'application/json', 'application/json', 'text/plain', '']) }
        if (key === 'POST /api/auth/password' && b.body.includes('test-password-2010')) b.body = '{}'
        init.body = b.body
        if (b.type) (init.headers as Record<string, string>)['content-type'] = b.type
      }
      let res: Response
      const t0 = performance.now()
      try {
        res = await t.request(path, init, who)
      } catch (e) {
        failures.push(`${who} ${method} ${path.slice(0, 120)}: threw ${(e as Error).message}`)
        continue
      }
      sent++
      spent.set(key, (spent.get(key) ?? 0) + performance.now() - t0)
      seen.set(`${res.status}`, (seen.get(`${res.status}`) ?? 0) + 1)
      const text = await res.text()
      const where = `#${i} ${who} ${method} ${path.slice(0, 160)} body=${String(init.body ?? '').slice(0, 80)} -> ${res.status}`
      if (res.status >= 500) { failures.push(`${where}: ${text.slice(0, 200)}`); continue }
      if (res.status >= 400) {
        const ct = res.headers.get('content-type') ?? ''
        let err: unknown
        try { err = JSON.parse(text).error } catch { err = undefined }
        if (!ct.includes('application/json') || typeof err !== 'string' || !err) failures.push(`${where}: not a JSON error (${ct}): ${text.slice(0, 120)}`)
      }
      if (/\n\s+at .+\(|node_modules|\.ts:\d+|syntax error at or near|SELECT .+ FROM|pglite|postgres\.js/i.test(res.status >= 400 ? text : '')) {
        failures.push(`${where}: leaks internals: ${text.slice(0, 200)}`)
      }
    }
    console.log(`[fuzz] seed ${SEED}: ${sent} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...seen].sort()))}; ` +
      `slowest routes (s): ${[...spent].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}`).join(', ')}`)
    expect(failures.slice(0, 20), `seed ${SEED}: ${failures.length} failures`).toEqual([])
    expect(sent).toBeGreaterThanOrEqual(5000)
    expect((await t.get('/api/health', 'anonymous')).status).toBe(200)
    expect((await t.get('/api/auth/me', 'admin')).status).toBe(200)
  }, 900_000)
})

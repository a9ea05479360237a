import { describe, expect, it } from 'vitest'
import { RULES } from '../../server/auth/rules.ts'
import { Rng } from '../../server/seed/prng.ts'
import { useTestApp, type Who } from '../helpers/app.ts'
import { TEST_ENGINE } from '../helpers/db.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// Thousands of random and malformed requests across every route of the app (read from its route table), as every
// role: no answer may be a 5xx, every 4xx must be JSON with an error, and nothing may show a stack or SQL.
// Reproduce a failure with FUZZ_SEED=<seed> (and FUZZ_COUNT=<n> for a longer or shorter run).
const t = useTestApp()
const SEED = Number(process.env.FUZZ_SEED ?? 20101)
const COUNT = Number(process.env.FUZZ_COUNT ?? 6000)

const HOSTILE = [
  '',
  ' ',
  '0',
  '-1',
  '-0',
  '1e308',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '0x1F',
  '1.5',
  '2147483648',
  "1' OR '1'='1",
  "'; DROP TABLE incidents; --",
  '") OR 1=1 --',
  '$1',
  '\\',
  '%',
  '%00',
  '\u0000',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:x}',
  'ភ្នំពេញ',
  'ភូមិ ១២',
  '១២០១',
  '\u200b\u200c\u200d',
  '\ufeff',
  '\u202e',
  '😀🇰🇭',
  'İ',
  'ß',
  '\ud800',
  'a'.repeat(10_000),
  'ក'.repeat(5000),
  '12',
  '1201',
  '120101',
  '12010101',
  '99',
  'true',
  'false',
  'null',
  '[]',
  '{}',
  '2025-13-45',
  '2025-02-30',
  '1900-01-01',
  '2026-01-01',
  '9999-12-31',
  '2026-01-01T25:00:00Z',
  '104.8,11.5,105,11.7',
  '0,0,180,90',
  '-200,-100,200,100',
  '105,11,104,12',
  'a,b,c,d',
  '1,2,3',
  '1,2,3,4,5',
  '3',
  '0,6',
  '1,,2',
  'gistar',
  'optimized',
  'ehsa',
  'hex',
  'village',
  'commune',
  'png',
  'geotiff',
  'csv',
  'geojson',
  'mclp',
  'lscp',
  'pmedian',
  'population',
  'risk',
  'hotspot',
  'commune_post',
  'district_station',
  'provincial_hq',
]
/** Every query parameter any route knows, plus some no route does: sent to the wrong routes now and then. */
const ANY_PARAMS = ['__proto__', 'constructor', 'x', 'id', 'page']
const ANY_BODY_KEYS = ['__proto__', 'constructor', 'id', 'x']
const DEMO = new Set(['admin', 'analyst', 'viewer', 'officer'])

/** encodeURIComponent, but a lone surrogate goes as its raw bytes (not UTF-8) rather than throwing. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s)
  } catch {
    return '%ED%A0%80'
  }
}

function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[r.int(xs.length)]
}

function value(r: Rng): unknown {
  switch (r.int(10)) {
    case 0:
      return pick(r, HOSTILE)
    case 1:
      return r.float() < 0.5 ? r.int(2 ** 31) * (r.float() < 0.3 ? -1 : 1) : r.uniform(-1e6, 1e6)
    case 2:
      return pick(r, [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1, -0, 5, 104.9, 11.55, 500, 501])
    case 3:
      return r.float() < 0.5
    case 4:
      return null
    case 5:
      return [pick(r, HOSTILE), r.int(10)]
    case 6:
      return { nested: pick(r, HOSTILE) }
    case 7:
      return pick(r, [
        'theft',
        'use',
        'domestic_violence',
        'officer',
        'viewer',
        'admin',
        '2026-02-01',
        '12010101',
        '1201',
        'mclp',
        'population',
      ])
    case 8:
      return Array.from({ length: r.int(4) }, () => ({
        lon: pick(r, [104.9, 1e308, '105', null, -0]),
        lat: pick(r, [11.55, -91, 'x', 12]),
        name: pick(r, HOSTILE).slice(0, 120),
      }))
    default:
      return pick(r, HOSTILE).slice(0, 40)
  }
}

/** A value the route's OpenAPI schema allows, or just past one of its bounds: mixed with hostile ones so handlers run deep. */
type Schema = {
  type?: string | string[]
  enum?: unknown[]
  default?: unknown
  example?: unknown
  pattern?: string
  minimum?: number
  maximum?: number
  items?: Schema
  properties?: Record<string, Schema>
}
const AREAS = ['12', '1201', '120101', '12010101', '01', '17', '1702', '170201']
function plausible(r: Rng, name: string, s: Schema = {}, strict = false): unknown {
  if (name === 'lon') return 104.8 + r.float() / 5
  if (name === 'lat') return 11.5 + r.float() / 5
  if (name === 'bbox') return pick(r, ['104.8,11.5,105.0,11.65', '102.3,10.4,107.7,14.7', '104.9,11.5,104.95,11.6', '104,11,106,13'])
  if (name === 'criteria') return pick(r, ['1', '1,3', '2,5,7', '1,2,3,4,5'])
  if (s.enum?.length && (strict || r.float() < 0.9)) return pick(r, s.enum)
  if (s.example !== undefined && (strict || r.float() < 0.5)) return s.example
  const date = () => `${2024 + r.int(3)}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`
  if (s.pattern) {
    // codes and dates that match it
    const re = new RegExp(s.pattern)
    const fits = [...AREAS, date()].filter((x) => re.test(x))
    if (fits.length) return pick(r, fits)
  }
  if (['from', 'to', 'occurred_at'].includes(name)) return date()
  if (['area', 'parent', 'code', 'commune', 'scope_code', 'area_code'].includes(name)) return pick(r, AREAS)
  const type = Array.isArray(s.type) ? s.type[0] : s.type
  if (type === 'integer' || type === 'number') {
    const lo = s.minimum ?? 0,
      hi = s.maximum ?? 1000
    const x = strict || r.float() < 0.8 ? lo + (hi - lo) * r.float() ** 3 : pick(r, [lo, hi, lo - 1, hi + 1]) // mostly small, sometimes on or past a bound
    return type === 'integer' ? Math.round(x) : x
  }
  if (type === 'boolean') return r.float() < 0.5
  if (type === 'array') return Array.from({ length: r.int(4) }, () => plausible(r, name, s.items, strict))
  if (type === 'object' && s.properties)
    return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, plausible(r, k, v, strict)]))
  if (s.default !== undefined) return s.default
  return pick(r, ['fuzz', 'ភូមិ', 'ប៉ុស្តិ៍ នគរបាល', `f${r.int(1e6)}`, 'theft', '😀'])
}

function query(r: Rng, params: readonly string[], all: readonly string[], schemas: Record<string, Schema> = {}): string {
  const n = r.int(6)
  const parts: string[] = []
  for (let i = 0; i < n; i++) {
    const u = r.float()
    const k = u < 0.75 && params.length ? pick(r, params) : u < 0.9 ? pick(r, all) : pick(r, HOSTILE).slice(0, 20)
    parts.push(`${enc(k)}=${enc(String(r.float() < 0.5 ? plausible(r, k, schemas[k]) : value(r)))}`)
    if (r.float() < 0.1) parts.push(`${enc(k)}=${enc(String(value(r)))}`) // repeated parameter: a=1&a=2
    if (r.float() < 0.03) parts.push(enc(k)) // no '=' at all
  }
  if (r.float() < 0.05) parts.push('%E0%A4%A=broken-escape')
  if (r.float() < 0.02) parts.push('area=%FF%FE') // not UTF-8
  return parts.length ? `?${parts.join('&')}` : ''
}

function pathParam(r: Rng, name: string): string {
  const safe = [
    '1',
    '2',
    '5',
    '100',
    '19999',
    '1000000',
    '0',
    '-1',
    '1e3',
    'abc',
    '12',
    '1201',
    '120101',
    '12010101',
    '01020101',
    '99999999',
    '00000000-0000-0000-0000-000000000000',
    'not-a-uuid',
  ]
  let v = r.float() < 0.6 ? pick(r, safe) : String(pick(r, HOSTILE))
  if (r.float() < 0.9) v = v.slice(0, 300) // a few path parameters keep the 10k characters
  // Users 1-4 are the demo accounts every role's session belongs to: fuzzing them with valid edits would end the run.
  // z.coerce.number reads ' 1', '01', '1e0' and '0x1' as 1, so look at the number, not the text.
  if (name === 'id') {
    const x = Number(v.trim())
    if (x >= 1 && x < 5) v = String(1000 + r.int(1000))
  }
  return enc(v) || 'x'
}

function jsonBody(r: Rng, key: string, props: Record<string, Schema>): string {
  const keys = Object.keys(props)
  switch (r.int(10)) {
    case 9:
    case 8: {
      // every field the schema knows, near valid, now and then one of them hostile: reaches the handlers' own checks and writes
      const o = Object.fromEntries(keys.map((k) => [k, plausible(r, k, props[k])]))
      if (keys.length && r.float() < 0.4) o[pick(r, keys)] = value(r)
      return JSON.stringify(guard(r, key, o))
    }
    case 0:
      return pick(r, [
        '{',
        '{"a":',
        'nul',
        '[',
        '"',
        '{"username":"x",}',
        '\u0000',
        '',
        '   ',
        '{"a":1}{"b":2}',
        "{'a':1}",
        '{"a":NaN}',
        '{"a":1e999}',
      ])
    case 1:
      return pick(r, ['null', '[]', '"str"', '42', 'true', '{}', '-0', '1e999', '"ភ្នំពេញ"'])
    case 2:
      return r.float() < 0.5 ? '['.repeat(1000) + ']'.repeat(1000) : `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`
    case 3:
      return r.float() < 0.3
        ? JSON.stringify({ [pick(r, keys.length ? keys : ANY_BODY_KEYS)]: 'x'.repeat(200_000) })
        : JSON.stringify(Object.fromEntries(keys.map((k) => [k, value(r)])))
    default: {
      const o: Record<string, unknown> = {}
      const plausibleOnes = r.float() < 0.5
      for (let i = 0, n = 1 + r.int(6); i < n; i++) {
        const k = r.float() < 0.85 && keys.length ? pick(r, keys) : pick(r, ANY_BODY_KEYS)
        o[k] = plausibleOnes && r.float() < 0.8 ? plausible(r, k, props[k]) : value(r)
      }
      return JSON.stringify(guard(r, key, o))
    }
  }
}

/** Keeps a body from ending the run's own sessions or running long. */
function guard(r: Rng, key: string, o: Record<string, unknown>): Record<string, unknown> {
  // Failed logins of the demo users would lock the accounts whose sessions the run uses.
  if (key === 'POST /api/auth/login' && (typeof o.username !== 'string' || DEMO.has(o.username.trim().toLowerCase())))
    o.username = `fuzz-${r.int(50)}`
  // A placement job runs on in the background: keep its solver short.
  if (key === 'POST /api/posts/optimize' && (o.time_limit_s === undefined || (typeof o.time_limit_s === 'number' && o.time_limit_s > 3)))
    o.time_limit_s = 1 + r.int(3)
  return o
}

const INCIDENT_CSV = 'external_id,occurred_at,criterion,subtype,lon,lat,village_code,village_name,description'
const POST_CSV = 'code,name_en,name_km,post_type,staff,lon,lat'

function importBody(r: Rng, key: string): { body: string | Uint8Array<ArrayBuffer>; type: string } {
  const type = pick(r, [
    'text/csv',
    'text/csv; charset=utf-8',
    'TEXT/CSV',
    'application/geo+json',
    'application/json',
    'text/plain',
    '',
    'multipart/form-data; boundary=x',
  ])
  const head = key.startsWith('POST /api/posts') ? POST_CSV : INCIDENT_CSV
  const h = (s: string) => pick(r, HOSTILE).slice(0, 30) + s
  const csv = pick(r, [
    '',
    '\ufeff',
    `${head}\n`,
    `\ufeff${head}\r\n`,
    `${head}\nf${r.int(1e6)},2025-01-01,1,theft,104.9,11.55,,,\n`,
    `${head}\n"unclosed,2025,1\n`,
    'a;b;c\n1;2;3\n',
    'external_id\texternal_id\n1\t2\n',
    `${head},${head}\n1,2\n`,
    `${head}\nk${r.int(1e6)},2025-01-01,3,trafficking,,,,ភូមិ ${h('')},ចោរកម្ម\n`,
    `${head}\nx${r.int(1e6)},${h('')},${h('')},${h('')},1e999,-1e999,${h('')},${h('')},${h('')}\n`,
    `${head}\nP${r.int(1e6)},${h('')},ប៉ុស្តិ៍,commune_post,${h('')},104.9,11.55\n`,
    `${head}\n${'z,2025-01-01,1,theft,104.9,11.55,,,\n'.repeat(3000)}`,
    '\u0000\u0001\u0002',
    `${head}\nn\u0000ul,2025-01-01\u0000,1\n`,
    '"a""b",c\n"d\n',
    `${head}\n${'"'.repeat(5000)}`,
    `${head}\n${'a,'.repeat(5000)}\n`,
  ])
  const geo = pick(r, [
    '{"type":"FeatureCollection","features":[]}',
    '{"type":"FeatureCollection","features":[null,1,"x",{"type":"Feature"}]}',
    '{"type":"Feature"}',
    '{',
    '[]',
    'null',
    '{"type":"FeatureCollection","features":{}}',
    '{"type":"FeatureCollection"}',
    `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,"x"]},"properties":{"criterion":${JSON.stringify(pick(r, HOSTILE).slice(0, 20))}}}]}`,
    `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[104,11],[105,11],[104,11]]]},"properties":null}]}`,
    `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[104.9,11.55]},"properties":${JSON.stringify({ code: `F${r.int(1e6)}`, criterion: value(r), occurred_at: value(r), post_type: value(r), staff: value(r), name_en: value(r), name_km: 'ប៉ុស្តិ៍' })}}]}`,
  ])
  if (r.float() < 0.05) return { body: Uint8Array.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xc3, 0x28, 0x00, 0x0a, 0xe1, 0x9e]), type } // BOM, then not UTF-8
  return { body: type.toLowerCase().includes('csv') || r.float() < 0.3 ? csv : geo, type }
}

/** Expensive analyses are sampled less often, so the run stays short; every route still gets some. */
const WEIGHT: Record<string, number> = {
  'GET /api/posts/service-areas': 0.05,
  'GET /api/posts/coverage': 0.25,
  'GET /api/incidents/points': 0.5,
  'GET /api/hotspots': 0.15,
  'GET /api/density': 0.15,
  'POST /api/incidents/import': 0.5,
  'POST /api/posts/import': 0.5,
  'GET /api/stats/areas': 0.5,
  'GET /api/areas': 0.3,
  'POST /api/auth/password': 0.3,
  'GET /api/pilots/scores': 0.1,
  'GET /api/pilots/plans/:id/evaluation': 0.3,
  'GET /api/safety/trend': 0.3,
  'GET /api/reports': 0.3,
  'GET /api/ranking': 0.3,
  'GET /api/forums/compliance': 0.3,
  'GET /api/safety': 0.5,
  'GET /api/exports/briefing.pdf': 0.1,
}
const WHO: Who[] = ['admin', 'admin', 'admin', 'officer', 'analyst', 'viewer', 'anonymous']
const STACK = /\n\s+at .+\(|node_modules|\.ts:\d+/
const SQL = /SELECT |syntax error at or near|postgres|pglite/i

/** The route table and, from the OpenAPI description, each route's query parameters and JSON body fields. */
async function surface() {
  const routes = [
    ...new Set(t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`)),
  ].sort()
  const doc = await (await t.get('/api/openapi.json', 'anonymous')).json()
  const params = new Map<string, Record<string, Schema & { required?: boolean }>>(),
    fields = new Map<string, Record<string, Schema>>()
  for (const [p, ops] of Object.entries<any>(doc.paths)) {
    for (const [m, op] of Object.entries<any>(ops)) {
      const key = `${m.toUpperCase()} /api${p.replace(/\{(\w+)\}/g, ':$1')}`
      params.set(
        key,
        Object.fromEntries(
          (op.parameters ?? []).filter((x: any) => x.in === 'query').map((x: any) => [x.name, { ...x.schema, required: x.required }]),
        ),
      )
      fields.set(key, op.requestBody?.content?.['application/json']?.schema?.properties ?? {})
    }
  }
  return { routes, params, fields }
}

/** Sends one request and checks the answer; returns its status and text, or null when the request threw. */
async function send(
  failures: string[],
  label: string,
  who: Who,
  method: string,
  path: string,
  body?: string | Uint8Array<ArrayBuffer>,
  type?: string,
) {
  const headers: Record<string, string> = type ? { 'content-type': type } : {}
  const shown = body === undefined ? '' : typeof body === 'string' ? body : new TextDecoder().decode(body)
  const where = `${label} ${who} ${method} ${path.slice(0, 160)} content-type=${type || 'none'} body=${JSON.stringify(shown.slice(0, 100))}`
  let res: Response
  try {
    res = await t.request(path, { method, headers, body }, who)
  } catch (e) {
    failures.push(`${where}: threw ${(e as Error).stack ?? e}`)
    return null
  }
  const text = await res.text()
  if (res.status >= 500) failures.push(`${where} -> ${res.status}: ${text.slice(0, 200)}`)
  else if (res.status >= 400) {
    const ct = res.headers.get('content-type') ?? ''
    let err: unknown
    try {
      err = JSON.parse(text).error
    } catch {
      err = undefined
    }
    if (!ct.includes('application/json') || typeof err !== 'string' || !err.trim())
      failures.push(`${where} -> ${res.status}: not a JSON error (${ct}): ${text.slice(0, 120)}`)
    if (STACK.test(text) || SQL.test(text)) failures.push(`${where} -> ${res.status}: leaks internals: ${text.slice(0, 200)}`)
  } else if (STACK.test(text.slice(0, 100_000))) {
    failures.push(`${where} -> ${res.status}: a stack trace in the answer: ${text.slice(0, 200)}`)
  }
  return { status: res.status, text }
}

/** Placement jobs run on after their 202: lets them end (before the next part, or the database closes); none may fail with internals. */
async function settleJobs(failures: string[]) {
  for (const until = Date.now() + 120_000; Date.now() < until; ) {
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status IN ('queued', 'running')`)
    if (!n) break
    await new Promise((ok) => setTimeout(ok, 250))
  }
  for (const j of await t.db.query<{
    id: string
    status: string
    error: string | null
    params: unknown
    progress: number
    stage: string | null
  }>(`SELECT id, status, error, params, progress, stage FROM jobs`)) {
    if (j.status !== 'done' && j.status !== 'failed')
      failures.push(
        `job ${j.id} is still ${j.status} (${j.stage} ${j.progress}) 120 s after the fuzz: ${JSON.stringify(j.params).slice(0, 300)}`,
      )
    if (j.error && (STACK.test(j.error) || SQL.test(j.error))) failures.push(`job ${j.id} failed with internals: ${j.error.slice(0, 200)}`)
  }
}

/** Values for the sweep: each goes into every query parameter, path parameter and body field of every route, one at a time. */
const SWEEP: unknown[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  `${'ក'.repeat(3000)}😀`,
  "1' OR '1'='1",
  '1e999',
  '-0',
  '%00',
  '\u200b',
  '',
  1e308,
  -1,
  2 ** 53 + 1,
  0.5,
  true,
  null,
  [],
  {},
]

/**
 * The sweep runs the heaviest country-wide analyses on one district (the swept value still replaces `area` when `area`
 * is the parameter under test): the same validation and code paths for every value, on less data. The random part
 * below still sends them country-wide.
 */
const SWEEP_SCOPE: Record<string, Record<string, string>> = {
  'GET /api/pilots/scores': { area: '1201' },
  'GET /api/posts/service-areas': { area: '1201' },
}

describe.skipIf(TEST_ENGINE !== 'pglite')('fuzz', () => {
  it('every parameter and body field of every route, one at a time, with the nastiest values: no 5xx, JSON errors only', async () => {
    const { routes, params, fields } = await surface()
    const failures: string[] = []
    const seen = new Map<number, number>()
    const r = new Rng(SEED, 1)
    const time = new Map<string, number>() // ms per route, for the log
    let sent = 0
    // Existing rows for the path, so that a field's value gets past the lookup; users 1-4 are the run's own sessions.
    const ids: Record<string, string> = {
      incidents: '7',
      posts: '1',
      users: '999999',
      jobs: '00000000-0000-0000-0000-000000000000',
      areas: '1201',
    }
    for (const key of routes) {
      const [method, pattern] = key.split(' ')
      if (key === 'POST /api/auth/logout') continue // would end the admin session; the random part sends it anonymously
      const q = params.get(key) ?? {},
        f = fields.get(key) ?? {}
      const base = () => ({
        ...SWEEP_SCOPE[key],
        ...Object.fromEntries(
          Object.entries(q)
            .filter(([, v]) => v.required)
            .map(([k, v]) => [k, String(plausible(r, k, v, true))]),
        ),
      })
      const url = (path: string, query: Record<string, string>) =>
        path +
        (Object.keys(query).length
          ? `?${Object.entries(query)
              .map(([k, v]) => `${enc(k)}=${enc(v)}`)
              .join('&')}`
          : '')
      const path0 = pattern.replace(/:(\w+)/g, () => ids[pattern.split('/')[2]] ?? '1')
      const body0 = () => guard(r, key, Object.fromEntries(Object.keys(f).map((k) => [k, plausible(r, k, f[k], true)])))
      const json = (o: unknown) =>
        Object.keys(f).length ? ([JSON.stringify(o), 'application/json'] as const) : ([undefined, undefined] as const)
      const go = async (path: string, o?: unknown) => {
        const [body, type] = o === undefined ? json(body0()) : json(o)
        const t0 = performance.now()
        const got = await send(failures, `sweep ${key}:`, 'admin', method, path, body, type)
        time.set(key, (time.get(key) ?? 0) + performance.now() - t0)
        sent++
        if (got) seen.set(got.status, (seen.get(got.status) ?? 0) + 1)
      }
      for (const v of SWEEP) {
        if (pattern.includes(':')) await go(pattern.replace(/:(\w+)/g, () => enc(String(v)) || 'x') + url('', base()))
        for (const name of Object.keys(q)) await go(url(path0, { ...base(), [name]: String(v) }))
        for (const name of Object.keys(f)) {
          const o = body0()
          o[name] = v
          await go(url(path0, base()), guard(r, key, o))
        }
      }
    }
    await settleJobs(failures)
    console.log(
      `[fuzz] sweep: ${sent} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...seen].sort()))}`,
    )
    console.log(
      `[fuzz] sweep, slowest routes: ${[...time]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
        .join('; ')}`,
    )
    expect(failures.slice(0, 20), `sweep: ${failures.length} failures`).toEqual([])
  }, 600_000)

  it(`${COUNT} random and malformed requests across every route: no 5xx, every 4xx is a JSON error, no stack or SQL`, async () => {
    const { routes, params, fields } = await surface()
    expect(routes).toEqual(Object.keys(RULES).sort())
    const allParams = [...new Set([...params.values()].flatMap((x) => Object.keys(x)).concat(ANY_PARAMS))]
    expect(allParams).toEqual(
      expect.arrayContaining([
        'area',
        'parent',
        'level',
        'from',
        'to',
        'criteria',
        'bbox',
        'limit',
        'cursor',
        'format',
        'method',
        'bandwidth',
        'q',
      ]),
    )

    const weights = routes.map((k) => WEIGHT[k] ?? 1)
    const total = weights.reduce((s, w) => s + w, 0)
    const r = new Rng(SEED)
    const failures: string[] = []
    const seen = new Map<number, number>()
    const time = new Map<string, { n: number; ms: number; max: number }>()
    const started = performance.now()
    let sent = 0
    const jobs: string[] = [] // ids of placement jobs the run started, polled now and then by GET /api/jobs/:id
    for (let i = 0; i < COUNT; i++) {
      let u = r.float() * total,
        k = 0
      while (u > weights[k]) u -= weights[k++]
      const key = routes[Math.min(k, routes.length - 1)]
      const [method, pattern] = key.split(' ')
      let who = pick(r, WHO)
      // Logging out a shared session would end the run's own sessions.
      if (key === 'POST /api/auth/logout') who = 'anonymous'
      const q = params.get(key) ?? {}
      const path =
        pattern.replace(/:(\w+)/g, (_, name) =>
          key === 'GET /api/jobs/:id' && jobs.length && r.float() < 0.5 ? pick(r, jobs) : pathParam(r, name),
        ) + query(r, Object.keys(q), allParams, q)
      let body: string | Uint8Array<ArrayBuffer> | undefined, type: string | undefined
      if (method !== 'GET' && r.float() < 0.95) {
        const b = key.endsWith('/import')
          ? importBody(r, key)
          : r.float() < 0.03
            ? { body: Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), type: 'application/json' } // {"<not UTF-8>":1}
            : {
                body: jsonBody(r, key, fields.get(key) ?? {}),
                type: pick(r, [
                  'application/json',
                  'application/json',
                  'application/json',
                  'application/json; charset=utf-8',
                  'text/plain',
                  '',
                ]),
              }
        // Nor may the run change a demo user's password: only wrong current passwords reach the handler.
        if (key === 'POST /api/auth/password' && typeof b.body === 'string' && b.body.includes(TEST_PASSWORD)) b.body = '{}'
        // A string body gets text/plain from fetch; a byte body goes with no content-type at all.
        body = b.type || typeof b.body !== 'string' ? b.body : new TextEncoder().encode(b.body)
        type = b.type || undefined
      }
      const t0 = performance.now()
      const got = await send(failures, `seed ${SEED} #${i}`, who, method, path, body, type)
      if (!got) continue
      const ms = performance.now() - t0
      sent++
      const tk = time.get(key) ?? { n: 0, ms: 0, max: 0 }
      tk.n++
      tk.ms += ms
      tk.max = Math.max(tk.max, ms)
      time.set(key, tk)
      seen.set(got.status, (seen.get(got.status) ?? 0) + 1)
      if (got.status === 202 && key === 'POST /api/posts/optimize') jobs.push(JSON.parse(got.text).job)
    }
    await settleJobs(failures)
    const seconds = (performance.now() - started) / 1000
    console.log(
      `[fuzz] seed ${SEED}: ${sent} requests over ${routes.length} routes in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...seen].sort()))}; ${jobs.length} placement jobs`,
    )
    console.log(
      `[fuzz] slowest routes: ${[...time]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 5)
        .map(([k, v]) => `${k} ${v.n}× ${(v.ms / 1000).toFixed(1)} s (max ${v.max.toFixed(0)} ms)`)
        .join('; ')}`,
    )
    expect(failures.slice(0, 20), `seed ${SEED}: ${failures.length} failures (FUZZ_SEED=${SEED} reproduces them)`).toEqual([])
    expect(time.size, 'every route was fuzzed').toBe(routes.length)
    expect(sent).toBeGreaterThanOrEqual(process.env.FUZZ_COUNT ? COUNT : 5000)
    expect((await t.get('/api/health', 'anonymous')).status).toBe(200)
    for (const who of ['admin', 'officer', 'analyst', 'viewer'] as const) expect((await t.get('/api/auth/me', who)).status, who).toBe(200)
  }, 900_000)
})

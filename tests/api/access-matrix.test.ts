import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/roles.ts'
import { RULES } from '../../server/auth/rules.ts'
import { login, useTestApp, type Who } from '../helpers/app.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// Every role × every route × an in-scope and an out-of-scope resource, with the expected status. The routes come
// from the app's own route table: a route without a rule in RULES, or without a sample here, fails.
const t = useTestApp()
const WHO: Who[] = ['admin', 'officer', 'analyst', 'viewer', 'anonymous']
type Scope = 'in' | 'out'
interface Req {
  path: string
  method?: string
  body?: unknown
  type?: string
  cookie?: string
}
interface Sample {
  /** The request for one role and resource; may prepare data first. */
  req: (who: Who, scope: Scope) => Promise<Req> | Req
  ok: number
  /** An officer (scope: province 12) asking for the out-of-scope resource gets this (default: ok). */
  officerOut?: number
  /** A role-specific expectation (after the rule's own 401/403). */
  override?: (who: Who, scope: Scope) => number | undefined
  /** Extra check on a successful answer. */
  check?: (body: any, who: Who, scope: Scope) => void
}

let seq = 0
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`
const PROVINCE: Record<Scope, string> = { in: '12', out: '01' }
const DISTRICT: Record<Scope, string> = { in: '1201', out: '0102' }

/** A fresh incident in province 12 (in) or 01 (out), for edits and deletes. */
async function freshIncident(scope: Scope): Promise<number> {
  const [r] = await t.db.query<{ id: number }>(
    `INSERT INTO incidents (external_id, criterion, subtype, occurred_at, village_code, commune_code, district_code, province_code, geom, precision, source)
     SELECT $1, 1, 'theft', '2026-01-05T10:00:00+07', v.code, v.commune_code, v.district_code, v.province_code, v.geom, 'village', 'matrix'
     FROM villages v WHERE v.province_code = $2 AND v.geom IS NOT NULL ORDER BY v.code LIMIT 1 RETURNING id::int AS id`,
    [`matrix-${uniq()}`, PROVINCE[scope]],
  )
  return r.id
}
/** A point inside Phnom Penh (in) or Banteay Meanchey (out). */
const POINT: Record<Scope, { lon: number; lat: number }> = { in: { lon: 104.916, lat: 11.5564 }, out: { lon: 102.985, lat: 13.586 } }
/** A fresh post in province 12 (in) or 01 (out). */
async function postIn(scope: Scope): Promise<number> {
  const r = await t.request('/api/posts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `mp-${uniq()}`, name_en: 'Matrix fixture', post_type: 'commune_post', staff: 2, ...POINT[scope] }),
  })
  if (r.status !== 201) throw new Error(`fixture post: ${r.status} ${await r.text()}`)
  return (await r.json()).id
}
async function jobOf(who: Role): Promise<string> {
  const r = await t.request(
    '/api/posts/optimize',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ problem: 'mclp', k: 1, radius_m: 3000, area: '120101' }),
    },
    who,
  )
  return (await r.json()).job
}
async function village(scope: Scope): Promise<string> {
  const [v] = await t.db.query<{ code: string }>(
    `SELECT code FROM villages WHERE province_code = $1 AND geom IS NOT NULL ORDER BY code LIMIT 1`,
    [PROVINCE[scope]],
  )
  return v.code
}
async function throwawayUser(): Promise<number> {
  const res = await t.request('/api/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `tmp-${uniq()}`, role: 'analyst', password: 'a-long-password-1' }),
  })
  return (await res.json()).id
}

const COMMUNE: Record<Scope, string> = { in: '120101', out: '010201' }
let day = 0
/** A day no seeded forum uses (the demo's run from 2024). */
const freshDay = () => new Date(Date.UTC(2001, 0, 1) + 86_400_000 * day++).toISOString().slice(0, 10)
async function forumIn(scope: Scope): Promise<number> {
  const [r] = await t.db.query<{ id: number }>(
    `INSERT INTO forums (area_code, level, commune_code, held_on, attendance) VALUES ($1, 'commune', $1, $2::date, 40) RETURNING id::int AS id`,
    [COMMUNE[scope], freshDay()],
  )
  return r.id
}
/** A plan of the caller's own where they may make one (else the admin's), in province 12 (in) or 01 (out). */
async function planOf(who: Who, scope: Scope): Promise<number> {
  const by: Role = who === 'admin' || who === 'analyst' || (who === 'officer' && scope === 'in') ? who : 'admin'
  const r = await t.request(
    '/api/pilots/plans',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Matrix ${uniq()}`, level: 'commune', start_date: '2025-07-01', areas: [COMMUNE[scope]] }),
    },
    by,
  )
  if (r.status !== 201) throw new Error(`fixture plan: ${r.status} ${await r.text()}`)
  return (await r.json()).id
}
const Q2 = 'period=quarter&year=2026&index=2'

const SAMPLES: Record<string, Sample> = {
  'GET /api/health': { req: () => ({ path: '/api/health' }), ok: 200 },
  'GET /api/openapi.json': { req: () => ({ path: '/api/openapi.json' }), ok: 200 },
  'POST /api/auth/login': {
    req: () => ({ path: '/api/auth/login', method: 'POST', body: { username: 'analyst', password: TEST_PASSWORD } }),
    ok: 200,
  },
  'POST /api/auth/logout': {
    req: async (who) => ({ path: '/api/auth/logout', method: 'POST', cookie: who === 'anonymous' ? undefined : await login(t.app, who) }),
    ok: 200,
  },
  'GET /api/auth/me': { req: () => ({ path: '/api/auth/me' }), ok: 200, check: (b, who) => expect(b.role).toBe(who) },
  'POST /api/auth/password': {
    req: () => ({ path: '/api/auth/password', method: 'POST', body: { current_password: TEST_PASSWORD, new_password: TEST_PASSWORD } }),
    ok: 200,
  },
  'GET /api/meta': { req: () => ({ path: '/api/meta' }), ok: 200 },
  'GET /api/data/version': {
    req: () => ({ path: '/api/data/version' }),
    ok: 200,
    check: (b) => expect(Object.keys(b)).toEqual(['version']),
  },
  'GET /api/areas': { req: (_, s) => ({ path: `/api/areas?level=district&parent=${PROVINCE[s]}` }), ok: 200, officerOut: 403 },
  'GET /api/areas/:code': { req: (_, s) => ({ path: `/api/areas/${DISTRICT[s]}` }), ok: 200, officerOut: 403 },
  'GET /api/villages': { req: () => ({ path: '/api/villages?bbox=104.85,11.5,104.95,11.6' }), ok: 200 },
  'GET /api/search': { req: () => ({ path: '/api/search?q=phnom' }), ok: 200 },
  'GET /api/stats/areas': {
    req: (_, s) => ({ path: `/api/stats/areas?level=commune&parent=${DISTRICT[s]}` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.length).toBeGreaterThan(3),
  },
  'GET /api/hotspots': {
    req: () => ({ path: '/api/hotspots?unit=commune&method=gistar&knn=6' }),
    ok: 200,
    check: (b, who) => {
      if (who === 'officer') expect(b.features.every((f: any) => f.id.startsWith('12'))).toBe(true)
    },
  },
  'GET /api/density': { req: () => ({ path: '/api/density?cell=5000&bandwidth=10000&format=contours' }), ok: 200 },
  'GET /api/incidents': {
    req: (_, s) => ({ path: `/api/incidents?area=${PROVINCE[s]}&limit=5` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.features.length).toBeGreaterThan(0),
  },
  'GET /api/incidents/points': { req: (_, s) => ({ path: `/api/incidents/points?area=${DISTRICT[s]}` }), ok: 200, officerOut: 403 },
  'GET /api/incidents/:id': { req: async (_, s) => ({ path: `/api/incidents/${await freshIncident(s)}` }), ok: 200, officerOut: 404 },
  'POST /api/incidents': {
    req: async (_, s) => ({
      path: '/api/incidents',
      method: 'POST',
      body: { criterion: 1, subtype: 'theft', occurred_at: '2026-02-01T09:00:00+07:00', village_code: await village(s) },
    }),
    ok: 201,
    officerOut: 403,
  },
  'PATCH /api/incidents/:id': {
    req: async (_, s) => ({ path: `/api/incidents/${await freshIncident(s)}`, method: 'PATCH', body: { description: 'edited' } }),
    ok: 200,
    officerOut: 404,
  },
  'DELETE /api/incidents/:id': {
    req: async (_, s) => ({ path: `/api/incidents/${await freshIncident(s)}`, method: 'DELETE' }),
    ok: 200,
    officerOut: 404,
  },
  'POST /api/incidents/import': {
    req: async (_, s) => ({
      path: '/api/incidents/import',
      method: 'POST',
      type: 'text/csv',
      body: `external_id,occurred_at,criterion,subtype,village_code\nmx-${uniq()},2026-02-01,1,theft,${await village(s)}\n`,
    }),
    ok: 200,
    check: (b, who, s) => expect(b.inserted).toBe(who === 'officer' && s === 'out' ? 0 : 1),
  },
  'GET /api/imports': { req: () => ({ path: '/api/imports' }), ok: 200 },
  'GET /api/posts': {
    req: (_, s) => ({ path: `/api/posts?area=${DISTRICT[s]}` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.features.length).toBeGreaterThan(0),
  },
  'GET /api/posts/coverage': {
    req: (_, s) => ({ path: `/api/posts/coverage?area=${DISTRICT[s]}&gaps=5` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.totals.posts).toBeGreaterThan(0),
  },
  'GET /api/posts/service-areas': {
    req: (_, s) => ({ path: `/api/posts/service-areas?area=${DISTRICT[s]}` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.features.length).toBeGreaterThan(0),
  },
  'POST /api/posts/evaluate': {
    req: (_, s) => ({ path: '/api/posts/evaluate', method: 'POST', body: { area: DISTRICT[s], radius_m: 3000, proposed: [POINT[s]] } }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.covered_after).toBeGreaterThanOrEqual(b.covered_before),
  },
  'POST /api/posts/optimize': {
    req: (_, s) => ({ path: '/api/posts/optimize', method: 'POST', body: { problem: 'mclp', k: 2, radius_m: 3000, area: DISTRICT[s] } }),
    ok: 202,
    officerOut: 403,
  },
  // A job belongs to whoever started it: viewers cannot start one, so theirs is someone else's (404).
  'GET /api/jobs/:id': {
    req: async (who) => ({ path: `/api/jobs/${await jobOf(who === 'viewer' || who === 'anonymous' ? 'admin' : who)}` }),
    ok: 200,
    override: (who) => (who === 'viewer' ? 404 : undefined),
  },
  'GET /api/posts/:id': { req: async (_, s) => ({ path: `/api/posts/${await postIn(s)}` }), ok: 200, officerOut: 404 },
  'POST /api/posts': {
    req: (_, s) => ({
      path: '/api/posts',
      method: 'POST',
      body: { code: `mx-${uniq()}`, name_en: 'Matrix post', post_type: 'commune_post', staff: 4, ...POINT[s] },
    }),
    ok: 201,
    officerOut: 403,
  },
  'PATCH /api/posts/:id': {
    req: async (_, s) => ({ path: `/api/posts/${await postIn(s)}`, method: 'PATCH', body: { staff: 7 } }),
    ok: 200,
    officerOut: 404,
  },
  'DELETE /api/posts/:id': { req: async (_, s) => ({ path: `/api/posts/${await postIn(s)}`, method: 'DELETE' }), ok: 200, officerOut: 404 },
  'POST /api/posts/import': {
    req: (_, s) => ({
      path: '/api/posts/import',
      method: 'POST',
      type: 'text/csv',
      body: `code,name_en,post_type,staff,lon,lat\nmi-${uniq()},Imported,commune_post,3,${POINT[s].lon},${POINT[s].lat}\n`,
    }),
    ok: 200,
    check: (b, who, s) => expect(b.inserted).toBe(who === 'officer' && s === 'out' ? 0 : 1),
  },
  'GET /api/users': { req: () => ({ path: '/api/users' }), ok: 200 },
  'POST /api/users': {
    req: () => ({
      path: '/api/users',
      method: 'POST',
      body: { username: `u-${uniq()}`, role: 'officer', scope_code: '1201', password: 'a-long-password-2' },
    }),
    ok: 201,
  },
  'PATCH /api/users/:id': {
    req: async () => ({ path: `/api/users/${await throwawayUser()}`, method: 'PATCH', body: { display_name: 'Changed' } }),
    ok: 200,
  },
  'DELETE /api/users/:id': { req: async () => ({ path: `/api/users/${await throwawayUser()}`, method: 'DELETE' }), ok: 200 },
  'GET /api/audit': { req: () => ({ path: '/api/audit?limit=5' }), ok: 200 },

  'GET /api/safety': {
    req: (_, s) => ({ path: `/api/safety?${Q2}&level=commune&area=${DISTRICT[s]}` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.rows.length).toBeGreaterThan(3),
  },
  'GET /api/safety/trend': {
    req: (_, s) => ({ path: `/api/safety/trend?period=quarter&from=2025-01-01&to=2025-12-31&level=village&area=${DISTRICT[s]}` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.periods.length).toBe(4),
  },
  'GET /api/reports': {
    req: (_, s) => ({ path: `/api/reports?${Q2}&area=${PROVINCE[s]}` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.rows.length).toBeGreaterThan(3),
  },
  'GET /api/forums': {
    req: (_, s) => ({ path: `/api/forums?area=${DISTRICT[s]}&limit=5` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.rows.length).toBeGreaterThan(0),
  },
  'GET /api/forums/compliance': {
    req: (_, s) => ({ path: `/api/forums/compliance?area=${DISTRICT[s]}&date=2026-06-30` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.rows.length).toBeGreaterThan(3),
  },
  'GET /api/forums/:id': { req: async (_, s) => ({ path: `/api/forums/${await forumIn(s)}` }), ok: 200, officerOut: 404 },
  'POST /api/forums': {
    req: (_, s) => ({
      path: '/api/forums',
      method: 'POST',
      body: { area_code: COMMUNE[s], held_on: freshDay(), attendance: 30, topics: ['Matrix'] },
    }),
    ok: 201,
    officerOut: 403,
  },
  'PATCH /api/forums/:id': {
    req: async (_, s) => ({ path: `/api/forums/${await forumIn(s)}`, method: 'PATCH', body: { attendance: 55 } }),
    ok: 200,
    officerOut: 404,
  },
  'DELETE /api/forums/:id': {
    req: async (_, s) => ({ path: `/api/forums/${await forumIn(s)}`, method: 'DELETE' }),
    ok: 200,
    officerOut: 404,
  },
  'POST /api/forums/import': {
    req: (_, s) => ({
      path: '/api/forums/import',
      method: 'POST',
      type: 'text/csv',
      body: `area_code,held_on,attendance,topics\n${COMMUNE[s]},${freshDay()},25,a;b\n`,
    }),
    ok: 200,
    check: (b, who, s) => expect(b.inserted).toBe(who === 'officer' && s === 'out' ? 0 : 1),
  },
  'GET /api/ranking': {
    req: (_, s) => ({ path: `/api/ranking?period=year&year=2025&area=${PROVINCE[s]}` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.rows.length).toBeGreaterThan(3),
  },
  'GET /api/exports/briefing.pdf': {
    req: (_, s) => ({ path: `/api/exports/briefing.pdf?area=${DISTRICT[s]}&from=2026-01-01&to=2026-03-31` }),
    ok: 200,
    officerOut: 403,
  },
  'GET /api/pilots/scores': {
    req: (_, s) => ({ path: `/api/pilots/scores?level=commune&area=${PROVINCE[s]}&limit=5` }),
    ok: 200,
    officerOut: 403,
    check: (b) => expect(b.rows.length).toBe(5),
  },
  'GET /api/pilots/plans': {
    req: () => ({ path: '/api/pilots/plans' }),
    ok: 200,
    check: (b, who) => {
      if (who === 'officer') expect(b.every((p: any) => p.areas.some((a: any) => a.code.startsWith('12')))).toBe(true)
    },
  },
  'GET /api/pilots/plans/:id': { req: async (who, s) => ({ path: `/api/pilots/plans/${await planOf(who, s)}` }), ok: 200, officerOut: 404 },
  'GET /api/pilots/plans/:id/evaluation': {
    req: async (who, s) => ({ path: `/api/pilots/plans/${await planOf(who, s)}/evaluation` }),
    ok: 200,
    officerOut: 404,
    check: (b) => expect(b.n_pilots).toBe(1),
  },
  'POST /api/pilots/plans': {
    req: (_, s) => ({
      path: '/api/pilots/plans',
      method: 'POST',
      body: { name: `M ${uniq()}`, level: 'commune', start_date: '2026-01-01', areas: [COMMUNE[s]] },
    }),
    ok: 201,
    officerOut: 403,
  },
  'PATCH /api/pilots/plans/:id': {
    req: async (who, s) => ({ path: `/api/pilots/plans/${await planOf(who, s)}`, method: 'PATCH', body: { rationale: 'changed' } }),
    ok: 200,
    officerOut: 404,
  },
  'DELETE /api/pilots/plans/:id': {
    req: async (who, s) => ({ path: `/api/pilots/plans/${await planOf(who, s)}`, method: 'DELETE' }),
    ok: 200,
    officerOut: 404,
  },
}

function expected(key: string, who: Who, scope: Scope): number {
  const rule = RULES[key]
  const s = SAMPLES[key]
  if ('public' in rule) return s.ok
  if (who === 'anonymous') return 401
  if (!rule.roles.includes(who as Role)) return 403
  if (who === 'officer' && scope === 'out') return s.officerOut ?? s.ok
  return s.override?.(who, scope) ?? s.ok
}

describe('access matrix', () => {
  it('every route of the app has an access rule and a sample here, and nothing else does', () => {
    const routes = [
      ...new Set(t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`)),
    ].sort()
    expect(routes.length).toBeGreaterThan(20)
    expect(
      routes.filter((k) => !RULES[k]),
      'routes without a rule in server/auth/rules.ts',
    ).toEqual([])
    expect(
      routes.filter((k) => !SAMPLES[k]),
      'routes without a sample in this test',
    ).toEqual([])
    expect(
      Object.keys(RULES).filter((k) => !routes.includes(k)),
      'rules for routes that do not exist',
    ).toEqual([])
  })

  for (const key of Object.keys(SAMPLES)) {
    it(key, async () => {
      const got: string[] = [],
        want: string[] = []
      for (const who of WHO)
        for (const scope of ['in', 'out'] as Scope[]) {
          const r = await SAMPLES[key].req(who, scope)
          const headers: Record<string, string> = {}
          if (r.body !== undefined) headers['content-type'] = r.type ?? 'application/json'
          if (r.cookie) headers.cookie = r.cookie
          const init = {
            method: r.method ?? 'GET',
            headers,
            body: r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
          }
          const res = r.cookie || who === 'anonymous' ? await t.app.request(r.path, init) : await t.request(r.path, init, who)
          const exp = expected(key, who, scope)
          got.push(`${who}/${scope}: ${res.status}`)
          want.push(`${who}/${scope}: ${exp}`)
          const text = await res.text()
          if (res.status >= 400) expect(JSON.parse(text).error, `${key} ${who}/${scope}`).toBeTruthy()
          else if (res.status === exp && SAMPLES[key].check) SAMPLES[key].check!(JSON.parse(text), who, scope)
          if (res.status !== exp) got[got.length - 1] += ` (${text.slice(0, 160)})`
        }
      expect(got).toEqual(want)
    })
  }
})

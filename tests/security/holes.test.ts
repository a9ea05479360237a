import Papa from 'papaparse'
import { readSheet } from 'read-excel-file/node'
import { describe, expect, it } from 'vitest'
import { FREE_FAILURES } from '../../server/db/queries/throttle.ts'
import { tableCsv, tableXlsx, type Table } from '../../server/formats/table.ts'
import { login, useTestApp, type Who } from '../helpers/app.ts'

// Attacks on holes that were open: each test failed before its fix.
const t = useTestApp()
let n = 0
const uniq = () => `${process.pid}-${Date.now().toString(36)}-${++n}`
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const send = (url: string, method: string, body: unknown, who: Who = 'admin') => t.request(url, { method, ...json(body) }, who)
const loginAs = (username: string, password: string) =>
  t.app.request('/api/auth/login', { method: 'POST', ...json({ username, password }) })
const csvImport = (body: string, who: Who) =>
  t.request('/api/incidents/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body }, who)
const geoImport = (features: unknown[], who: Who) =>
  t.request(
    '/api/incidents/import',
    { method: 'POST', headers: { 'content-type': 'application/geo+json' }, body: JSON.stringify({ type: 'FeatureCollection', features }) },
    who,
  )
const audits = (where: string, params: unknown[]) => t.db.query<any>(`SELECT * FROM audit_log WHERE ${where} ORDER BY id`, params)

async function newUser(role: 'viewer' | 'analyst', password: string) {
  const username = `h-${uniq()}`.slice(0, 40).toLowerCase()
  const r = await send('/api/users', 'POST', { username, role, password })
  expect(r.status, await r.clone().text()).toBe(201)
  return { username, id: (await r.json()).id as number }
}

/** A village of Phnom Penh (12) whose commune has a polygon, a point inside that polygon, and a point inside a commune of Banteay Meanchey (01). */
async function places() {
  const [v] = await t.db.query<{ code: string; lon: number; lat: number; vlon: number; vlat: number }>(
    `SELECT v.code, ST_X(ST_PointOnSurface(a.geom)) AS lon, ST_Y(ST_PointOnSurface(a.geom)) AS lat, ST_X(v.geom) AS vlon, ST_Y(v.geom) AS vlat
     FROM villages v JOIN areas a ON a.code = v.commune_code
     WHERE v.province_code = '12' AND v.geom IS NOT NULL AND a.geom IS NOT NULL ORDER BY v.code LIMIT 1`,
  )
  const [o] = await t.db.query<{ lon: number; lat: number; village: string }>(
    `SELECT ST_X(ST_PointOnSurface(a.geom)) AS lon, ST_Y(ST_PointOnSurface(a.geom)) AS lat,
       (SELECT min(x.code) FROM villages x WHERE x.commune_code = a.code AND x.geom IS NOT NULL) AS village
     FROM areas a WHERE a.level = 'commune' AND a.code LIKE '01%' AND a.geom IS NOT NULL
       AND EXISTS (SELECT 1 FROM villages x WHERE x.commune_code = a.code AND x.geom IS NOT NULL) ORDER BY a.code LIMIT 1`,
  )
  return {
    v12: v.code,
    in12: { lon: Number(v.lon), lat: Number(v.lat) },
    village12: { lon: Number(v.vlon), lat: Number(v.vlat) },
    in01: { lon: Number(o.lon), lat: Number(o.lat) },
    v01: o.village,
  }
}

describe('login lockout is one atomic step', () => {
  it(`20 concurrent wrong guesses and then the right password: at most ${FREE_FAILURES} passwords are checked, the right one gets 429`, async () => {
    const { username } = await newUser('viewer', 'the-right-password-1')
    const wrong = Array.from({ length: 20 }, (_, i) => loginAs(username, `wrong-guess-${i}`))
    await new Promise((r) => setTimeout(r, 0)) // same burst: the guesses are all still in flight
    const right = loginAs(username, 'the-right-password-1')
    const res = await Promise.all([...wrong, right])
    const checked = res.filter((r) => r.status !== 429)
    expect(checked.length).toBeLessThanOrEqual(FREE_FAILURES)
    expect(checked.every((r) => r.status === 401)).toBe(true)
    const last = res[res.length - 1]
    expect(last.status).toBe(429)
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await last.json()).issues[0].field).toBe('username')
    // Every password check that failed is audited; there were no more than the free attempts.
    const failed = await audits(`action = 'login_failed' AND username = $1`, [username])
    expect(failed.length).toBe(checked.length)
  })

  it('unknown usernames are throttled the same way in a burst (no existence oracle)', async () => {
    const name = `nobody-${Date.now().toString(36)}`
    const burst = await Promise.all(Array.from({ length: 12 }, () => loginAs(name, 'whatever-1')))
    expect(burst.filter((r) => r.status !== 429).length).toBeLessThanOrEqual(FREE_FAILURES)
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(12 - FREE_FAILURES)
  })
})

describe('password change is throttled and audited', () => {
  it('wrong current passwords lock the change (429, Retry-After), are audited, and do not lock the login', async () => {
    const { username, id } = await newUser('analyst', 'first-password-1')
    const cookie = await login(t.app, username, 'first-password-1')
    const change = (current: string) =>
      t.app.request('/api/auth/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ current_password: current, new_password: 'second-password-2' }),
      })
    for (let i = 1; i <= FREE_FAILURES; i++) expect((await change(`wrong-${i}`)).status, `attempt ${i}`).toBe(403)
    const locked = await change('wrong-again')
    expect(locked.status).toBe(429)
    // A 30 s lock, read from the database rather than from the clock (a busy machine may take seconds to get here).
    const retry = Number(locked.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(30)
    const [lock] = await t.db.query<{ s: number }>(
      `SELECT extract(epoch FROM locked_until - updated_at)::float8 AS s FROM login_throttle WHERE username = $1`,
      [`PASSWORD:${id}`],
    )
    expect(Number(lock.s)).toBeCloseTo(30, 3)
    expect((await locked.json()).issues[0].field).toBe('current_password')
    // Even the right current password waits: guessing stops here.
    expect((await change('first-password-1')).status).toBe(429)
    const rows = await audits(`action = 'password_failed' AND user_id = $1`, [id])
    expect(rows.length).toBe(FREE_FAILURES)
    expect(rows.every((r) => r.username === username && r.entity === 'user' && String(r.entity_id) === String(id))).toBe(true)
    // The login of the same user is a separate count: a stolen session cannot lock the owner out.
    expect((await loginAs(username, 'first-password-1')).status).toBe(200)
  })

  it('a concurrent burst of wrong current passwords checks at most the free attempts', async () => {
    const { username } = await newUser('analyst', 'first-password-1')
    const cookie = await login(t.app, username, 'first-password-1')
    const res = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.app.request('/api/auth/password', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ current_password: `wrong-${i}`, new_password: 'second-password-2' }),
        }),
      ),
    )
    expect(res.filter((r) => r.status !== 429).length).toBeLessThanOrEqual(FREE_FAILURES)
  })
})

describe('CSV and XLSX exports neutralise formulas', () => {
  const PAYLOADS = ['=HYPERLINK("http://x","y")', '@SUM(1)', '+1', '-1+2', '\t=1', '\r=2']
  const DANGER = /^[=+\-@\t\r]/

  it('the incidents CSV quotes every text cell that a spreadsheet would run, and imports back to the same ids', async () => {
    const { v12 } = await places()
    const tag = uniq()
    for (const [i, p] of PAYLOADS.entries()) {
      // Fields are stored trimmed, so the tab and CR payloads reach the id as '=1…' and the description as sent.
      const r = await send('/api/incidents', 'POST', {
        external_id: `${p.trim()}${tag}`,
        criterion: 1,
        subtype: 'theft',
        occurred_at: '2026-01-10T10:00:00+07:00',
        village_code: v12,
        description: `${p} note ${i}`,
      })
      expect(r.status, await r.clone().text()).toBe(201)
    }
    const res = await t.get(`/api/incidents?format=csv&area=${v12}&limit=5000`)
    expect(res.status).toBe(200)
    const text = await res.text()
    const rows = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data
    const mine = rows.filter((r) => r[0].includes(tag))
    expect(mine.length).toBe(PAYLOADS.length)
    const bad = rows.flat().filter((cell) => DANGER.test(cell))
    expect(bad).toEqual([])
    expect(mine.map((r) => r[0][0])).toEqual(PAYLOADS.map(() => "'"))
    expect(mine.map((r) => r[11][0])).toEqual(PAYLOADS.map(() => "'")) // description
    // The file goes back through the import: the quote is taken off again, so every row is a duplicate of itself.
    const back = await (await csvImport(text, 'admin')).json()
    expect(back).toMatchObject({ inserted: 0, errors_total: 0 })
    expect(back.duplicates).toBe(rows.length - 1)
  })

  it('tables (reports, statistics, ranking, hot spots) quote text in CSV and XLSX, and keep numbers, negative ones too, as numbers', async () => {
    const table: Table = {
      title_en: '=cmd|" /C calc"!A0',
      title_km: 'ក',
      notes: ['@note', 'plain note'],
      columns: [
        { key: 'name', en: 'Name', km: 'ឈ្មោះ', kind: 'text' },
        { key: 'code', en: 'Code', km: 'កូដ' },
        { key: 'change', en: 'Change', km: 'បម្រែបម្រួល', kind: 'int' },
        { key: 'pct', en: 'Change %', km: '%', kind: 'num' },
      ],
      rows: PAYLOADS.map((p, i) => [p, `-${i}`, -i - 1, '-2.5']),
      total: ['+TOTAL', null, -21, -2.5],
    }
    const csv = Papa.parse<string[]>(
      tableCsv(table)
        .replace(/^\ufeff/, '')
        .trim(),
      { skipEmptyLines: true },
    ).data.slice(1)
    for (const row of csv) {
      expect(row[0][0]).toBe("'")
      if (row[1]) expect(row[1][0]).toBe("'") // a code is text, even when it looks like a negative number
      expect(Number(row[2])).toBeLessThan(0) // numbers stay numbers
      expect(row[3]).toBe('-2.5') // a number column's text that is a number is written as the number
    }
    const buf = await tableXlsx(table)
    const sheet = await readSheet(buf)
    const body = sheet.slice(2)
    expect(body.length).toBe(PAYLOADS.length + 1)
    for (const row of body) {
      expect(typeof row[0] === 'string' && !DANGER.test(row[0])).toBe(true)
      expect(typeof row[2]).toBe('number')
      expect(row[2] as number).toBeLessThan(0)
    }
    const about = (await readSheet(buf, 'About')).map((r) => String(r[0]))
    expect(about.filter((l) => DANGER.test(l))).toEqual([])
  })

  it('an external_id with spaces around it is stored trimmed (it was a 500)', async () => {
    const id = `padded-${uniq()}`
    const r = await send('/api/incidents', 'POST', {
      external_id: `  ${id} `,
      criterion: 1,
      subtype: 'theft',
      occurred_at: '2026-01-10',
      village_code: (await places()).v12,
    })
    expect(r.status).toBe(201)
    expect((await r.json()).properties.external_id).toBe(id)
  })

  it('a real XLSX and CSV report carries no cell a spreadsheet would run (a guard: area names are not user text)', async () => {
    for (const url of ['/api/reports?period=year&year=2025&format=xlsx', '/api/stats/areas?level=province&format=xlsx']) {
      const res = await t.get(url)
      expect(res.status, url).toBe(200)
      const sheet = await readSheet(Buffer.from(await res.arrayBuffer()))
      expect(
        sheet.flat().filter((c) => typeof c === 'string' && DANGER.test(c)),
        url,
      ).toEqual([])
    }
    const csv = await (await t.get('/api/reports?period=year&year=2025&format=csv')).text()
    const cells = Papa.parse<string[]>(csv.replace(/^\ufeff/, '').trim()).data.flat()
    expect(cells.filter((c) => DANGER.test(c) && !/^-\d+(\.\d+)?$/.test(c))).toEqual([])
  })
})

describe('an officer places incidents in their area by the point too', () => {
  it('POST: their village code with a point in another province is refused (403, lon); the same village with its own point is fine', async () => {
    const p = await places()
    const base = { criterion: 1, subtype: 'theft', occurred_at: '2026-01-12T09:00:00+07:00', village_code: p.v12 }
    const out = await send('/api/incidents', 'POST', { ...base, ...p.in01 }, 'officer')
    expect(out.status).toBe(403)
    const e = await out.json()
    expect(e.issues[0].field).toBe('lon')
    expect(e.error).toContain('outside your area')
    expect((await send('/api/incidents', 'POST', { ...base, ...p.in12 }, 'officer')).status).toBe(201)
    expect((await send('/api/incidents', 'POST', { ...base, ...p.village12 }, 'officer')).status).toBe(201)
    // An admin is not bound to an area.
    expect((await send('/api/incidents', 'POST', { ...base, ...p.in01 })).status).toBe(201)
  })

  it('PATCH: moving their incident to a point in another province, keeping their village code, is refused (403, lon)', async () => {
    const p = await places()
    const created = await (
      await send(
        '/api/incidents',
        'POST',
        { criterion: 1, subtype: 'theft', occurred_at: '2026-01-12T09:00:00+07:00', village_code: p.v12 },
        'officer',
      )
    ).json()
    const move = await send(`/api/incidents/${created.id}`, 'PATCH', { village_code: p.v12, ...p.in01 }, 'officer')
    expect(move.status).toBe(403)
    expect((await move.json()).issues[0].field).toBe('lon')
    const [row] = await t.db.query<{ province_code: string; x: number }>(
      `SELECT province_code, ST_X(geom) AS x FROM incidents WHERE id = $1`,
      [created.id],
    )
    expect(row.province_code).toBe('12')
    expect(Number(row.x)).toBeCloseTo(p.village12.lon, 6)
    expect((await send(`/api/incidents/${created.id}`, 'PATCH', { village_code: p.v12, ...p.in12 }, 'officer')).status).toBe(200)
  })

  it('CSV and GeoJSON imports: such a row is a row error on lon, and nothing of it is stored', async () => {
    const p = await places()
    const id = `pt-${uniq()}`
    const csv = `external_id,occurred_at,criterion,subtype,lon,lat,village_code\n${id},2026-01-12,1,theft,${p.in01.lon},${p.in01.lat},${p.v12}\n${id}-ok,2026-01-12,1,theft,${p.in12.lon},${p.in12.lat},${p.v12}\n`
    const r = await (await csvImport(csv, 'officer')).json()
    expect(r.inserted).toBe(1)
    expect(r.errors).toEqual([expect.objectContaining({ line: 2, field: 'lon', message: expect.stringContaining('outside your area 12') })])
    const g = await (
      await geoImport(
        [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [p.in01.lon, p.in01.lat] },
            properties: { external_id: `${id}-geo`, occurred_at: '2026-01-12', criterion: 1, subtype: 'theft', village_code: p.v12 },
          },
        ],
        'officer',
      )
    ).json()
    expect(g.inserted).toBe(0)
    expect(g.errors[0]).toMatchObject({ line: 1, field: 'lon' })
    const [c] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE external_id LIKE '%' || $1 || '%' AND ST_X(geom) = $2`,
      [id, p.in01.lon],
    )
    expect(c.n).toBe(0)
  })
})

describe('an officer cannot learn which external_ids exist outside their area', () => {
  // Guarantee (server/import/index.ts, ownIds): what an officer gets back depends only on incidents in their area.
  // An id stored in another province answers exactly as an id stored nowhere: the row is accepted and stored in the
  // officer's namespace ("12/<id>").
  const row = (p: Awaited<ReturnType<typeof places>>) => ({
    criterion: 2,
    subtype: 'drug_dealing',
    occurred_at: '2026-01-20T20:00:00+07:00',
    village_code: p.v12,
    description: 'same row',
  })
  const strip = (text: string, ids: (string | number)[]) => ids.reduce<string>((s, x) => s.split(String(x)).join('<id>'), text)

  it('POST: an id stored in province 01 gets the same answer as a fresh one', async () => {
    const p = await places()
    const secret = `secret-${uniq()}`,
      fresh = `fresh-${uniq()}`
    expect((await send('/api/incidents', 'POST', { ...row(p), external_id: secret, village_code: p.v01 })).status).toBe(201) // the admin's, in 01
    const a = await send('/api/incidents', 'POST', { ...row(p), external_id: secret }, 'officer')
    const b = await send('/api/incidents', 'POST', { ...row(p), external_id: fresh }, 'officer')
    expect(a.status).toBe(b.status)
    const ja = await a.json(),
      jb = await b.json()
    expect(strip(JSON.stringify(ja), [ja.id, secret])).toBe(strip(JSON.stringify(jb), [jb.id, fresh]))
    // The admin's incident in 01 is untouched, and still the only one with that bare id.
    const stored = await t.db.query<{ external_id: string; province_code: string }>(
      `SELECT external_id, province_code FROM incidents WHERE external_id LIKE '%' || $1 ORDER BY id`,
      [secret],
    )
    expect(stored).toEqual([
      { external_id: secret, province_code: '01' },
      { external_id: `12/${secret}`, province_code: '12' },
    ])
    // Their own id again is a duplicate they may be told about (it is in their area).
    expect((await send('/api/incidents', 'POST', { ...row(p), external_id: fresh }, 'officer')).status).toBe(409)
  })

  it('import: the same counts and messages for an id stored in 01 as for one stored nowhere; re-imports stay idempotent', async () => {
    const p = await places()
    const secret = `secret-${uniq()}`,
      fresh = `fresh-${uniq()}`
    expect(
      (await csvImport(`external_id,occurred_at,criterion,subtype,village_code\n${secret},2026-01-05,1,theft,${p.v01}\n`, 'admin')).status,
    ).toBe(200)
    const file = (id: string) =>
      `external_id,occurred_at,criterion,subtype,village_code\n${id},2026-01-05,1,theft,${p.v12}\n${id},2026-01-06,1,theft,${p.v12}\n`
    const a = await (await csvImport(file(secret), 'officer')).text()
    const b = await (await csvImport(file(fresh), 'officer')).text()
    const norm = (s: string, id: string) => strip(s.replace(/"import_id":\d+/, ''), [id])
    expect(norm(a, secret)).toBe(norm(b, fresh))
    expect(JSON.parse(a)).toMatchObject({ inserted: 1, duplicates: 0 })
    // Running the file again: a duplicate, for both, alike.
    const a2 = await (await csvImport(file(secret), 'officer')).text()
    const b2 = await (await csvImport(file(fresh), 'officer')).text()
    expect(norm(a2, secret)).toBe(norm(b2, fresh))
    expect(JSON.parse(a2)).toMatchObject({ inserted: 0, duplicates: 1 })
    // An id of an incident in their area (e.g. from the admin's export of it) is a duplicate, as for anyone.
    const [mine] = await t.db.query<{ external_id: string; village_code: string }>(
      `SELECT external_id, village_code FROM incidents WHERE province_code = '12' AND village_code IS NOT NULL ORDER BY id LIMIT 1`,
    )
    const again = await (
      await csvImport(
        `external_id,occurred_at,criterion,subtype,village_code\n${mine.external_id},2026-01-05,1,theft,${mine.village_code}\n`,
        'officer',
      )
    ).json()
    expect(again).toMatchObject({ inserted: 0, duplicates: 1 })
  })
})

describe('pilot plans show an officer only the members in their area', () => {
  it('list, one plan and its evaluation name no village or commune outside the area', async () => {
    const [c12] = await t.db.query<{ code: string }>(
      `SELECT code FROM areas WHERE level = 'commune' AND code LIKE '12%' AND population > 0 ORDER BY code LIMIT 1`,
    )
    const [c01] = await t.db.query<{ code: string }>(
      `SELECT code FROM areas WHERE level = 'commune' AND code LIKE '01%' AND population > 0 ORDER BY code LIMIT 1`,
    )
    const created = await send('/api/pilots/plans', 'POST', {
      name: `Both ${uniq()}`,
      level: 'commune',
      start_date: '2025-07-01',
      areas: [c12.code, c01.code],
    })
    expect(created.status).toBe(201)
    const plan = await created.json()
    expect(plan.areas.map((a: any) => a.code)).toEqual([c01.code, c12.code])

    const list = await (await t.get('/api/pilots/plans', 'officer')).json()
    const seen = list.find((p: any) => p.id === plan.id)
    expect(seen.areas.map((a: any) => a.code)).toEqual([c12.code])
    expect(list.flatMap((p: any) => p.areas.map((a: any) => a.code)).every((c: string) => c.startsWith('12'))).toBe(true)
    const one = await (await t.get(`/api/pilots/plans/${plan.id}`, 'officer')).json()
    expect(one.areas.map((a: any) => a.code)).toEqual([c12.code])
    const ev = await t.get(`/api/pilots/plans/${plan.id}/evaluation`, 'officer')
    expect(ev.status).toBe(200)
    const evText = await ev.text()
    expect(evText).not.toContain(`"${c01.code}`)
    expect(evText).not.toMatch(/"code":"01/)
    expect(JSON.parse(evText).n_pilots).toBe(1)
    // The admin still sees and evaluates the whole plan; the officer may not change it.
    expect((await (await t.get(`/api/pilots/plans/${plan.id}/evaluation`)).json()).n_pilots).toBe(2)
    expect((await send(`/api/pilots/plans/${plan.id}`, 'PATCH', { rationale: 'x' }, 'officer')).status).toBe(403)
  })
})

describe('reads of incident-level data are audited', () => {
  it('a page, the points and one incident each leave a read row with the query and the count', async () => {
    const since = (await t.db.query<{ m: number }>(`SELECT coalesce(max(id), 0)::int AS m FROM audit_log`))[0].m
    const page = await (await t.get('/api/incidents?area=1201&limit=3', 'officer')).json()
    const pts = await (await t.get('/api/incidents/points?area=1201&criteria=1', 'analyst')).json()
    const id = page.features[0].id
    expect((await t.get(`/api/incidents/${id}`, 'officer')).status).toBe(200)
    const rows = await audits(`id > $1 AND action = 'read'`, [since])
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as any
    expect(rows.map((r) => [r.username, r.entity, r.route])).toEqual([
      ['officer', 'incidents', '/api/incidents'],
      ['analyst', 'incidents', '/api/incidents/points'],
      ['officer', 'incidents', '/api/incidents/:id'],
    ])
    expect(parse(rows[0].summary)).toMatchObject({ query: { area: '1201', limit: 3 }, rows: 3 })
    expect(parse(rows[1].summary)).toMatchObject({ query: { area: '1201', criteria: [1] }, rows: pts.count })
    expect(rows[2].entity_id).toBe(String(id))
    expect(parse(rows[2].summary)).toMatchObject({ ids: [id], rows: 1 })
    // A refused read (viewer) returns no incident data and leaves no read row.
    expect((await t.get('/api/incidents?limit=1', 'viewer')).status).toBe(403)
    expect((await audits(`id > $1 AND action = 'read' AND username = 'viewer'`, [since])).length).toBe(0)
  })
})

import { readSheet } from 'read-excel-file/node'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

const t = useTestApp()
const json = async (url: string, who: Parameters<typeof t.get>[1] = 'admin') => {
  const res = await t.get(url, who)
  expect(res.status, `${url}: ${res.status}`).toBe(200)
  return res.json()
}
const send = (url: string, method: string, body: unknown, who: Parameters<typeof t.get>[1] = 'admin', type = 'application/json') =>
  t.request(url, { method, headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) }, who)

/** Raw incidents between local dates (counted here, independently of the report code). */
async function rawCount(from: string, to: string, area?: string): Promise<number[]> {
  const col = area
    ? ({ 2: 'province_code', 4: 'district_code', 6: 'commune_code', 8: 'village_code' } as Record<number, string>)[area.length]
    : null
  const rows = await t.db.query<{ criterion: number; n: number }>(
    `SELECT criterion, count(*)::int AS n FROM incidents WHERE (occurred_at AT TIME ZONE 'Asia/Phnom_Penh')::date BETWEEN $1::date AND $2::date
     ${col ? `AND ${col} = $3` : ''} GROUP BY 1`,
    col ? [from, to, area] : [from, to],
  )
  const out = [0, 0, 0, 0, 0]
  for (const r of rows) out[r.criterion - 1] = Number(r.n)
  return out
}
const sum = (a: number[]) => a.reduce((s, x) => s + x, 0)

describe('Ministry report', () => {
  const cases = [
    ['month', 2026, 3],
    ['quarter', 2025, 4],
    ['semester', 2026, 1],
    ['year', 2025, null],
    ['year', 2024, null],
  ] as const
  for (const [type, year, index] of cases) {
    it(`${type} ${year}${index ? `/${index}` : ''}: national totals equal the raw incidents, rows add up`, async () => {
      const r = await json(`/api/reports?period=${type}&year=${year}${index ? `&index=${index}` : ''}`)
      const raw = await rawCount(r.period.from, r.period.to)
      expect(r.rows.length).toBe(25)
      expect(r.total.total).toBe(sum(raw))
      expect(sum(r.rows.map((x: any) => x.total))).toBe(r.total.total)
      for (let c = 1; c <= 5; c++) {
        expect(r.total.counts[String(c)]).toBe(raw[c - 1])
        expect(sum(r.rows.map((x: any) => x.counts[String(c)]))).toBe(raw[c - 1])
      }
      const prev = await rawCount(r.period.previous.from, r.period.previous.to)
      expect(r.total.previous_total).toBe(sum(prev))
      expect(r.total.change).toBe(sum(raw) - sum(prev))
      for (const x of r.rows) {
        expect(x.total).toBe(sum([1, 2, 3, 4, 5].map((c) => x.counts[String(c)])))
        if (x.population) expect(x.rate_per_1000).toBeCloseTo((x.total / x.population) * 1000, 3)
        expect(x.safe).toBe(x.total === 0)
        expect(x.safe_communes).toBeLessThanOrEqual(x.communes)
      }
    })
  }

  it('province and district reports reconcile with their raw incidents', async () => {
    for (const area of ['12', '1201', '010201']) {
      const r = await json(`/api/reports?period=quarter&year=2026&index=1&area=${area}`)
      const raw = await rawCount(r.period.from, r.period.to, area)
      expect(r.total.total, area).toBe(sum(raw))
      expect(sum(r.rows.map((x: any) => x.total)), area).toBe(sum(raw))
      expect(r.level).toBe({ 2: 'district', 4: 'commune', 6: 'village' }[area.length])
    }
  })

  it('puts an incident at 23:30 Phnom Penh time on the last day of a quarter in that quarter', async () => {
    const [v] = await t.db.query<any>(
      `SELECT code, commune_code, district_code, province_code FROM villages WHERE commune_code = '010201' AND geom IS NOT NULL ORDER BY code LIMIT 1`,
    )
    const q = (i: number) =>
      json(`/api/reports?period=quarter&year=2026&index=${i}&area=0102`).then(
        (r) => r.rows.find((x: any) => x.code === '010201').counts['4'],
      )
    const before = [await q(1), await q(2)]
    const add = (id: string, at: string) =>
      t.db.query(
        `INSERT INTO incidents (external_id, criterion, subtype, occurred_at, village_code, commune_code, district_code, province_code, geom, precision, source)
      SELECT $1, 4, 'gang_fight', $2::timestamptz, v.code, v.commune_code, v.district_code, v.province_code, v.geom, 'village', 'tz-test' FROM villages v WHERE v.code = $3`,
        [id, at, v.code],
      )
    await add('tz-late', '2026-03-31T23:30:00+07:00') // 16:30 UTC on 31 March: Q1
    await add('tz-early', '2026-04-01T00:30:00+07:00') // 17:30 UTC on 31 March, but 1 April in Phnom Penh: Q2
    expect([await q(1), await q(2)]).toEqual([before[0] + 1, before[1] + 1])
    const m = await json(`/api/reports?period=month&year=2026&index=3&area=0102`)
    expect(m.rows.find((x: any) => x.code === '010201').counts['4']).toBe((await rawCount('2026-03-01', '2026-03-31', '010201'))[3])
  })

  it('downloads CSV, XLSX and a printable bilingual HTML page with the same figures', async () => {
    const base = '/api/reports?period=quarter&year=2025&index=3&area=12'
    const r = await json(base)
    const csv = await t.get(`${base}&format=csv`)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.headers.get('content-disposition')).toContain('report-12-2025-quarter-3.csv')
    const parsed = Papa.parse<Record<string, string>>((await csv.text()).replace(/^\ufeff/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data
    expect(parsed.length).toBe(r.rows.length + 1)
    expect(parsed[0]).toMatchObject({
      code: r.rows[0].code,
      name_km: r.rows[0].name_km,
      total: String(r.rows[0].total),
      criterion_1: String(r.rows[0].counts['1']),
    })
    expect(parsed[parsed.length - 1]).toMatchObject({ code: 'TOTAL', total: String(r.total.total) })
    const x = await t.get(`${base}&format=xlsx`)
    expect(x.headers.get('content-type')).toContain('spreadsheetml')
    const buf = Buffer.from(await x.arrayBuffer())
    expect(buf.subarray(0, 2).toString()).toBe('PK')
    const sheet = await readSheet(buf)
    expect(sheet[0][0]).toBe('Code')
    expect(String(sheet[1][4])).toContain('ចោរកម្ម')
    expect(sheet[2][0]).toBe(r.rows[0].code)
    expect(sheet[2][9]).toBe(r.rows[0].total)
    expect(sheet[sheet.length - 1][9]).toBe(r.total.total)
    const h = await t.get(`${base}&format=html`)
    expect(h.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    const html = await h.text()
    expect(html).toContain('Safety Village/Commune/Sangkat report')
    expect(html).toContain('របាយការណ៍')
    expect(html).toContain('Phnom Penh')
    expect(html).toContain('@font-face')
    expect(html).not.toMatch(/<script/i)
  })

  it('refuses a bad period with the field and reason', async () => {
    for (const [q, field] of [
      ['period=quarter&year=2026', 'index'],
      ['period=quarter&year=2026&index=5', 'index'],
      ['period=year&year=2026&index=1', 'index'],
      ['period=week&year=2026', 'period'],
      ['period=month&year=1800&index=1', 'year'],
      ['period=month&year=2026&index=1&area=123', 'area'],
      ['period=month&year=2026&index=1&format=pdf', 'format'],
      ['period=month&year=2026&index=1&area=12010101', 'area'],
    ] as const) {
      const res = await t.get(`/api/reports?${q}`)
      expect(res.status, q).toBe(400)
      const b = await res.json()
      expect(b.issues?.[0]?.field ?? b.error, q).toBe(field)
    }
  })

  it('suppresses small counts for viewers', async () => {
    const r = await json('/api/reports?period=month&year=2026&index=3&area=0102', 'viewer')
    const all: (number | null)[] = r.rows.flatMap((x: any) => Object.values(x.counts))
    expect(all.some((v) => v === null)).toBe(true)
    expect(all.every((v) => v === null || v === 0 || v >= 5)).toBe(true)
  })
})

describe('safe status', () => {
  it('judges each commune by its counts in the period, with thresholds', async () => {
    const r = await json('/api/safety?period=quarter&year=2025&index=2&level=commune&area=01')
    expect(r.rows.length).toBeGreaterThan(50)
    for (const x of r.rows) {
      const counts = [1, 2, 3, 4, 5].map((c) => x.counts[String(c)])
      expect(x.safe).toBe(counts.every((n) => n === 0))
      expect([1, 2, 3, 4, 5].every((c) => x.pass[String(c)] === (x.counts[String(c)] === 0))).toBe(true)
    }
    expect(r.summary.safe).toBe(r.rows.filter((x: any) => x.safe).length)
    // A lenient threshold on every criterion makes more communes safe, never fewer.
    const lenient = await json('/api/safety?period=quarter&year=2025&index=2&level=commune&area=01&thresholds=2,2,2,2,2')
    expect(lenient.thresholds).toEqual([2, 2, 2, 2, 2])
    expect(lenient.summary.safe).toBeGreaterThan(r.summary.safe)
    for (const x of lenient.rows) expect(x.safe).toBe([1, 2, 3, 4, 5].every((c) => x.counts[String(c)] <= 2))
  })

  it('turns a safe village unsafe with one incident, and back with a threshold of 1 for that criterion', async () => {
    const s = await json('/api/safety?period=month&year=2026&index=2&level=village&area=0103')
    const v = s.rows.find((x: any) => x.safe && x.lon != null)
    expect(v).toBeTruthy()
    await t.db.query(
      `INSERT INTO incidents (external_id, criterion, subtype, occurred_at, village_code, commune_code, district_code, province_code, geom, precision, source)
      SELECT 'safe-edge', 2, 'use', '2026-02-28T23:59:00+07:00', v.code, v.commune_code, v.district_code, v.province_code, v.geom, 'village', 'edge' FROM villages v WHERE v.code = $1`,
      [v.code],
    )
    const after = (await json('/api/safety?period=month&year=2026&index=2&level=village&area=0103')).rows.find(
      (x: any) => x.code === v.code,
    )
    expect(after).toMatchObject({ safe: false, pass: { '1': true, '2': false, '3': true, '4': true, '5': true }, counts: { '2': 1 } })
    const lenient = (await json('/api/safety?period=month&year=2026&index=2&level=village&area=0103&thresholds=0,1,0,0,0')).rows.find(
      (x: any) => x.code === v.code,
    )
    expect(lenient.safe).toBe(true)
    // March does not see the incident of 28 February, 23:59 local.
    const march = (await json('/api/safety?period=month&year=2026&index=3&level=village&area=0103')).rows.find(
      (x: any) => x.code === v.code,
    )
    expect(march.counts['2']).toBe((await rawCount('2026-03-01', '2026-03-31', v.code))[1])
    expect((await rawCount('2026-02-01', '2026-02-28', v.code))[1]).toBe(1)
  })

  it('counts safe communes per province over time', async () => {
    const r = await json('/api/safety/trend?period=quarter&from=2025-01-01&to=2025-12-31&level=commune')
    expect(r.periods.map((p: any) => p.label_en)).toEqual(['Q1 2025', 'Q2 2025', 'Q3 2025', 'Q4 2025'])
    expect(r.periods.map((p: any) => p.complete)).toEqual([true, true, true, true]) // the data cover 2025 in full
    expect(r.groups.length).toBe(25)
    for (let i = 0; i < 4; i++) {
      const q = await json(`/api/safety?period=quarter&year=2025&index=${i + 1}&level=commune`)
      expect(r.total.safe[i]).toBe(q.summary.safe)
      expect(sum(r.groups.map((g: any) => g.safe[i]))).toBe(q.summary.safe)
    }
    expect(r.total.areas).toBe(1652)
    const g = r.groups.find((x: any) => x.code === '12')
    expect(g.share[0]).toBeCloseTo(g.safe[0] / g.areas, 4)
  })

  it('refuses village status without an area, and bad thresholds', async () => {
    expect((await t.get('/api/safety?period=year&year=2025&level=village')).status).toBe(400)
    const bad = await t.get('/api/safety?period=year&year=2025&thresholds=1,2')
    expect(bad.status).toBe(400)
    expect((await bad.json()).issues[0].field).toBe('thresholds')
  })
})

describe('public forums', () => {
  it('records, refuses duplicates and bad input, edits and deletes, with an audit trail', async () => {
    const res = await send('/api/forums', 'POST', {
      area_code: '010201',
      held_on: '2026-11-01',
      attendance: 42,
      topics: ['Drug prevention', 'Road safety'],
      notes: 'at the pagoda',
    })
    expect(res.status).toBe(201)
    const f = await res.json()
    expect(f).toMatchObject({
      area_code: '010201',
      level: 'commune',
      commune_code: '010201',
      attendance: 42,
      topics: ['Drug prevention', 'Road safety'],
      synthetic: false,
      created_by: 'admin',
    })
    expect((await send('/api/forums', 'POST', { area_code: '010201', held_on: '2026-11-01', attendance: 5 })).status).toBe(409)
    for (const [body, field] of [
      [{ area_code: '99999999', held_on: '2026-01-01', attendance: 5 }, 'area_code'],
      [{ area_code: '010201', held_on: '2099-01-01', attendance: 5 }, 'held_on'],
      [{ area_code: '010201', held_on: '2026-02-30', attendance: 5 }, 'held_on'],
      [{ area_code: '010201', held_on: '2026-01-01', attendance: -1 }, 'attendance'],
      [{ area_code: '0102', held_on: '2026-01-01', attendance: 5 }, 'area_code'],
    ] as const) {
      const r = await send('/api/forums', 'POST', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect((await r.json()).issues[0].field).toBe(field)
    }
    const v = await (await send('/api/forums', 'POST', { area_code: '01020101', held_on: '2026-10-30', attendance: 12 })).json()
    expect(v).toMatchObject({ level: 'village', commune_code: '010201' })
    const p = await send(`/api/forums/${f.id}`, 'PATCH', { attendance: 50 })
    expect((await p.json()).attendance).toBe(50)
    expect((await send(`/api/forums/${f.id}`, 'DELETE', undefined)).status).toBe(200)
    expect((await t.get(`/api/forums/${f.id}`)).status).toBe(404)
    const audit = await json('/api/audit?entity=forum&limit=10')
    expect(audit.entries.map((a: any) => a.action)).toEqual(expect.arrayContaining(['create', 'update', 'delete']))
  })

  it('imports CSV, reporting bad rows by line and field', async () => {
    const csv =
      'area_code,held_on,attendance,topics,notes\n010202,2026-09-03,30,Gangs;Gambling,ok\n010202,2026-13-01,30,,\n999999,2026-09-04,10,,\n010203,2026-09-05,abc,,\n010202,2026-09-03,31,,\n'
    const r = await (await send('/api/forums/import', 'POST', csv, 'admin', 'text/csv')).json()
    expect(r.inserted).toBe(1)
    expect(r.skipped).toBe(1) // the same commune and day again
    expect(r.errors.map((e: any) => [e.line, e.field])).toEqual([
      [3, 'held_on'],
      [4, 'area_code'],
      [5, 'attendance'],
    ])
    const officer = await (
      await send(
        '/api/forums/import',
        'POST',
        'area_code,held_on,attendance\n010202,2026-09-10,5\n120101,2026-09-10,5\n',
        'officer',
        'text/csv',
      )
    ).json()
    expect(officer.inserted).toBe(1)
    expect(officer.errors[0]).toMatchObject({ line: 2, field: 'area_code' })
  })

  it('judges compliance on dates around the three-month limit', async () => {
    await t.db.query(`DELETE FROM forums WHERE commune_code = '010204'`)
    await send('/api/forums', 'POST', { area_code: '010204', held_on: '2026-02-15', attendance: 20 })
    const on = async (date: string) =>
      (await json(`/api/forums/compliance?level=commune&area=0102&date=${date}`)).rows.find((x: any) => x.code === '010204')
    expect(await on('2026-05-15')).toMatchObject({
      last_forum: '2026-02-15',
      recent: true,
      compliant: true,
      quarters: [true, null, null, null],
    })
    expect(await on('2026-05-16')).toMatchObject({ recent: false, compliant: false, status: 'overdue' })
    await send('/api/forums', 'POST', { area_code: '01020401', held_on: '2026-04-20', attendance: 9 }) // a village forum counts for its commune
    expect(await on('2026-07-01')).toMatchObject({ last_forum: '2026-04-20', quarters: [true, true, null, null], compliant: true })
    expect(await on('2026-10-02')).toMatchObject({ quarters: [true, true, false, null], compliant: false, status: 'overdue' })
    // At the village level, another village of the commune does not count, the commune's own forum does.
    const vil = async (code: string, date: string) =>
      (await json(`/api/forums/compliance?level=village&area=010204&date=${date}`)).rows.find((x: any) => x.code === code)
    expect(await vil('01020401', '2026-07-01')).toMatchObject({ last_forum: '2026-04-20' })
    expect(await vil('01020402', '2026-07-01')).toMatchObject({ last_forum: '2026-02-15', recent: false })
    const all = await json('/api/forums/compliance?level=commune&date=2026-10-31')
    expect(all.summary.areas).toBe(1652)
    expect(all.summary.overdue + all.summary.never).toBeGreaterThan(0) // the demo history is incomplete
    expect(all.summary.compliant).toBeGreaterThan(all.summary.areas / 3)
  })
})

describe('pilot plans and their evaluation', () => {
  it('recovers the planted demo effect within its interval', async () => {
    const plans = await json('/api/pilots/plans')
    const demo = plans.find((p: any) => p.synthetic)
    expect(demo).toMatchObject({ level: 'village', start_date: '2025-07-01', author: 'SafeVillage demo seed' })
    expect(demo.areas.length).toBe(50)
    const e = await json(`/api/pilots/plans/${demo.id}/evaluation`)
    expect(e.pre).toMatchObject({ from: '2023-11-01', to: '2025-06-30', months: 20 })
    expect(e.post).toMatchObject({ from: '2025-07-01', to: '2026-10-31', months: 16 })
    expect(e.n_pilots).toBe(50)
    expect(e.planted.removed).toBeGreaterThan(0)
    const { did, ci_low, ci_high } = e.estimate
    expect(did).toBeLessThan(0)
    expect(ci_low).toBeLessThanOrEqual(e.planted.att)
    expect(ci_high).toBeGreaterThanOrEqual(e.planted.att)
    console.log(
      `[did] estimate ${did} (95% ${ci_low} .. ${ci_high}), planted ${e.planted.att}, p ${e.estimate.p}, removed ${e.planted.removed}`,
    )
    expect(Math.abs(e.balance.std_diff_pre)).toBeLessThan(0.25) // matched on the pre-period rate
    expect(e.series.length).toBe(36)
    expect(e.pairs[0].controls.length).toBe(3)
    expect(
      e.pairs.every((p: any) =>
        p.controls.every((c: any) => c.code.slice(0, 2) === p.code.slice(0, 2) && !demo.areas.some((a: any) => a.code === c.code)),
      ),
    ).toBe(true)
  })

  it('saves, lists, edits and deletes a plan; only its author or an admin may change it', async () => {
    const res = await send(
      '/api/pilots/plans',
      'POST',
      {
        name: 'Kampong Cham pilots',
        level: 'commune',
        start_date: '2026-01-01',
        rationale: 'top of the index',
        areas: ['030101', '030102', '030101'],
      },
      'analyst',
    )
    expect(res.status).toBe(201)
    const p = await res.json()
    expect(p).toMatchObject({ name: 'Kampong Cham pilots', author: 'Analyst (demo)', level: 'commune', synthetic: false })
    expect(p.areas.map((a: any) => a.code)).toEqual(['030101', '030102'])
    expect(p.areas[0].name_en).toBeTruthy()
    expect((await json('/api/pilots/plans')).some((x: any) => x.id === p.id)).toBe(true)
    expect((await send(`/api/pilots/plans/${p.id}`, 'PATCH', { rationale: 'x' }, 'officer')).status).toBe(404) // outside the officer's province
    const edited = await (await send(`/api/pilots/plans/${p.id}`, 'PATCH', { areas: ['030103'] }, 'analyst')).json()
    expect(edited.areas.map((a: any) => a.code)).toEqual(['030103'])
    for (const [body, field] of [
      [{ name: 'x', level: 'village', start_date: '2026-01-01', areas: ['030101'] }, 'areas'],
      [{ name: 'x', level: 'commune', start_date: '2026-01-01', areas: ['999999'] }, 'areas'],
      [{ name: '', level: 'commune', start_date: '2026-01-01', areas: ['030101'] }, 'name'],
      [{ name: 'x', level: 'commune', start_date: '2026-01-01', areas: [] }, 'areas'],
    ] as const) {
      const r = await send('/api/pilots/plans', 'POST', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect((await r.json()).issues[0].field).toBe(field)
    }
    const future = await (
      await send('/api/pilots/plans', 'POST', { name: 'Later', level: 'commune', start_date: '2099-01-01', areas: ['030101'] })
    ).json()
    const ev = await t.get(`/api/pilots/plans/${future.id}/evaluation`)
    expect(ev.status).toBe(409)
    expect((await ev.json()).issues[0].field).toBe('start_date')
    expect((await send(`/api/pilots/plans/${p.id}`, 'DELETE', undefined)).status).toBe(200)
    expect((await t.get(`/api/pilots/plans/${p.id}`)).status).toBe(404)
  })

  it('scores villages with the weights shown, and the weights change the order', async () => {
    const a = await json('/api/pilots/scores?level=village&area=12&limit=2000')
    expect(a.weights).toEqual({ rate: 3, trend: 1, hotspot: 2, population: 1, distance: 1, safe: 1 })
    expect(a.terms.map((x: any) => x.key)).toEqual(Object.keys(a.weights))
    expect(a.terms.every((x: any) => x.label_en && x.label_km && x.description)).toBe(true)
    expect(a.rows.length).toBe(a.units)
    for (const r of a.rows.slice(0, 50)) {
      for (const v of Object.values(r.terms)) expect(v as number).toBeGreaterThanOrEqual(0)
      const w = a.weights
      const expected =
        (w.rate * r.terms.rate +
          w.trend * r.terms.trend +
          w.hotspot * r.terms.hotspot +
          w.population * r.terms.population +
          w.distance * r.terms.distance +
          w.safe * r.terms.safe) /
        9
      expect(r.score).toBeCloseTo(expected, 3)
    }
    expect(a.rows[0].score).toBeGreaterThanOrEqual(a.rows[1].score)
    const b = await json(
      '/api/pilots/scores?level=village&area=12&limit=10&w_rate=0&w_trend=0&w_hotspot=0&w_population=0&w_safe=0&w_distance=1',
    )
    expect(b.rows[0].distance_post_m).toBe(Math.max(...a.rows.map((r: any) => r.distance_post_m ?? 0)))
    expect(
      (await t.get('/api/pilots/scores?level=commune&w_rate=0&w_trend=0&w_hotspot=0&w_population=0&w_safe=0&w_distance=0')).status,
    ).toBe(400)
    expect((await t.get('/api/pilots/scores?level=commune&w_rate=-1')).status).toBe(400)
  })
})

describe('commune ranking', () => {
  it('ranks communes within each province by the fall of their EB rate, and lists the outstanding ones', async () => {
    const r = await json('/api/ranking?period=year&year=2025&top=3')
    expect(r.method).toMatch(/empirical Bayes/)
    expect(r.previous.label_en).toBe('Year 2024')
    const byProv = new Map<string, any[]>()
    for (const x of r.rows) byProv.set(x.province_code, [...(byProv.get(x.province_code) ?? []), x])
    expect(byProv.size).toBe(25)
    for (const list of byProv.values()) {
      expect(list.map((x) => x.rank)).toEqual(list.map((_, i) => i + 1))
      for (let i = 1; i < list.length; i++) expect(list[i - 1].improvement).toBeGreaterThanOrEqual(list[i].improvement)
      expect(list.filter((x) => x.outstanding).length).toBeLessThanOrEqual(3)
    }
    const out = await json('/api/ranking?period=year&year=2025&top=3&outstanding=1')
    expect(out.rows.every((x: any) => x.outstanding && x.improvement > 0)).toBe(true)
    const csv = await (await t.get('/api/ranking?period=year&year=2025&top=3&outstanding=1&format=csv')).text()
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data
    expect(rows.length).toBe(out.rows.length)
    expect(rows[0]).toMatchObject({ code: out.rows[0].code, outstanding: 'true' })
  })
})

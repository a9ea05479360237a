import { describe, expect, it } from 'vitest'
import { giStar } from '../../server/analysis/gistar.ts'
import { queen } from '../../server/analysis/weights.ts'
import { communeRings } from '../../server/db/queries/hotspot-units.ts'
import { useTestApp } from '../helpers/app.ts'

// Issue 14: the pilot planner's flaws in the API (the hot mark, the district names, the plan's level).
const t = useTestApp()
const json = async (url: string, who: Parameters<typeof t.get>[1] = 'admin') => {
  const res = await t.get(url, who)
  expect(res.status, `${url}: ${res.status}`).toBe(200)
  return res.json()
}
const send = (url: string, method: string, body: unknown, who: Parameters<typeof t.get>[1] = 'admin') =>
  t.request(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, who)

describe('the Hot mark of the pilot scores', () => {
  it('marks a minority of Battambang communes: Gi* at 95% among its communes, or an emerging hot spot', async () => {
    const a = await json('/api/pilots/scores?level=commune&area=02&limit=2000')
    expect(a.rows.length).toBe(103)
    const hot = a.rows.filter((r: any) => r.hotspot)
    expect(hot.length).toBeGreaterThan(0)
    expect(hot.length).toBeLessThan(a.rows.length / 2)
    console.log(`[pilots] hot ${hot.length} of ${a.rows.length} Battambang communes`)
    // Gi* recomputed here: raw counts per commune in the window, queen contiguity among Battambang's communes only.
    const units = await t.db.query<{ code: string }>(`SELECT code FROM areas WHERE level = 'commune' AND code LIKE '02%' ORDER BY code`)
    const counts = await t.db.query<{ code: string; n: number }>(
      `SELECT commune_code AS code, count(*)::int AS n FROM incidents
       WHERE commune_code LIKE '02%' AND (occurred_at AT TIME ZONE 'Asia/Phnom_Penh')::date BETWEEN $1::date AND $2::date GROUP BY 1`,
      [a.from, a.to],
    )
    const byCode = new Map(counts.map((c) => [c.code, Number(c.n)]))
    const gi = giStar(
      units.map((u) => byCode.get(u.code) ?? 0),
      queen(await communeRings(t.db, '02')),
    )
    const row = new Map(a.rows.map((r: any) => [r.code, r]))
    units.forEach((u, i) => {
      const r: any = row.get(u.code)
      expect(r.hotspot_z, u.code).toBeCloseTo(gi.z[i], 3)
      const expected = gi.bin[i] >= 2 || /hot spot/.test(r.emerging ?? '')
      expect(r.hotspot, u.code).toBe(expected)
      expect(r.terms.hotspot === 1, u.code).toBe(expected)
    })
    expect(a.method).toContain('among the communes of area 02')
  })
})

describe('communes of the same name', () => {
  it('carry their district names in the scores, the plans and the evaluation', async () => {
    const a = await json('/api/pilots/scores?level=commune&area=02&limit=2000')
    const chreys = a.rows.filter((r: any) => r.name_en === 'Chrey')
    expect(chreys.length).toBe(2)
    expect(chreys.every((r: any) => r.district_name_en && r.district_name_km)).toBe(true)
    expect(chreys[0].district_name_en).not.toBe(chreys[1].district_name_en)
    const res = await send('/api/pilots/plans', 'POST', {
      name: 'Two Chreys',
      level: 'commune',
      start_date: '2025-07-01',
      areas: chreys.map((r: any) => r.code),
    })
    expect(res.status).toBe(201)
    const plan = await res.json()
    expect(plan.areas.map((x: any) => x.district_name_en).sort()).toEqual(chreys.map((r: any) => r.district_name_en).sort())
    const e = await json(`/api/pilots/plans/${plan.id}/evaluation`)
    for (const p of e.pairs) {
      expect(p.district_name_en).toBe(chreys.find((r: any) => r.code === p.code).district_name_en)
      expect(p.controls.every((c: any) => c.district_name_en)).toBe(true)
    }
    expect((await send(`/api/pilots/plans/${plan.id}`, 'DELETE', undefined)).status).toBe(200)
  })
})

describe("a plan's areas and its level", () => {
  it('refuses areas of the other level, naming the field and both levels', async () => {
    const r = await send('/api/pilots/plans', 'POST', { name: 'x', level: 'village', start_date: '2026-01-01', areas: ['020309'] })
    expect(r.status).toBe(400)
    const e = (await r.json()).issues[0]
    expect(e.field).toBe('areas')
    expect(e.message).toBe("areas[0]: 020309 is a commune code, but the plan's level is village: give village codes only")
  })
})

// Issue 14: the policy panel's method notes come from the server in both languages, figures in Western digits.
describe('method notes in Khmer', () => {
  const khmerNote = (en: string, km: string) => {
    expect(km).toMatch(/[\u1780-\u17DF]{20}/) // Khmer prose, not a copy of the English
    expect(km).not.toBe(en)
    expect(km).not.toMatch(/[\u17E0-\u17E9]/) // one digit style: Western digits, as the interface formats figures
    // the figures of the English note are in the Khmer one too
    for (const n of en.match(/\d+(\.\d+)?/g) ?? []) expect(km, n).toContain(n)
  }
  it('for the pilot scores, the ranking and the pilot evaluation', async () => {
    const s = await json('/api/pilots/scores?level=commune&area=02&limit=5')
    khmerNote(s.method, s.method_km)
    expect(s.method_km).toContain('តំបន់ 02')
    expect(s.method_km).toContain('ឃុំ')
    const r = await json('/api/ranking?period=year&year=2025&area=02')
    khmerNote(r.method, r.method_km)
    const plan = await send('/api/pilots/plans', 'POST', {
      name: 'Notes',
      level: 'commune',
      start_date: '2025-01-01',
      areas: s.rows.slice(0, 3).map((x: any) => x.code),
    })
    expect(plan.status).toBe(201)
    const e = await json(`/api/pilots/plans/${(await plan.json()).id}/evaluation`)
    khmerNote(e.method, e.method_km)
  })
})

import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

// Periods the API lists say whether the data cover them from their first to their last day (common/periods.ts
// isComplete); the test data run from November 2023 to October 2026, so the first and last quarters are partial.
const t = useTestApp()
const json = async (url: string, who: Parameters<typeof t.get>[1] = 'admin') => {
  const res = await t.get(url, who)
  expect(res.status, `${url}: ${res.status}`).toBe(200)
  return res.json()
}
/** The first and last local days of the incidents, counted here (not by the app's code). */
async function rawSpan(): Promise<{ first: string; last: string }> {
  const [r] = await t.db.query<{ first: string; last: string }>(
    `SELECT to_char(min(occurred_at AT TIME ZONE 'Asia/Phnom_Penh'), 'YYYY-MM-DD') AS first,
            to_char(max(occurred_at AT TIME ZONE 'Asia/Phnom_Penh'), 'YYYY-MM-DD') AS last FROM incidents`,
  )
  return r
}

describe('complete and incomplete periods', () => {
  it('marks the first and last quarters of the safe-share trend incomplete, the ones between complete', async () => {
    const span = await rawSpan()
    expect(span.first >= '2023-10-02' && span.first <= '2023-12-31').toBe(true) // the data start within Q4 2023, after its first day
    expect(span.last >= '2026-10-01' && span.last < '2026-12-31').toBe(true) // and end within Q4 2026, before its last day
    const r = await json(`/api/safety/trend?period=quarter&from=${span.first}&to=${span.last}&level=commune`)
    expect(r.data).toEqual({ from: span.first, to: span.last })
    const labels = r.periods.map((p: any) => p.label_en)
    expect(labels[0]).toBe('Q4 2023')
    expect(labels[labels.length - 1]).toBe('Q4 2026')
    expect(labels.length).toBe(13)
    expect(r.periods[0].complete).toBe(false)
    expect(r.periods[r.periods.length - 1].complete).toBe(false)
    for (const p of r.periods.slice(1, -1)) expect(p.complete, p.label_en).toBe(true)
    // Months: every month between the first and last whole months is complete.
    const m = await json(`/api/safety/trend?period=month&from=2023-10-01&to=2026-12-31&level=commune&area=12`)
    for (const p of m.periods) expect(p.complete, p.label_en).toBe(p.from >= span.first && p.to <= span.last)
    expect(m.periods.find((p: any) => p.label_en === 'November 2025').complete).toBe(true)
    expect(m.periods.find((p: any) => p.label_en === 'December 2026').complete).toBe(false)
  })

  it('uses the data span the caller may see, as /api/meta gives it (a viewer sees whole months)', async () => {
    for (const who of ['admin', 'viewer', 'officer'] as const) {
      const meta = await json('/api/meta', who)
      const r = await json('/api/safety/trend?period=year&from=2023-01-01&to=2026-12-31&level=commune&area=12', who)
      expect(r.data, who).toEqual(meta.time_range)
      expect(
        r.periods.map((p: any) => p.complete),
        who,
      ).toEqual([false, true, true, false])
    }
  })

  it('marks a single period of the safe status, and the ranking, by the same rule', async () => {
    const q = async (y: number, i: number) => (await json(`/api/safety?period=quarter&year=${y}&index=${i}&area=12`)).period.complete
    expect(await q(2023, 4)).toBe(false)
    expect(await q(2025, 2)).toBe(true)
    expect(await q(2026, 4)).toBe(false)
    expect((await json('/api/ranking?period=year&year=2023')).period.complete).toBe(false) // data from November only
    expect((await json('/api/ranking?period=year&year=2025')).period.complete).toBe(true)
  })

  it("marks the forum compliance quarters complete once the date reaches a quarter's last day", async () => {
    const r = await json('/api/forums/compliance?level=commune&area=12&date=2026-06-30')
    expect(r.quarters.map((p: any) => [p.label_en, p.complete])).toEqual([
      ['Q1 2026', true],
      ['Q2 2026', true],
      ['Q3 2026', false],
      ['Q4 2026', false],
    ])
    // A quarter without a forum reads null (not yet due) exactly when it is incomplete; a complete one is true or false.
    for (const row of r.rows)
      for (const [i, q] of (row.quarters as (boolean | null)[]).entries())
        expect(q === null, `${row.code} Q${i + 1}`).toBe(!r.quarters[i].complete && q !== true)
  })
})

describe('one count of areas that held a forum in the last three months', () => {
  it('counts the areas whose last forum is on or after the same day three months before, in the summary and the rows', async () => {
    const SINCE: Record<string, string> = { '2026-10-31': '2026-07-31', '2026-05-31': '2026-02-28', '2025-03-15': '2024-12-15' }
    for (const date of Object.keys(SINCE)) {
      const r = await json(`/api/forums/compliance?level=commune&date=${date}`)
      // Independently: the last forum of each commune up to the date, from the table.
      const rows = await t.db.query<{ code: string }>(
        `SELECT commune_code AS code FROM forums WHERE held_on <= $1::date GROUP BY 1
         HAVING max(held_on) >= ($1::date - interval '3 months')::date`,
        [date],
      )
      expect(r.since).toBe(SINCE[date])
      expect(r.summary.recent, date).toBe(rows.length)
      expect(r.rows.filter((x: any) => x.recent).length).toBe(r.summary.recent)
      expect(r.summary.ok + r.summary.due_soon).toBe(r.summary.recent)
      expect(r.summary.recent + r.summary.overdue + r.summary.never).toBe(r.summary.areas)
      for (const x of r.rows) expect(x.recent, x.code).toBe(x.last_forum != null && x.last_forum >= r.since)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { publish } from '../../server/domain/disclosure.ts'
import { useTestApp } from '../helpers/app.ts'

/**
 * Attacks on the viewers' promise: no count from 1 to k − 1 reaches them. Each lever found against the old server
 * (issue 12) is tried again here. A lever "recovers" a withheld cell when its estimate, rounded, equals the true
 * count; the attack fails when it recovers no more withheld cells than guessing the commonest small count would.
 * Areas and periods are chosen from the data, so the attacks hold for any of them.
 */
const t = useTestApp()
const K = 5

type Row = { code: string; count: number | null; by_criterion: Record<string, number | null>; suppressed: boolean }

/** The busiest province and a quarter the data cover fully, picked from the data. */
async function target() {
  const [p] = await t.db.query<{ code: string }>(`SELECT province_code AS code FROM incidents GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
  const [q] = await t.db.query<{ y: number; q: number }>(
    `SELECT extract(year FROM d)::int AS y, extract(quarter FROM d)::int AS q FROM (SELECT (max(occurred_at) AT TIME ZONE 'Asia/Phnom_Penh') - interval '4 months' AS d FROM incidents) s`,
  )
  const from = `${q.y}-${String((q.q - 1) * 3 + 1).padStart(2, '0')}-01`
  const end = new Date(Date.UTC(q.y, q.q * 3, 0)).toISOString().slice(0, 10)
  return { province: p.code, year: q.y, quarter: q.q, from, to: end }
}

/** True counts per commune (total and criteria) in a window, straight from the database. */
async function truth(from: string, to: string, level: 'commune_code' | 'district_code' = 'commune_code') {
  const rows = await t.db.query<{ code: string; criterion: number; n: number }>(
    `SELECT ${level} AS code, criterion, count(*)::int AS n FROM incidents
     WHERE occurred_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Phnom_Penh') AND occurred_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Phnom_Penh')
     AND ${level} IS NOT NULL GROUP BY 1, 2`,
    [from, to],
  )
  const m = new Map<string, number[]>()
  for (const r of rows) {
    const a = m.get(r.code) ?? [0, 0, 0, 0, 0, 0]
    a[r.criterion - 1] += r.n
    a[5] += r.n
    m.set(r.code, a)
  }
  return m
}

/** How many withheld cells an attack recovers exactly, against the best constant guess. */
function score(cells: { truth: number; estimate: number | null }[]) {
  const hit = cells.filter((c) => c.estimate != null && Math.round(c.estimate) === c.truth).length
  const freq = new Map<number, number>()
  for (const c of cells) freq.set(c.truth, (freq.get(c.truth) ?? 0) + 1)
  const baseline = Math.max(0, ...freq.values())
  return { n: cells.length, hit, baseline }
}

async function json(url: string, who: 'viewer' | 'admin' | 'analyst' = 'viewer') {
  const res = await t.get(url, who)
  expect(res.status, `${url}: ${res.status}`).toBe(200)
  return res.json()
}

describe('disclosure control: the protected table', () => {
  it('a withheld count is null and suppressed; a shown one is the published cell of the true count and record keys', async () => {
    const { province, from, to } = await target()
    const district = await firstDistrict(province)
    const rows: Row[] = await json(`/api/stats/areas?level=commune&parent=${district}&from=${from}&to=${to}`)
    const keys = await t.db.query<{ code: string; n: number; ks: number }>(
      `SELECT commune_code AS code, count(*)::int AS n, (sum(rkey::bigint) % 2147483648)::float8 AS ks FROM incidents
       WHERE occurred_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Phnom_Penh') AND occurred_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Phnom_Penh') GROUP BY 1`,
      [from, to],
    )
    const byCode = new Map(keys.map((r) => [r.code, r]))
    expect(rows.length).toBeGreaterThan(3)
    for (const r of rows) {
      const k = byCode.get(r.code)
      const expected = k ? publish(Number(k.n), Number(k.ks), K) : 0
      expect(r.count, r.code).toBe(expected)
    }
    // Same question, same answer (no averaging over repeats).
    expect(await json(`/api/stats/areas?level=commune&parent=${district}&from=${from}&to=${to}`)).toEqual(rows)
  })

  it('the same cell has the same value through every route (stats, area details, report)', async () => {
    const { province, year, quarter, from, to } = await target()
    const stats: Row[] = await json(`/api/stats/areas?level=district&parent=${province}&from=${from}&to=${to}`)
    const report = await json(`/api/reports?period=quarter&year=${year}&index=${quarter}&area=${province}`)
    for (const r of stats.slice(0, 6)) {
      const one = await json(`/api/areas/${r.code}?from=${from}&to=${to}`)
      expect(one.incidents.count, r.code).toBe(r.count)
      expect(one.incidents.by_criterion).toEqual(r.by_criterion)
      const rr = report.rows.find((x: any) => x.code === r.code)
      expect(rr.total, r.code).toBe(r.count)
      expect(rr.counts).toEqual(r.by_criterion)
    }
  })
})

/** Every calendar year and semester of the data (more cells for the differencing attacks). */
async function windows(months = false): Promise<[string, string][]> {
  const [r] = await t.db.query<{ a: number; b: number }>(
    `SELECT extract(year FROM min(occurred_at))::int AS a, extract(year FROM max(occurred_at))::int AS b FROM incidents`,
  )
  const out: [string, string][] = []
  // With months: the twelve months of the last whole year too (more cells, a steadier count of hits).
  if (months)
    for (let m = 1; m <= 12; m++)
      out.push([`${r.b - 1}-${String(m).padStart(2, '0')}-01`, monthEndOf(`${r.b - 1}-${String(m).padStart(2, '0')}-01`)])
  for (let y = Number(r.a); y <= Number(r.b); y++)
    out.push(
      [`${y}-01-01`, `${y}-12-31`],
      [`${y}-01-01`, `${y}-06-30`],
      [`${y}-07-01`, `${y}-12-31`],
      [`${y}-01-01`, `${y}-03-31`],
      [`${y}-04-01`, `${y}-06-30`],
      [`${y}-07-01`, `${y}-09-30`],
      [`${y}-10-01`, `${y}-12-31`],
    )
  return out
}

async function firstDistrict(province: string) {
  const [d] = await t.db.query<{ code: string }>(
    `SELECT district_code AS code FROM incidents WHERE province_code = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    [province],
  )
  return d.code
}

describe('disclosure control: differencing attacks (viewer)', () => {
  it('threshold sweep: viewers cannot set thresholds; safe status is judged on the published cells', async () => {
    const { province, year, quarter } = await target()
    for (const th of ['0,0,0,0,0', '1,1,1,1,1', '4,4,4,4,4']) {
      const res = await t.get(`/api/safety?period=quarter&year=${year}&index=${quarter}&area=${province}&thresholds=${th}`, 'viewer')
      expect(res.status).toBe(400)
      expect((await res.json()).issues[0].field).toBe('thresholds')
    }
    const s = await json(`/api/safety?period=quarter&year=${year}&index=${quarter}&area=${province}`)
    let withheld = 0
    for (const r of s.rows)
      for (const c of ['1', '2', '3', '4', '5']) {
        if (r.counts[c] == null) {
          withheld++
          expect(r.pass[c]).toBe(false)
        } else expect(r.pass[c]).toBe(r.counts[c] === 0)
      }
    expect(withheld).toBeGreaterThan(0)
  })

  it('date windows other than a calendar period, and criteria subsets, are refused with a reason', async () => {
    const { from, to } = await target()
    const bad = [
      [`/api/stats/areas?level=commune&from=${from}&to=${shift(to, -1)}`, 'to'],
      [`/api/stats/areas?level=commune&from=${shift(from, 1)}&to=${to}`, 'to'],
      [`/api/stats/areas?level=commune&from=${from}`, 'to'],
      ['/api/stats/areas?level=commune&criteria=1,3', 'criteria'],
      [`/api/areas/12?from=${from}&to=${shift(to, 3)}`, 'to'],
      [`/api/hotspots?unit=commune&from=${from}&to=${shift(to, 30)}`, 'to'],
      [`/api/density?from=${shift(from, -1)}&to=${to}`, 'to'],
      ['/api/hotspots?unit=hex&size=2000', 'size'],
      [`/api/exports/briefing.pdf?from=${from}&to=${shift(to, 7)}`, 'to'],
      [`/api/pilots/scores?level=commune&from=${from}&to=${shift(to, -9)}`, 'to'],
    ] as const
    for (const [url, field] of bad) {
      const res = await t.get(url, 'viewer')
      expect(res.status, url).toBe(400)
      const body = await res.json()
      expect(body.issues[0].field, url).toBe(field)
      expect(body.error.length, url).toBeGreaterThan(20)
    }
    // The same requests are fine for an admin (the rules are the viewers' only).
    expect((await t.get(`/api/stats/areas?level=commune&from=${from}&to=${shift(to, -1)}`)).status).toBe(200)
    // A calendar month, quarter, semester, year or all dates are fine for a viewer.
    for (const [f, e] of [
      [from, to],
      [from, monthEndOf(from)],
      [`${from.slice(0, 4)}-01-01`, `${from.slice(0, 4)}-12-31`],
      [`${from.slice(0, 4)}-01-01`, `${from.slice(0, 4)}-06-30`],
    ]) {
      expect((await t.get(`/api/stats/areas?level=province&from=${f}&to=${e}`, 'viewer')).status).toBe(200)
    }
  })

  it('a total minus its other criteria does not give a withheld criterion', async () => {
    const cells: { truth: number; estimate: number | null }[] = []
    for (const [from, to] of await windows()) {
      const real = await truth(from, to)
      const rows: Row[] = await json(`/api/stats/areas?level=commune&from=${from}&to=${to}`)
      for (const r of rows) {
        const hidden = Object.keys(r.by_criterion).filter((c) => r.by_criterion[c] == null)
        if (r.count == null || hidden.length !== 1) continue
        const others = Object.values(r.by_criterion).reduce<number>((s, v) => s + (v ?? 0), 0)
        cells.push({ truth: real.get(r.code)![Number(hidden[0]) - 1], estimate: r.count - others })
      }
    }
    const s = score(cells)
    console.log('total minus other criteria', s)
    expect(s.n, `only ${s.n} rows with one withheld criterion`).toBeGreaterThan(20)
    expect(s.hit, JSON.stringify(s)).toBeLessThanOrEqual(s.baseline)
  })

  it('a district minus its other communes does not give a withheld commune', async () => {
    const cells: { truth: number; estimate: number | null }[] = []
    for (const [from, to] of await windows(true)) {
      const real = await truth(from, to)
      const districts: Row[] = await json(`/api/stats/areas?level=district&from=${from}&to=${to}`)
      const communes: Row[] = await json(`/api/stats/areas?level=commune&from=${from}&to=${to}`)
      // The totals, and each criterion on its own: the district's cell minus its other communes' cells.
      const value = (r: Row, c: number) => (c === 5 ? r.count : r.by_criterion[String(c + 1)])
      for (const d of districts)
        for (let c = 0; c <= 5; c++) {
          const kids = communes.filter((x) => x.code.startsWith(d.code))
          const hidden = kids.filter((x) => value(x, c) == null)
          const whole = value(d, c)
          if (whole == null || hidden.length !== 1) continue
          const others = kids.reduce((s, x) => s + (value(x, c) ?? 0), 0)
          cells.push({ truth: real.get(hidden[0].code)?.[c] ?? 0, estimate: whole - others })
        }
    }
    const s = score(cells)
    console.log('district minus other communes', s)
    expect(s.n).toBeGreaterThan(10)
    expect(s.hit, JSON.stringify(s)).toBeLessThanOrEqual(s.baseline)
  })

  it('Gi* with a 100 m band (every commune an island) shows only what the published cells give', async () => {
    const { year, quarter, from, to } = await target()
    void year
    void quarter
    const real = await truth(from, to)
    const fc = await json(`/api/hotspots?method=gistar&unit=commune&band=100&from=${from}&to=${to}`)
    const f = fc.features.map((x: any) => x.properties)
    // z is affine in the unit's own value: fit it on the shown counts, invert it for the withheld ones.
    const shownF = f.filter((p: any) => p.count != null && p.z != null)
    const [a, b] = fit(
      shownF.map((p: any) => p.count),
      shownF.map((p: any) => p.z),
    )
    const cells = f
      .filter((p: any) => p.count == null && p.z != null)
      .map((p: any) => ({ truth: real.get(p.code)?.[5] ?? 0, estimate: (p.z - b) / a }))
    const s = score(cells)
    console.log('Gi* band=100 inversion', s)
    expect(s.n).toBeGreaterThan(20)
    expect(s.hit, JSON.stringify(s)).toBeLessThanOrEqual(s.baseline)
    // Every withheld unit got the same z: the analysis saw "withheld", not the count.
    const islands = new Set(fc.meta.islands)
    const zs = new Set(f.filter((p: any) => p.count == null && islands.has(p.code)).map((p: any) => p.z.toFixed(9)))
    expect(zs.size, [...zs].join(' ')).toBe(1)
  })

  it("inverting the ranking's empirical-Bayes rate gives only the published cell", async () => {
    const { year, quarter } = await target()
    const r = await json(`/api/ranking?period=quarter&year=${year}&index=${quarter}`)
    const withheld = r.rows.filter((x: any) => x.count == null)
    expect(withheld.length).toBeGreaterThan(10)
    // For a given population, EB is monotone in the count: withheld communes of equal population share one EB rate.
    const byPop = new Map<number, Set<number>>()
    for (const x of withheld) {
      const s = byPop.get(x.population) ?? new Set()
      s.add(x.eb_rate)
      byPop.set(x.population, s)
    }
    for (const s of byPop.values()) expect(s.size).toBe(1)
  })

  it('density metadata and pilot scores carry published figures only', async () => {
    const { from, to } = await target()
    const res = await t.get(`/api/density?format=png&criteria=3&from=${from}&to=${to}`, 'viewer')
    expect(res.status).toBe(200)
    const meta = JSON.parse(res.headers.get('x-density-meta')!)
    expect(meta.protected).toBe(true)
    // The total is the sum of the published village cells (withheld at k/2), recomputed here from the record keys.
    const cells = await t.db.query<{ n: number; ks: number }>(
      `SELECT count(*)::int AS n, (sum(rkey::bigint) % 2147483648)::float8 AS ks FROM incidents i
       LEFT JOIN villages v ON v.code = i.village_code LEFT JOIN areas a ON a.code = i.commune_code
       WHERE criterion = 3 AND occurred_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Phnom_Penh') AND occurred_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Phnom_Penh')
       AND coalesce(v.geom, a.centroid) IS NOT NULL GROUP BY i.commune_code, i.village_code`,
      [from, to],
    )
    const expected = cells.reduce((s, c) => s + (publish(Number(c.n), Number(c.ks), K) ?? K / 2), 0)
    expect(meta.incidents).toBe(Math.round(expected))
    const scores = await json(`/api/pilots/scores?level=commune&area=12`)
    for (const row of scores.rows) if (row.count != null) expect(row.count === 0 || row.count >= K).toBe(true)
  })
})

describe('disclosure control: masking at the source (analyst)', () => {
  it('criterion-3 surfaces are built from village points, over at least 28 days, smoothed at least 1 km', async () => {
    const { from, to } = await target()
    const day = await t.get(`/api/density?criteria=3&from=${from}&to=${from}&bandwidth=200&cell=1000&format=contours`, 'analyst')
    expect(day.status).toBe(400)
    expect((await day.json()).issues[0].field).toBe('to')
    const fine = await t.get(`/api/density?criteria=3&from=${from}&to=${to}&bandwidth=200&cell=300&format=contours`, 'analyst')
    expect(fine.status).toBe(400)
    expect((await fine.json()).issues[0].field).toBe('cell')
    const res = await t.get(`/api/density?criteria=3&from=${from}&to=${to}&bandwidth=200&cell=1000&format=png`, 'analyst')
    expect(res.status).toBe(200)
    const meta = JSON.parse(res.headers.get('x-density-meta')!)
    expect(meta.bandwidth).toBe(1000)
    expect(meta.masking).toMatchObject({
      criteria: [3],
      location: 'village point',
      min_bandwidth_m: 1000,
      min_cell_m: 1000,
      min_window_days: 28,
    })
    // Hex counts of criterion 3 equal those of the same incidents moved to their village points, not the true ones.
    const analyst = await json(`/api/hotspots?unit=hex&size=2000&criteria=3&from=${from}&to=${to}`, 'analyst')
    expect(analyst.meta.masking.criteria).toEqual([3])
    const admin = await json(`/api/hotspots?unit=hex&size=2000&criteria=3&from=${from}&to=${to}`, 'admin')
    expect(admin.meta.masking).toBeUndefined()
    const counts = (fc: any) =>
      new Map<string, number>(fc.features.filter((x: any) => x.properties.count > 0).map((x: any) => [String(x.id), x.properties.count]))
    const a = counts(analyst),
      b = counts(admin)
    const sum = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0)
    const moved = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents i JOIN villages v ON v.code = i.village_code WHERE criterion = 3 AND ST_Distance(i.geom::geography, v.geom::geography) > 1000
       AND occurred_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Phnom_Penh') AND occurred_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Phnom_Penh')`,
      [from, to],
    )
    expect(Number(moved[0].n)).toBeGreaterThan(0)
    expect(a).not.toEqual(b) // the cells differ where incidents sit more than a cell away from their village
    expect(sum(a)).toBeLessThanOrEqual(sum(b))
    // Every analyst cell with criterion-3 incidents holds a village point.
    const cellsWithVillage = await t.db.query<{ k: number }>(
      `SELECT count(*)::int AS k FROM villages v WHERE v.geom IS NOT NULL AND ST_Intersects(v.geom, ST_GeomFromGeoJSON($1))`,
      [JSON.stringify(analyst.features.find((x: any) => x.properties.count > 0).geometry)],
    )
    expect(Number(cellsWithVillage[0].k)).toBeGreaterThan(0)
  })
})

function fit(x: number[], y: number[]): [number, number] {
  const n = x.length,
    mx = x.reduce((s, v) => s + v, 0) / n,
    my = y.reduce((s, v) => s + v, 0) / n
  let sxy = 0,
    sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my)
    sxx += (x[i] - mx) ** 2
  }
  const a = sxy / sxx
  return [a, my - a * mx]
}

function shift(date: string, days: number) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10)
}
function monthEndOf(date: string) {
  const [y, m] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

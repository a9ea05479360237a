import { describe, expect, it } from 'vitest'
import { seededIncidents, useTestApp } from '../helpers/app.ts'

const t = useTestApp()

describe('stats per area', () => {
  it('has one row per commune, zero rows included, summing to all incidents', async () => {
    const rows = await (await t.get('/api/stats/areas?level=commune')).json()
    expect(rows.length).toBe(1652) // every gazetteer commune, with or without a polygon
    const total = rows.reduce((s: number, r: any) => s + r.count, 0)
    expect(total).toBe(await seededIncidents(t.db))
    expect(total).toBeGreaterThan(19_500) // 20,000 generated, a few removed by the planted pilot effect
    expect(rows.some((r: any) => r.count === 0)).toBe(true)
    for (const r of rows.slice(0, 50)) {
      expect(Object.keys(r.by_criterion).sort()).toEqual(['1', '2', '3', '4', '5'])
      expect(Object.values(r.by_criterion as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(r.count)
      if (r.population) expect(r.rate_per_1000).toBeCloseTo((r.count / r.population) * 1000, 2)
      else expect(r.rate_per_1000).toBeNull()
    }
  })

  it('agrees with a direct SQL count for a date range and criteria, in Phnom Penh time', async () => {
    const rows = await (await t.get('/api/stats/areas?level=province&from=2024-01-01&to=2024-12-31&criteria=1,3')).json()
    expect(rows).toHaveLength(25)
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents
      WHERE criterion IN (1, 3) AND (occurred_at AT TIME ZONE 'Asia/Phnom_Penh')::date BETWEEN '2024-01-01' AND '2024-12-31'`)
    expect(rows.reduce((s: number, r: any) => s + r.count, 0)).toBe(n)
    expect(rows.every((r: any) => r.by_criterion['2'] === 0 && r.by_criterion['4'] === 0)).toBe(true)
  })

  it('rejects bad filters naming the field', async () => {
    for (const [q, field] of [
      ['level=commune&from=2024-02-30', 'from'],
      ['level=commune&criteria=0,6', 'criteria'],
      ['level=commune&from=2025-01-01&to=2024-01-01', 'to'],
      ['level=village', 'level'],
    ] as const) {
      const res = await t.get(`/api/stats/areas?${q}`)
      expect(res.status, q).toBe(400)
      expect(
        (await res.json()).issues.map((i: any) => i.field),
        q,
      ).toContain(field)
    }
  })
})

describe('incidents', () => {
  it('pages through a bbox with a cursor, without overlap, within the filters', async () => {
    const url = '/api/incidents?bbox=104.7,11.4,105.1,11.8&criteria=1,2&from=2024-01-01&to=2025-12-31&limit=500'
    const first = await (await t.get(url)).json()
    expect(first.type).toBe('FeatureCollection')
    expect(first.features).toHaveLength(500)
    expect(first.next_cursor).toBeTruthy()
    const second = await (await t.get(`${url}&cursor=${first.next_cursor}`)).json()
    const ids = new Set(first.features.map((f: any) => f.id))
    expect(second.features.some((f: any) => ids.has(f.id))).toBe(false)
    for (const f of [...first.features, ...second.features]) {
      const [x, y] = f.geometry.coordinates
      expect(x >= 104.7 && x <= 105.1 && y >= 11.4 && y <= 11.8).toBe(true)
      expect([1, 2]).toContain(f.properties.criterion)
      expect(f.properties.synthetic).toBe(true)
    }
  })

  it('follows the cursor to the end of a small area', async () => {
    const area = '120101'
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents WHERE commune_code = $1', [area])
    let cursor: string | null = null
    let seen = 0
    do {
      const page: any = await (await t.get(`/api/incidents?area=${area}&limit=25${cursor ? `&cursor=${cursor}` : ''}`)).json()
      seen += page.features.length
      cursor = page.next_cursor
    } while (cursor)
    expect(seen).toBe(n)
  })

  it('returns CSV with the next cursor in a header', async () => {
    const res = await t.get('/api/incidents?format=csv&limit=3&area=12')
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    expect(res.headers.get('x-next-cursor')).toBeTruthy()
    const lines = (await res.text()).trim().split(/\r?\n/)
    expect(lines[0]).toBe('external_id,occurred_at,criterion,subtype,lon,lat,village_code,precision,masked,source,synthetic,description')
    expect(lines).toHaveLength(4)
  })

  it('caps the page size and rejects a malformed cursor', async () => {
    const big = await t.get('/api/incidents?limit=100000')
    expect(big.status).toBe(400)
    expect((await big.json()).issues[0].field).toBe('limit')
    const bad = await t.get('/api/incidents?cursor=%%%')
    expect(bad.status).toBe(400)
  })

  it('serves compact points for the heat map', async () => {
    const r = await (await t.get('/api/incidents/points?criteria=3')).json()
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents WHERE criterion = 3')
    expect(r.count).toBe(n)
    expect(r.truncated).toBe(false)
    expect(r.points.every((p: number[]) => p[2] === 3)).toBe(true)
  })
})

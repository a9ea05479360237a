import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

// The analysis follows the selected area: its units are the area's (grid cells whose centre lies in its polygon,
// or its communes and villages), and `meta.scope` names the region analysed.
const t = useTestApp()
const hot = async (q: string, who?: Parameters<typeof t.get>[1]) => {
  const res = await t.get(`/api/hotspots?${q}`, who)
  return { status: res.status, body: await res.json() }
}

/** How many of the features' cells have their centre (in UTM 48N) outside province 02's polygon, and inside it. */
async function centres(features: { geometry: unknown }[]) {
  const [r] = await t.db.query<{ inside: number; outside: number }>(
    `SELECT count(*) FILTER (WHERE ST_Contains(p.g, c))::int AS inside, count(*) FILTER (WHERE NOT ST_Contains(p.g, c))::int AS outside
     FROM (SELECT ST_Transform(geom, 32648) AS g FROM areas WHERE code = '02') p,
       LATERAL (SELECT ST_Centroid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f::text), 4326), 32648)) AS c
                FROM json_array_elements($1::json) f) cells`,
    [JSON.stringify(features.map((f) => f.geometry))],
  )
  return r
}

describe('hot spots of a selected area', () => {
  it('area=02: only the hexagons whose centre lies in Battambang, fewer than nationally; meta names the scope', async () => {
    const national = await hot('unit=hex&size=10000')
    expect(national.status).toBe(200)
    expect(national.body.meta.scope).toBe('national')
    const area = await hot('unit=hex&size=10000&area=02')
    expect(area.status).toBe(200)
    const [p] = await t.db.query<{ name_en: string; name_km: string | null }>(`SELECT name_en, name_km FROM areas WHERE code = '02'`)
    expect(area.body.meta.scope).toEqual({ code: '02', name_en: p.name_en, name_km: p.name_km })
    const n = area.body.features.length
    expect(area.body.meta.n).toBe(n)
    expect(n).toBeGreaterThan(10)
    expect(n).toBeLessThan(national.body.features.length)
    expect(await centres(area.body.features)).toEqual({ inside: n, outside: 0 })
    // Every national hexagon centred in the province is one of them (the same grid, cut to the area).
    expect((await centres(national.body.features)).inside).toBe(n)
    // Only the area's incidents are counted.
    const [{ c }] = await t.db.query<{ c: number }>(`SELECT count(*)::int AS c FROM incidents WHERE province_code = '02'`)
    const sum = area.body.features.reduce((s: number, f: any) => s + f.properties.count, 0)
    expect(sum).toBeGreaterThan(0)
    expect(sum).toBeLessThanOrEqual(c)
  })

  it('an area about a cell in size (Phnom Penh, 10 km hexagons): the cells touching it, so that there is something to analyse', async () => {
    const { status, body } = await hot('unit=hex&size=10000&area=12')
    expect(status).toBe(200)
    expect(body.meta.scope.code).toBe('12')
    expect(body.features.length).toBeGreaterThanOrEqual(5)
    const [{ c }] = await t.db.query<{ c: number }>(`SELECT count(*)::int AS c FROM incidents WHERE province_code = '12'`)
    expect(body.features.reduce((s: number, f: any) => s + f.properties.count, 0)).toBe(c)
  })

  it("area=02 with communes: the province's communes only", async () => {
    const { status, body } = await hot('unit=commune&method=localmoran&area=02')
    expect(status).toBe(200)
    expect(body.features.length).toBeGreaterThan(5)
    expect(body.features.every((f: any) => f.id.startsWith('02'))).toBe(true)
    expect(body.meta.scope.code).toBe('02')
  })

  it("an officer: their area's scope by default, a district inside it narrows it, another province is refused", async () => {
    const own = await hot('unit=commune&method=localmoran', 'officer')
    expect(own.status).toBe(200)
    expect(own.body.meta.scope.code).toBe('12')
    const [d] = await t.db.query<{ code: string }>(
      `SELECT a.code FROM areas a WHERE a.level = 'district' AND a.code LIKE '12%'
       ORDER BY (SELECT count(*) FROM areas c WHERE c.level = 'commune' AND c.code LIKE a.code || '%') DESC, a.code LIMIT 1`,
    )
    const district = await hot(`unit=commune&method=gistar&band=5000&area=${d.code}`, 'officer')
    expect(district.status).toBe(200)
    expect(district.body.meta.scope.code).toBe(d.code)
    expect(district.body.features.every((f: any) => f.id.startsWith(d.code))).toBe(true)
    expect(district.body.features.length).toBeLessThan(own.body.features.length)
    const other = await hot('unit=hex&size=10000&area=02', 'officer')
    expect(other.status).toBe(403)
  })
})

import { describe, expect, it } from 'vitest'
import { cellIJ, cellKeys } from '../../server/analysis/grid-cells.ts'
import { EHSA_CATEGORIES } from '../../server/analysis/ehsa.ts'
import { seededIncidents, useTestApp } from '../helpers/app.ts'

const t = useTestApp()
const get = async (q: string) => {
  const res = await t.get(`/api/hotspots?${q}`)
  const body = await res.json()
  return { status: res.status, body }
}

describe('cells by arithmetic', () => {
  it.each([
    ['hex', 7000],
    ['square', 7000],
    ['hex', 3000],
    ['square', 1500],
  ] as const)('%s cells of %i m hold the same incidents as an ST_Intersects join', async (kind, size) => {
    const fn = kind === 'hex' ? 'ST_HexagonGrid' : 'ST_SquareGrid'
    // The stored UTM position (migration 006) is the transformed point, and its cell the one PostGIS's grid holds it in.
    const pts = await t.db.query<{ id: number; x: number; y: number; same: boolean }>(
      `SELECT id::int AS id, x_utm AS x, y_utm AS y, x_utm = ST_X(ST_Transform(geom, 32648)) AND y_utm = ST_Y(ST_Transform(geom, 32648)) AS same
       FROM incidents WHERE id % 10 = 0 ORDER BY id`,
    )
    expect(pts.every((p) => p.same)).toBe(true)
    const keys = cellKeys(
      kind,
      size,
      Float64Array.from(pts, (p) => p.x),
      Float64Array.from(pts, (p) => p.y),
    )
    const theirs = await t.db.query<{ id: number; i: number; j: number }>(
      `SELECT p.id::int AS id, g.i::int AS i, g.j::int AS j
       FROM (SELECT id, ST_Transform(geom, 32648) AS g FROM incidents WHERE id % 10 = 0) p,
         LATERAL ${fn}(${size}, ST_Expand(p.g, 1)) g WHERE ST_Intersects(g.geom, p.g)`,
    )
    const held = new Map<number, string[]>() // a point on an edge is in two cells: either will do
    for (const r of theirs) held.set(r.id, [...(held.get(r.id) ?? []), `${r.i},${r.j}`])
    pts.forEach((p, k) => {
      expect(held.get(p.id), `incident ${p.id}`).toContain(cellIJ(keys[k]).join(','))
    })
    expect(pts.length).toBeGreaterThan(1900)
  })
})

describe('GET /api/hotspots', () => {
  it('Gi* on 10 km hexagons: every incident counted once, z/p/bin on each cell, meta echoes the parameters', async () => {
    const { status, body } = await get('method=gistar&unit=hex&size=10000')
    expect(status).toBe(200)
    expect(body.type).toBe('FeatureCollection')
    expect(body.meta).toMatchObject({
      method: 'gistar',
      unit: 'hex',
      size: 10000,
      size_rule: 'given',
      rate: false,
      fdr: false,
      islands: [],
    })
    // Cells are named by the commune under their centre, for tooltips.
    expect(body.features.filter((f: any) => f.properties.place_en).length).toBeGreaterThan(body.features.length * 0.8)
    expect(body.meta.n).toBe(body.features.length)
    expect(body.meta.weights).toMatch(/distance band \d+ m/)
    expect(body.meta.took_ms).toBeGreaterThanOrEqual(0)
    const total = body.features.reduce((s: number, f: any) => s + f.properties.count, 0)
    const seeded = await seededIncidents(t.db)
    expect(total).toBeGreaterThan(seeded - 20) // incidents in cells that touch Cambodia
    expect(total).toBeLessThanOrEqual(seeded)
    for (const f of body.features.slice(0, 50)) {
      expect(f.geometry.type).toBe('Polygon')
      expect(f.properties).toHaveProperty('z')
      expect([-3, -2, -1, 0, 1, 2, 3]).toContain(f.properties.bin)
    }
    // The planted persistent cluster at Phnom Penh's central market is a 99% hot spot.
    const [m] = await t.db.query<{ x: number; y: number }>(
      `SELECT ST_X(g) AS x, ST_Y(g) AS y FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(104.921, 11.569), 4326), 32648) AS g) s`,
    )
    const [i, j] = cellIJ(cellKeys('hex', 10000, Float64Array.of(m.x), Float64Array.of(m.y))[0])
    const hot = body.features.filter((f: any) => f.properties.bin === 3)
    expect(hot.length).toBeGreaterThan(0)
    const [{ k }] = await t.db.query(
      `SELECT k FROM (SELECT (row_number() OVER (ORDER BY g.j, g.i))::int AS k, g.i, g.j, g.geom
      FROM ST_HexagonGrid(10000, ST_Transform(ST_MakeEnvelope(102.3, 10.4, 107.7, 14.7, 4326), 32648)) g,
      (SELECT ST_Transform(ST_Union(geom_simple), 32648) AS c FROM areas WHERE level = 'province') country
      WHERE ST_Intersects(g.geom, country.c)) s WHERE i = $1 AND j = $2`,
      [i, j],
    )
    expect(hot.map((f: any) => f.properties.code)).toContain(String(k))
  })

  it('local Moran on commune rates: queen contiguity, permutations and seed echoed, units without population left out', async () => {
    const { status, body } = await get('method=localmoran&unit=commune&rate=true&permutations=199&seed=5')
    expect(status).toBe(200)
    expect(body.meta).toMatchObject({
      method: 'localmoran',
      unit: 'commune',
      rate: true,
      weights: 'queen contiguity',
      permutations: 199,
      seed: 5,
    })
    expect(body.meta.excluded_without_population).toBeGreaterThan(0)
    for (const f of body.features) {
      expect(f.properties.population).toBeGreaterThan(0)
      expect([null, 'HH', 'LL', 'HL', 'LH']).toContain(f.properties.quadrant)
      if (f.properties.quadrant) expect(f.properties.p_sim).toBeLessThanOrEqual(0.05)
    }
    expect(body.features[0].properties.name_en).toBeTruthy()
    const again = await get('method=localmoran&unit=commune&rate=true&permutations=199&seed=5')
    expect(again.body.features.map((f: any) => f.properties.p_sim)).toEqual(body.features.map((f: any) => f.properties.p_sim))
  })

  it('optimized hot spots report the band and rule they chose; FDR on', async () => {
    const { status, body } = await get('method=optimized&unit=square&size=20000')
    expect(status).toBe(200)
    expect(body.meta.fdr).toBe(true)
    expect(body.meta.band).toBeGreaterThan(0)
    expect(body.meta.band_rule).toMatch(/peak|k-th/)
    expect(body.meta.profile).toHaveLength(10)
  })

  it('optimized hot spots choose the cell size from the incidents when none is given', async () => {
    const { status, body } = await get('method=optimized&unit=hex')
    expect(status).toBe(200)
    expect(body.meta.size_rule).toBe('auto')
    expect(body.meta.size % 500).toBe(0)
    expect(body.meta.size).toBeGreaterThanOrEqual(3000) // at most 8,000 hexagons over Cambodia
    expect(body.meta.size).toBeLessThanOrEqual(20000)
    expect(body.meta.n).toBeLessThanOrEqual(8000 * 1.15) // cells touching the border are kept too
  })

  it('emerging hot spots by quarter give one Esri category per cell', async () => {
    const { status, body } = await get('method=ehsa&unit=hex&size=20000&step=quarter')
    expect(status).toBe(200)
    expect(body.meta.steps.length).toBeGreaterThanOrEqual(10)
    for (const f of body.features) expect(EHSA_CATEGORIES).toContain(f.properties.category)
  })

  it('rejects bad parameters with the field, and too short a period with 422', async () => {
    for (const [q, field] of [
      ['method=kriging', 'method'],
      ['unit=hex&size=10', 'size'],
      ['band=1000&knn=5', 'knn'],
      ['from=2025-01-01&to=2024-01-01', 'to'],
      ['rate=yes', 'rate'],
      ['criteria=7', 'criteria'],
    ] as const) {
      const { status, body } = await get(q)
      expect(status, q).toBe(400)
      expect(
        body.issues.map((i: any) => i.field),
        q,
      ).toContain(field)
    }
    const short = await get('method=ehsa&unit=hex&size=20000&from=2025-01-01&to=2025-03-31')
    expect(short.status).toBe(422)
    expect(short.body.error).toMatch(/at least 10/)
  })

  it('an officer analyses only their area: hexagons over Phnom Penh, communes of Phnom Penh', async () => {
    const hex = await (await t.get('/api/hotspots?unit=hex&size=1000', 'officer')).json()
    expect(hex.features.length).toBeGreaterThan(300)
    for (const f of hex.features)
      for (const [lon, lat] of f.geometry.coordinates[0]) {
        expect(lon).toBeGreaterThan(104.6)
        expect(lon).toBeLessThan(105.2)
        expect(lat).toBeGreaterThan(11.3)
        expect(lat).toBeLessThan(11.9)
      }
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE province_code = '12'`)
    expect(hex.features.reduce((s: number, f: any) => s + f.properties.count, 0)).toBe(n)
    const communes = await (await t.get('/api/hotspots?unit=commune&method=localmoran', 'officer')).json()
    expect(communes.features.every((f: any) => f.id.startsWith('12'))).toBe(true)
  })

  it('an edited incident changes the cached answer (the cache key follows edits, not only the count)', async () => {
    const url = '/api/hotspots?unit=commune&criteria=1&from=2025-01-01&to=2025-12-31'
    const count = (fc: any, code: string) => fc.features.find((f: any) => f.id === code)?.properties.count
    const [inc] = await t.db.query<{ id: number; commune_code: string }>(
      `SELECT id::int AS id, commune_code FROM incidents WHERE criterion = 1 AND occurred_at >= '2025-03-01' AND occurred_at < '2025-11-01' AND commune_code IS NOT NULL ORDER BY id LIMIT 1`,
    )
    const before = count(await (await t.get(url)).json(), inc.commune_code)
    const res = await t.request(`/api/incidents/${inc.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ criterion: 2, subtype: 'use' }),
    })
    expect(res.status, await res.clone().text()).toBe(200)
    const after = count(await (await t.get(url)).json(), inc.commune_code)
    expect(after).toBe(before - 1)
  })
})

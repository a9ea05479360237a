import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'
import { TEST_ENGINE } from '../helpers/db.ts'

const t = useTestApp()

describe('health and openapi', () => {
  it('reports the engine to anyone, and no figures', async () => {
    const res = await t.get('/api/health', 'anonymous')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toEqual({ ok: true, engine: TEST_ENGINE })
  })

  it('serves an OpenAPI 3 document listing the contract routes', async () => {
    const doc = await (await t.get('/api/openapi.json')).json()
    expect(doc.openapi).toMatch(/^3\./)
    for (const p of ['/health', '/areas', '/areas/{code}', '/villages', '/incidents', '/incidents/import', '/stats/areas']) {
      expect(Object.keys(doc.paths)).toContain(p)
    }
  })

  it('meta carries the attribution and says the demo data is synthetic', async () => {
    const m = await (await t.get('/api/meta')).json()
    expect(m.synthetic).toBe(true)
    expect(m.attribution.join(' ')).toMatch(/geoBoundaries/)
    expect(m.time_range.from >= '2023-11-01').toBe(true)
    expect(m.time_range.to <= '2026-10-31').toBe(true)
  })

  it('unknown routes answer a JSON 404', async () => {
    const res = await t.get('/api/nope')
    expect(res.status).toBe(404)
    expect((await res.json()).error).toMatch(/nope/)
  })
})

describe('areas', () => {
  it('lists the 25 provinces with string codes, Khmer names and population', async () => {
    const res = await t.get('/api/areas?level=province')
    expect(res.status).toBe(200)
    const fc = await res.json()
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(25)
    const pp = fc.features.find((f: any) => f.properties.code === '12')
    expect(pp.properties.name_en).toBe('Phnom Penh')
    expect(pp.properties.name_km).toBe('ភ្នំពេញ')
    expect(pp.properties.parent_code).toBeNull()
    expect(pp.properties.population).toBeGreaterThan(1_000_000)
    expect(['Polygon', 'MultiPolygon']).toContain(pp.geometry.type)
  })

  it('lists the 1,633 commune polygons and the communes a polygon covers', async () => {
    const fc = await (await t.get('/api/areas?level=commune')).json()
    expect(fc.features).toHaveLength(1633)
    const p = fc.features.find((f: any) => f.properties.code === '120610')
    expect(p.properties.covers_codes).toEqual(['120608', '120609'])
  })

  it('filters by parent', async () => {
    const fc = await (await t.get('/api/areas?level=district&parent=12')).json()
    expect(fc.features.length).toBe(14)
    expect(fc.features.every((f: any) => f.properties.parent_code === '12')).toBe(true)
  })

  it('rejects a bad level with the field named', async () => {
    const res = await t.get('/api/areas?level=planet')
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.issues[0].field).toBe('level')
  })

  it('gives one area with its figures, ancestors and rate', async () => {
    const a = await (await t.get('/api/areas/1201')).json()
    expect(a.level).toBe('district')
    expect(a.ancestors.map((x: any) => x.code)).toEqual(['12'])
    expect(a.incidents.count).toBe(Object.values(a.incidents.by_criterion as Record<string, number>).reduce((s, n) => s + n, 0))
    expect(a.bbox).toHaveLength(4)
  })

  it('a commune without a polygon still answers, with the bbox of the polygon covering it', async () => {
    const a = await (await t.get('/api/areas/120608')).json()
    expect(a.has_geometry).toBe(false)
    expect(a.covered_by).toBe('120610')
    expect(a.bbox).not.toBeNull()
  })

  it('a village answers with an estimated population', async () => {
    const v = await (await t.get('/api/areas/01020101')).json()
    expect(v.level).toBe('village')
    expect(v.population_estimated).toBe(true)
    expect(v.population).toBeGreaterThan(0)
    expect(v.ancestors.map((x: any) => x.code)).toEqual(['01', '0102', '010201'])
  })

  it('404s an unknown code and 400s a malformed one', async () => {
    expect((await t.get('/api/areas/99')).status).toBe(404)
    const bad = await t.get('/api/areas/abc')
    expect(bad.status).toBe(400)
    expect((await bad.json()).issues[0].field).toBe('code')
  })
})

describe('villages and search', () => {
  it('returns village points in a bbox with estimated population', async () => {
    const fc = await (await t.get('/api/villages?bbox=104.85,11.5,104.95,11.6')).json()
    expect(fc.features.length).toBeGreaterThan(10)
    for (const f of fc.features) {
      const [x, y] = f.geometry.coordinates
      expect(x).toBeGreaterThanOrEqual(104.85)
      expect(x).toBeLessThanOrEqual(104.95)
      expect(y).toBeGreaterThanOrEqual(11.5)
      expect(y).toBeLessThanOrEqual(11.6)
      expect(f.properties.population_estimated).toBe(true)
    }
  })

  it('rejects an inverted bbox', async () => {
    const res = await t.get('/api/villages?bbox=105,11,104,12')
    expect(res.status).toBe(400)
    expect((await res.json()).issues[0].field).toBe('bbox')
  })

  it('finds a province by English name in another case and spacing, and by Khmer', async () => {
    const en = await (await t.get('/api/search?q=phnom%20PENH')).json()
    expect(en[0]).toMatchObject({ code: '12', level: 'province' })
    const km = await (await t.get(`/api/search?q=${encodeURIComponent('ភ្នំពេញ')}`)).json()
    expect(km[0]).toMatchObject({ code: '12' })
    const village = await (await t.get('/api/search?q=ou%20thum&limit=50')).json()
    expect(village.some((h: any) => h.code === '01020101' && h.level === 'village')).toBe(true)
  })
})

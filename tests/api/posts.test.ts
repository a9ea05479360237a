import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

const t = useTestApp()
const json = (method: string, body: unknown) => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const PP = { lon: 104.916, lat: 11.5564 } // Phnom Penh (12)

describe('police posts', () => {
  it('lists the synthetic posts as GeoJSON, flagged synthetic; an officer sees only their area', async () => {
    const all = await (await t.get('/api/posts', 'viewer')).json()
    expect(all.features.length).toBeGreaterThan(1800)
    expect(all.synthetic).toBe(true)
    expect(all.features[0].properties).toMatchObject({
      synthetic: true,
      post_type: expect.stringMatching(/commune_post|district_station|provincial_hq/),
    })
    const mine = await (await t.get('/api/posts', 'officer')).json()
    expect(mine.features.length).toBeGreaterThan(50)
    expect(mine.features.every((f: any) => f.properties.commune_code.startsWith('12'))).toBe(true)
    const hq = await (await t.get('/api/posts?type=provincial_hq')).json()
    expect(hq.features).toHaveLength(25)
  })

  it('creates a post at a point (its commune found), edits and deletes it, each audited', async () => {
    const res = await t.request(
      '/api/posts',
      json('POST', { code: 'PP-NEW-1', name_en: 'New post', name_km: 'ប៉ុស្តិ៍ថ្មី', post_type: 'commune_post', staff: 6, ...PP }),
      'officer',
    )
    expect(res.status).toBe(201)
    const f = await res.json()
    expect(f.properties).toMatchObject({ code: 'PP-NEW-1', staff: 6, synthetic: false, commune_code: expect.stringMatching(/^12\d{4}$/) })
    expect(
      (await t.request('/api/posts', json('POST', { code: 'PP-NEW-1', name_en: 'Again', post_type: 'commune_post', ...PP }))).status,
    ).toBe(409)
    const moved = await t.request(`/api/posts/${f.id}`, json('PATCH', { staff: 9, lon: 102.985, lat: 13.586 }), 'officer')
    expect(moved.status).toBe(403) // out of the officer's area
    const ok = await (await t.request(`/api/posts/${f.id}`, json('PATCH', { staff: 9 }), 'officer')).json()
    expect(ok.properties.staff).toBe(9)
    expect((await t.request(`/api/posts/${f.id}`, { method: 'DELETE' }, 'officer')).status).toBe(200)
    expect((await t.get(`/api/posts/${f.id}`)).status).toBe(404)
    const log = await (await t.get('/api/audit?entity=post&limit=10')).json()
    expect(log.entries.map((e: any) => e.action).slice(0, 3)).toEqual(['delete', 'update', 'create'])
    expect(log.entries[1]).toMatchObject({ before: { staff: 6 }, after: { staff: 9 } })
  })

  it('imports CSV, reporting each bad row by line and field, duplicates by code', async () => {
    const csv = [
      'code,name_en,name_km,post_type,staff,lon,lat',
      'IMP-1,Post one,,commune_post,4,104.92,11.56',
      'IMP-2,,,commune_post,4,104.92,11.56',
      'IMP-3,Post three,,kiosk,4,104.92,11.56',
      'IMP-4,Post four,,district_station,-2,104.92,11.56',
      'IMP-5,Post five,,commune_post,3,11.56,104.92',
      'IMP-6,Post six,,commune_post,3,104.2,10.3',
      'IMP-1,Post one again,,commune_post,4,104.92,11.56',
    ].join('\n')
    const r = await (await t.request('/api/posts/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json()
    expect(r.inserted).toBe(1)
    expect(r.duplicates).toBe(1)
    expect(r.errors.map((e: any) => [e.line, e.field])).toEqual([
      [3, 'name_en'],
      [4, 'post_type'],
      [5, 'staff'],
      [6, 'lon'],
      [7, 'lon'],
    ])
    const bad = await t.request('/api/posts/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).issues[0].field).toBe('header')
  })
})

describe('coverage and load', () => {
  it('covers villages within the radius of each post type, and the figures add up', async () => {
    const r = await (await t.get('/api/posts/coverage?gaps=20000')).json()
    expect(r.totals.posts).toBeGreaterThan(1800)
    expect(r.totals.villages).toBeGreaterThan(13_000)
    expect(r.totals.share).toBeGreaterThan(0.5)
    expect(r.totals.share).toBeLessThanOrEqual(1)
    // Every village goes to exactly one post; population and incidents add up.
    expect(r.posts.reduce((s: number, p: any) => s + p.villages, 0)).toBe(r.totals.villages)
    expect(Math.abs(r.posts.reduce((s: number, p: any) => s + p.population_served, 0) - r.totals.population)).toBeLessThan(r.posts.length)
    const [{ n }] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM incidents i JOIN villages v ON v.code = i.village_code WHERE v.geom IS NOT NULL',
    )
    expect(r.posts.reduce((s: number, p: any) => s + p.incidents.total, 0)).toBe(n)
    expect(r.gaps.villages).toBe(r.totals.villages - r.totals.villages_covered)
    expect(r.gaps.list).toHaveLength(r.gaps.villages)
    expect(Math.min(...r.gaps.list.map((g: any) => g.nearest_post_m))).toBeGreaterThanOrEqual(5000) // rounded metres
    expect(r.provinces).toHaveLength(25)
    const p = r.posts.find((x: any) => x.staff > 0)
    expect(p.per_officer.population).toBeCloseTo(p.population_served / p.staff, 0)
    expect(p.per_officer.villages).toBeCloseTo(p.villages / p.staff, 1)
    expect(p.per_officer.incidents.total).toBeCloseTo(p.incidents.total / p.staff, 2)
    expect(p.per_officer.incidents['1']).toBeCloseTo(p.incidents['1'] / p.staff, 2)
    // A larger radius covers at least as many people.
    const wide = await (await t.get('/api/posts/coverage?gaps=0&radius_commune_post=8000')).json()
    expect(wide.totals.covered).toBeGreaterThan(r.totals.covered)
    expect(wide.method.radius_m.commune_post).toBe(8000)
  })

  it('an officer sees their area; viewers get small incident counts suppressed; service areas are Voronoi cells', async () => {
    const mine = await (await t.get('/api/posts/coverage?gaps=5', 'officer')).json()
    expect(mine.provinces.map((x: any) => x.code)).toEqual(['12'])
    const viewer = await (await t.get('/api/posts/coverage?gaps=0&area=02', 'viewer')).json()
    for (const p of viewer.posts) for (const v of Object.values(p.incidents)) expect(typeof v === 'number' && v > 0 && v < 5).toBe(false)
    const fc = await (await t.get('/api/posts/service-areas?area=1201')).json()
    expect(fc.features.length).toBeGreaterThan(3)
    expect(fc.features.every((f: any) => ['Polygon', 'MultiPolygon', 'GeometryCollection'].includes(f.geometry.type))).toBe(true)
    expect(fc.features[0].properties).toHaveProperty('per_officer')
  })
})

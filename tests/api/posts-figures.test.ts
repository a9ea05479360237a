import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

const t = useTestApp()
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)

async function job(body: Record<string, unknown>) {
  const res = await t.request('/api/posts/optimize', json(body))
  expect(res.status, await res.clone().text()).toBe(202)
  const { url } = await res.json()
  for (let i = 0; i < 600; i++) {
    const j = await (await t.get(url)).json()
    if (j.status === 'done' || j.status === 'failed') return j
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the job did not finish')
}

describe('police-post figures that agree', () => {
  it("the planner's covered now equals the coverage endpoint's; adding posts never lowers it", async () => {
    const cov = await (await t.get('/api/posts/coverage?area=02&gaps=0')).json()
    expect(cov.method.coverage).toMatch(/radius set by post type/)
    const none = await (await t.request('/api/posts/evaluate', json({ area: '02', radius_m: 5000, proposed: [] }))).json()
    expect(none.covered_before).toBe(cov.totals.covered)
    expect(none.covered_after).toBe(cov.totals.covered)
    expect(none.population).toBe(cov.totals.population)
    expect(none.villages_covered_before).toBe(cov.totals.villages_covered)
    expect(none.existing_radius_m).toEqual(cov.method.radius_m)
    // Points at the largest gaps, with a radius smaller than the posts' own: coverage only grows.
    const gaps = (await (await t.get('/api/posts/coverage?area=02&gaps=5')).json()).gaps.list
    const some = await (
      await t.request(
        '/api/posts/evaluate',
        json({ area: '02', radius_m: 1000, proposed: gaps.map((g: any) => ({ lon: g.lon, lat: g.lat })) }),
      )
    ).json()
    expect(some.covered_before).toBe(cov.totals.covered)
    expect(some.covered_after).toBeGreaterThan(some.covered_before)
    const j = await job({ problem: 'mclp', k: 5, radius_m: 5000, area: '02' })
    expect(j.status, j.error).toBe('done')
    expect(j.result.covered_before).toBe(cov.totals.covered)
    expect(j.result.covered_after).toBeGreaterThanOrEqual(j.result.covered_before)
    expect(j.result.coverage).toBe(cov.method.coverage)
  }, 120_000)

  it('names the population basis: villages with a point (estimated), at most the 2011 census of the area', async () => {
    const cov = await (await t.get('/api/posts/coverage?area=02&gaps=0')).json()
    expect(cov.totals.population_basis).toBe('villages_with_point_estimated')
    expect(cov.method.population).toMatch(/villages with a point/)
    expect(cov.method.population).toMatch(/2011 census/)
    const area = await (await t.get('/api/areas/02')).json()
    expect(area.population_estimated).toBe(false)
    expect(cov.totals.population).toBeLessThanOrEqual(area.population)
  })

  it('commune posts take nearest-post load; stations and HQs back up the posts of their district or province', async () => {
    const cov = await (await t.get('/api/posts/coverage?area=02&gaps=0')).json()
    const communes = cov.posts.filter((p: any) => p.post_type === 'commune_post')
    expect(communes.length).toBeGreaterThan(10)
    for (const p of communes) expect(p).toMatchObject({ load_basis: 'nearest', backup: null })
    // Every village is a commune post's: the commune posts' loads add up to the area.
    expect(sum(communes.map((p: any) => p.villages))).toBe(cov.totals.villages)
    expect(Math.abs(sum(communes.map((p: any) => p.population_served)) - cov.totals.population)).toBeLessThan(communes.length)
    const hq = cov.posts.find((p: any) => p.post_type === 'provincial_hq')
    expect(hq).toMatchObject({ load_basis: 'backup', population_served: 0, villages: 0 })
    expect(hq.backup.posts).toBe(communes.length)
    expect(hq.backup.villages).toBe(cov.totals.villages)
    expect(Math.abs(hq.backup.population - sum(communes.map((p: any) => p.population_served)))).toBeLessThan(communes.length)
    expect(hq.backup.per_officer.population).toBeCloseTo(hq.backup.population / hq.staff, 0)
    const station = cov.posts.find((p: any) => p.post_type === 'district_station')
    const mine = communes.filter((p: any) => p.commune_code.startsWith(station.commune_code.slice(0, 4)))
    expect(station).toMatchObject({ load_basis: 'backup', villages: 0 })
    expect(station.backup.posts).toBe(mine.length)
    expect(station.backup.villages).toBe(sum(mine.map((p: any) => p.villages)))
    // Service areas are the commune posts' cells.
    const fc = await (await t.get('/api/posts/service-areas?area=02')).json()
    expect(new Set(fc.features.map((f: any) => f.properties.post_type))).toEqual(new Set(['commune_post']))
  })
})

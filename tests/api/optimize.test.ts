import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

const t = useTestApp()

async function solve(body: Record<string, unknown>, who: 'admin' | 'officer' | 'analyst' = 'admin') {
  const res = await t.request(
    '/api/posts/optimize',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    who,
  )
  expect(res.status, await res.clone().text()).toBe(202)
  const { job, url } = await res.json()
  expect(url).toBe(`/api/jobs/${job}`)
  const seen = new Set<string>()
  for (let i = 0; i < 600; i++) {
    const j = await (await t.get(url, who)).json()
    seen.add(j.status)
    if (j.status === 'done' || j.status === 'failed') return { ...j, seen }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the job did not finish')
}

describe('placement jobs', () => {
  it('MCLP in a province: K new posts raise the covered population; exact equals or beats greedy with its gap', async () => {
    const g = await solve({ problem: 'mclp', k: 5, radius_m: 3000, area: '02' })
    expect(g.status, g.error).toBe('done')
    const r = g.result
    expect(r.proposed).toHaveLength(5)
    expect(r.proposed.every((p: any) => p.province_code === '02' && p.village_code.startsWith('02'))).toBe(true)
    expect(r.covered_after).toBeGreaterThan(r.covered_before)
    expect(r).toMatchObject({ solver: 'greedy+interchange', gap: null, existing_posts: expect.any(Number) })
    const e = (await solve({ problem: 'mclp', k: 5, radius_m: 3000, area: '02', exact: true })).result
    expect(e.status).toBe('Optimal')
    expect(e.gap).toBeLessThan(1e-4)
    expect(e.covered_after).toBeGreaterThanOrEqual(r.covered_after)
    expect(r.covered_after / e.covered_after).toBeGreaterThan(0.98)
  }, 120_000)

  it('LSCP, p-median, risk weights, budgets and user candidates', async () => {
    const l = (await solve({ problem: 'lscp', coverage: 0.95, radius_m: 3000, area: '1201', k: 1 })).result
    expect(l.covered_after / l.population).toBeGreaterThanOrEqual(0.95 - 1e-9)
    const p = (await solve({ problem: 'pmedian', k: 3, area: '02', exact: true })).result
    expect(p.weighted_distance_after).toBeLessThan(p.weighted_distance_before)
    expect(p.status).toBe('Optimal')
    const risk = (await solve({ problem: 'mclp', k: 3, radius_m: 3000, area: '02', weight: 'risk' })).result
    expect(risk.weight).toMatch(/incident rate/)
    const hot = (await solve({ problem: 'mclp', k: 3, radius_m: 3000, area: '12', weight: 'hotspot' })).result
    expect(hot.weight).toMatch(/Gi\* hot spot/)
    // Battambang: gaps remain under the posts' own radii (Phnom Penh is all but covered by them).
    const budget = (await solve({ problem: 'mclp', k: 4, radius_m: 3000, area: '02', budget: { '02': 2 } })).result
    expect(budget.proposed).toHaveLength(2)
    const mine = (
      await solve({ problem: 'mclp', k: 1, radius_m: 3000, area: '1201', candidates: [{ lon: 104.925, lat: 11.565, name: 'Market' }] })
    ).result
    expect(mine.candidate_sites).toBeGreaterThan(1)
  }, 120_000)

  it('relocation: up to M existing posts move, the covered population does not fall', async () => {
    for (const exact of [false, true]) {
      const r = (await solve({ problem: 'mclp', k: 0, relocate: 2, radius_m: 3000, area: '0102', exact })).result
      expect(r.moved_away.length).toBeLessThanOrEqual(2)
      expect(r.moved_away.length).toBeGreaterThan(0)
      expect(r.proposed).toHaveLength(r.moved_away.length)
      expect(r.covered_after).toBeGreaterThan(r.covered_before)
    }
  }, 120_000)

  it("refuses bad input naming the field, areas outside an officer's, and other users' jobs", async () => {
    const post = (body: unknown, who: 'admin' | 'officer' = 'admin') =>
      t.request('/api/posts/optimize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, who)
    for (const [body, field] of [
      [{ problem: 'nope' }, 'problem'],
      [{ problem: 'mclp', k: -1 }, 'k'],
      [{ problem: 'mclp', radius_m: 10 }, 'radius_m'],
      [{ problem: 'mclp', budget: { x: 1 } }, 'budget'],
    ] as const) {
      const r = await post(body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(JSON.stringify((await r.json()).issues)).toContain(field)
    }
    expect((await post({ problem: 'mclp', area: '02' }, 'officer')).status).toBe(403)
    const mine = await (await post({ problem: 'mclp', k: 1, area: '120101' }, 'officer')).json()
    expect((await t.get(`/api/jobs/${mine.job}`, 'analyst')).status).toBe(404)
    expect((await t.get(`/api/jobs/${mine.job}`, 'admin')).status).toBe(200)
  })
})

import { describe, expect, it } from 'vitest'
import {
  DEMO_SPEC,
  apportion,
  demoDays,
  generateDemoIncidents,
  metres,
  type DemoSeedSpec,
  type DemoVillage,
} from '../../server/seed/demo-incidents.ts'
import { AliasTable, Rng } from '../../server/seed/prng.ts'
import { isSubtype } from '../../common/criteria.ts'

/** A synthetic country: a 0.05° grid over Cambodia's extent plus a few villages around each cluster centre. */
function gridVillages(): DemoVillage[] {
  const out: DemoVillage[] = []
  let n = 0
  const add = (lon: number, lat: number, pop: number) => {
    n++
    const province = String(10 + (n % 25)).padStart(2, '0')
    const district = province + String(n % 9).padStart(2, '0')
    const commune = district + String(n % 13).padStart(2, '0')
    out.push({
      code: `${commune}${String(n % 97).padStart(2, '0')}_${n}`,
      commune_code: commune,
      district_code: district,
      province_code: province,
      lon,
      lat,
      population_est: pop,
    })
  }
  for (let x = 0; x < 100; x++) for (let y = 0; y < 84; y++) add(102.4 + x * 0.05, 10.4 + y * 0.05, 200 + ((x * 7919 + y * 104729) % 1800))
  for (const c of DEMO_SPEC.clusters) for (let k = 0; k < 6; k++) add(c.lon + 0.004 * Math.cos(k), c.lat + 0.004 * Math.sin(k), 1500)
  return out
}

const VILLAGES = gridVillages()
const N = 60_000
const rows = generateDemoIncidents(VILLAGES, { seed: 7, count: N })
const month = (iso: string) => (Number(iso.slice(0, 4)) - 2023) * 12 + Number(iso.slice(5, 7)) - 11 // 0 = Nov 2023

describe('PRNG', () => {
  it('is seedable and uniform enough', () => {
    const a = new Rng(42),
      b = new Rng(42),
      c = new Rng(43)
    const xs = Array.from({ length: 5 }, () => a.u32())
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(xs)
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(xs)
    const r = new Rng(1)
    let s = 0,
      s2 = 0
    for (let i = 0; i < 100_000; i++) {
      const z = r.normal()
      s += z
      s2 += z * z
    }
    expect(Math.abs(s / 1e5)).toBeLessThan(0.02)
    expect(Math.abs(s2 / 1e5 - 1)).toBeLessThan(0.03)
    let p = 0
    for (let i = 0; i < 20_000; i++) p += r.poisson(3.5)
    expect(Math.abs(p / 20_000 - 3.5)).toBeLessThan(0.08)
  })

  it('alias tables draw in proportion to the weights', () => {
    const t = new AliasTable([1, 0, 3, 6])
    const r = new Rng(3)
    const n = [0, 0, 0, 0]
    for (let i = 0; i < 100_000; i++) n[t.sample(r)]++
    expect(n[1]).toBe(0)
    expect(n[0] / 1e5).toBeCloseTo(0.1, 1)
    expect(n[3] / 1e5).toBeCloseTo(0.6, 1)
  })

  it('apportions exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3])
    expect(apportion(7, [0, 2, 5]).reduce((a, b) => a + b)).toBe(7)
  })
})

describe('generateDemoIncidents', () => {
  it('is deterministic for a seed, whatever the village order', () => {
    const again = generateDemoIncidents([...VILLAGES].reverse(), { seed: 7, count: N })
    expect(again[0]).toEqual(rows[0])
    expect(again[N - 1]).toEqual(rows[N - 1])
    expect(again).toEqual(rows)
    const other = generateDemoIncidents(VILLAGES, { seed: 8, count: N })
    expect(other[0].external_id).toBe('demo-8-0000001')
    expect(other.slice(0, 50).map((r) => [r.occurred_at, r.village_code])).not.toEqual(
      rows.slice(0, 50).map((r) => [r.occurred_at, r.village_code]),
    )
  })

  it('returns exactly count rows with unique ids', () => {
    for (const count of [0, 1, 17, 999]) expect(generateDemoIncidents(VILLAGES, { seed: 1, count })).toHaveLength(count)
    expect(rows).toHaveLength(N)
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(N)
    expect(rows[0].external_id).toBe('demo-7-0000001')
  })

  it('stays in the 36 months from 2023-11-01 to 2026-10-31, in order, Phnom Penh time', () => {
    expect(demoDays()).toHaveLength(1096)
    for (const r of rows) expect(r.occurred_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/)
    const times = rows.map((r) => Date.parse(r.occurred_at))
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2023-11-01T00:00:00+07:00'))
    expect(Math.max(...times)).toBeLessThan(Date.parse('2026-11-01T00:00:00+07:00'))
    for (let i = 1; i < N; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1])
    const custom = generateDemoIncidents(VILLAGES, { seed: 2, count: 500, from: '2025-01-01', to: '2025-01-31' })
    expect(custom.every((r) => r.occurred_at >= '2025-01-01' && r.occurred_at < '2025-02-01')).toBe(true)
  })

  it('fills every field from the village, with valid criteria and subtypes', () => {
    const byCode = new Map(VILLAGES.map((v) => [v.code, v]))
    for (const r of rows.slice(0, 5000)) {
      const v = byCode.get(r.village_code!)!
      expect([r.commune_code, r.district_code, r.province_code]).toEqual([v.commune_code, v.district_code, v.province_code])
      expect(isSubtype(r.criterion, r.subtype)).toBe(true)
      expect(r).toMatchObject({ source: 'demo-generator', synthetic: true })
      expect(r.description).toMatch(/^synthetic demo: /)
      if (r.precision === 'village') expect([r.lon, r.lat]).toEqual([v.lon, v.lat])
      else expect(metres(v.lon, v.lat, r.lon, r.lat)).toBeLessThan(3000)
    }
    const exact = rows.filter((r) => r.precision === 'exact')
    expect(exact.length / N).toBeGreaterThan(0.63)
    expect(exact.length / N).toBeLessThan(0.67)
    const mean =
      exact
        .slice(0, 5000)
        .reduce((s, r) => s + metres(byCode.get(r.village_code!)!.lon, byCode.get(r.village_code!)!.lat, r.lon, r.lat), 0) / 5000
    expect(mean).toBeGreaterThan(350) // Rayleigh mean of sd 300..600 m is about 560 m
    expect(mean).toBeLessThan(800)
  })

  it('keeps the background criterion mix and a 12-18% cluster share', () => {
    const bg = rows.filter((r) => !r.description!.includes(' cluster '))
    const share = 1 - bg.length / N
    expect(share).toBeGreaterThan(0.12)
    expect(share).toBeLessThan(0.18)
    for (const [c, want] of Object.entries(DEMO_SPEC.background.criteria)) {
      const got = bg.filter((r) => r.criterion === Number(c)).length / bg.length
      expect(Math.abs(got - want), `criterion ${c}`).toBeLessThan(0.012)
    }
  })

  it('plants persistent, new and fading clusters where and when the seed file says', () => {
    expect(DEMO_SPEC.clusters.filter((c) => c.kind === 'persistent').length).toBeGreaterThanOrEqual(2)
    expect(DEMO_SPEC.clusters.filter((c) => c.kind === 'new').length).toBeGreaterThanOrEqual(2)
    expect(DEMO_SPEC.clusters.filter((c) => c.kind === 'fading').length).toBeGreaterThanOrEqual(2)
    for (const c of DEMO_SPEC.clusters) {
      const mine = rows.filter((r) => r.description!.includes(`${c.kind} cluster '${c.name}'`))
      expect(mine.length, c.name).toBeGreaterThan(300)
      for (const r of mine) {
        expect(Object.keys(c.criteria)).toContain(String(r.criterion))
        expect(metres(c.lon, c.lat, r.lon, r.lat)).toBeLessThan(c.radius_m + 3000)
      }
      const months = new Set(mine.map((r) => month(r.occurred_at)))
      if (c.active === 'all') expect(months.size, c.name).toBe(36)
      else if ('last' in c.active) expect(Math.min(...months), c.name).toBe(36 - c.active.last)
      else expect(Math.max(...months), c.name).toBe(c.active.first - 1)
      if (c.kind === 'fading') {
        // strongest at the start
        const early = mine.filter((r) => month(r.occurred_at) < 3).length
        const late = mine.filter((r) => month(r.occurred_at) >= 9).length
        expect(early).toBeGreaterThan(late * 1.5)
      }
    }
  })

  it('spreads background incidents in proportion to population', () => {
    const flat: DemoSeedSpec = {
      ...DEMO_SPEC,
      cluster_share: 0,
      background: { ...DEMO_SPEC.background, urban_uplift: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
    }
    const vs = [1000, 2000, 3000, 4000].map((p, i) => ({ ...VILLAGES[i], population_est: p }))
    const got = generateDemoIncidents(vs, { seed: 5, count: 20_000, spec: flat })
    const counts = vs.map((v) => got.filter((r) => r.village_code === v.code).length)
    const chi2 = counts.reduce((s, o, i) => s + (o - 2000 * (i + 1)) ** 2 / (2000 * (i + 1)), 0)
    expect(chi2).toBeLessThan(16.3) // 3 degrees of freedom, p = 0.001

    // With the default spec (urban uplift on): counts still track population closely.
    const bg = new Map<string, number>()
    for (const r of rows) if (!r.description!.includes(' cluster ')) bg.set(r.village_code!, (bg.get(r.village_code!) ?? 0) + 1)
    const xs = VILLAGES.map((v) => v.population_est),
      ys = VILLAGES.map((v) => bg.get(v.code) ?? 0)
    expect(pearson(xs, ys)).toBeGreaterThan(0.6)
  })

  // Scale, not speed: a million rows come out whole (how fast is measured by `npm run bench`).
  it('generates 1,000,000 incidents', () => {
    const big = generateDemoIncidents(VILLAGES, { seed: 9, count: 1_000_000 })
    expect(big).toHaveLength(1_000_000)
    const codes = new Set(VILLAGES.map((v) => v.code))
    for (const r of [big[0], big[499_999], big[999_999]]) expect(codes).toContain(r.village_code)
  })
})

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b) / n,
    my = ys.reduce((a, b) => a + b) / n
  let sxy = 0,
    sxx = 0,
    syy = 0
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my)
    sxx += (xs[i] - mx) ** 2
    syy += (ys[i] - my) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}

import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

const t = useTestApp()
const t10 = useTestApp({ privacy: { k: 10, sensitiveCriteria: [3], analystPoints: 'none', viewerMinBandwidthM: 1500 } })

/** Criterion-3 incidents recorded at an exact point away from their village's point: the ones masking must hide. */
async function exactCriterion3(limit = 400) {
  return t.db.query<{ id: number; lon: number; lat: number; vlon: number; vlat: number; village_code: string }>(
    `SELECT i.id::int AS id, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, ST_X(v.geom) AS vlon, ST_Y(v.geom) AS vlat, i.village_code
     FROM incidents i JOIN villages v ON v.code = i.village_code
     WHERE i.criterion = 3 AND i.precision = 'exact' AND ST_Distance(i.geom, v.geom) > 0.0005 ORDER BY i.id LIMIT $1`,
    [limit],
  )
}

/** Every pair of consecutive decimal numbers in a text, rounded to 4 decimals (about 10 m): the places it could reveal. */
function placesIn(text: string): Set<string> {
  const nums = text.match(/-?\d+\.\d+/g) ?? []
  const out = new Set<string>()
  for (let i = 0; i + 1 < nums.length; i++) out.add(`${Number(nums[i]).toFixed(4)},${Number(nums[i + 1]).toFixed(4)}`)
  return out
}
const place = (lon: number, lat: number) => `${lon.toFixed(4)},${lat.toFixed(4)}`

describe('privacy: points', () => {
  it('viewers never get incident points, and no criterion-3 coordinate appears in anything they can read', async () => {
    for (const url of ['/api/incidents?area=12', '/api/incidents/points', '/api/incidents/1'])
      expect((await t.get(url, 'viewer')).status).toBe(403)
    const secret = await exactCriterion3()
    expect(secret.length).toBeGreaterThan(50)
    const urls = [
      '/api/meta',
      '/api/stats/areas?level=province',
      '/api/stats/areas?level=commune&criteria=3',
      '/api/stats/areas?level=commune&parent=1201',
      '/api/areas/12',
      `/api/areas/${secret[0].village_code}`,
      `/api/areas/${secret[1].village_code}?criteria=3`,
      '/api/villages?bbox=104.85,11.5,104.95,11.6',
      '/api/search?q=phsar',
      '/api/hotspots?unit=village&method=gistar&criteria=3',
      '/api/hotspots?unit=hex&size=5000&criteria=3',
      '/api/hotspots?unit=hex&method=optimized&criteria=3',
    ]
    // (Density contours are left out of this coordinate match: their thousands of vertices on the grid lines meet a
    // 10 m square by chance. tests/security/disclosure.test.ts shows the viewers' surface is built from village cells.)
    const leaks: string[] = []
    for (const url of urls) {
      const res = await t.get(url, 'viewer')
      expect(res.status, url).toBe(200)
      const places = placesIn(await res.text())
      for (const s of secret) if (places.has(place(s.lon, s.lat))) leaks.push(`${url}: incident ${s.id} at ${place(s.lon, s.lat)}`)
    }
    expect(leaks).toEqual([])
    // The check itself finds the points where they are shown: the admin's page of incidents reveals them.
    const admin = placesIn(await (await t.get(`/api/incidents?criteria=3&area=${secret[0].village_code}&limit=5000`)).text())
    expect(admin.has(place(secret[0].lon, secret[0].lat))).toBe(true)
  })

  it('viewers get density smoothed at least 1,500 m, from village points', async () => {
    const res = await t.get('/api/density?format=png&criteria=3&cell=1000&bandwidth=200', 'viewer')
    const meta = JSON.parse(res.headers.get('x-density-meta')!)
    expect(meta.bandwidth).toBe(1500)
    expect(meta.bandwidth_rule_code).toBe('floor')
    expect(meta.masked_to_villages).toBe(true)
    const admin = JSON.parse((await t.get('/api/density?format=png&criteria=3&cell=1000&bandwidth=200')).headers.get('x-density-meta')!)
    expect(admin.bandwidth).toBe(200)
  })

  it('analysts get criterion-3 points at the village point, without description; the bbox cannot find the true place', async () => {
    const secret = await exactCriterion3(50)
    const s = secret[0]
    const fc = await (await t.get(`/api/incidents?criteria=3&area=${s.village_code}&limit=5000`, 'analyst')).json()
    const mine = fc.features.find((f: any) => f.id === s.id)
    expect(mine.properties).toMatchObject({ masked: true, precision: 'village', description: null })
    expect(mine.geometry.coordinates[0]).toBeCloseTo(s.vlon, 9)
    expect(mine.geometry.coordinates[1]).toBeCloseTo(s.vlat, 9)
    // Other criteria keep their exact points.
    const other = await (await t.get(`/api/incidents?criteria=1&area=12&limit=50`, 'analyst')).json()
    expect(other.features.some((f: any) => f.properties.precision === 'exact' && !f.properties.masked)).toBe(true)
    // A box around the true point (and not the village point) returns nothing of it.
    const e = 0.0002
    for (const x of secret) {
      if (Math.abs(x.lon - x.vlon) < 2 * e && Math.abs(x.lat - x.vlat) < 2 * e) continue
      const box = `${x.lon - e},${x.lat - e},${x.lon + e},${x.lat + e}`
      const r = await (await t.get(`/api/incidents?criteria=3&bbox=${box}`, 'analyst')).json()
      expect(r.features.map((f: any) => f.id)).not.toContain(x.id)
      const pts = await (await t.get(`/api/incidents/points?criteria=3&bbox=${box}`, 'analyst')).json()
      expect(pts.points.some(([lon, lat]: number[]) => Math.abs(lon - x.lon) < 1e-5 && Math.abs(lat - x.lat) < 1e-5)).toBe(false)
    }
    const one = await (await t.get(`/api/incidents/${s.id}`, 'analyst')).json()
    expect(one.properties.masked).toBe(true)
    // Admins and officers in scope see the true point.
    for (const who of ['admin', 'officer'] as const) {
      const p12 = secret.find((x) => x.village_code.startsWith('12'))!
      const f = await (await t.get(`/api/incidents/${p12.id}`, who)).json()
      expect(f.properties.masked, who).toBe(false)
      expect(f.geometry.coordinates[0]).toBeCloseTo(p12.lon, 9)
    }
  })

  it('with PRIVACY_ANALYST_POINTS=none analysts get no criterion-3 points at all (configuration)', async () => {
    const fc = await (await t10.get('/api/incidents?criteria=1,3&area=12&limit=5000', 'analyst')).json()
    expect(fc.features.length).toBeGreaterThan(0)
    expect(fc.features.every((f: any) => f.properties.criterion !== 3)).toBe(true)
    const pts = await (await t10.get('/api/incidents/points?criteria=3&area=12', 'analyst')).json()
    expect(pts.count).toBe(0)
  })
})

describe('privacy: small counts', () => {
  const small = (n: unknown, k: number) => typeof n === 'number' && n > 0 && n < k

  it('viewers see counts from 1 to k-1 as suppressed (null), never as a number or 0; admins see them', async () => {
    for (const [app, k] of [
      [t, 5],
      [t10, 10],
    ] as const) {
      const url = '/api/stats/areas?level=commune&criteria=3&from=2026-01-01&to=2026-03-31'
      const admin = await (await app.get(url)).json()
      const viewer = await (await app.get(url, 'viewer')).json()
      expect(viewer).toHaveLength(admin.length)
      let suppressed = 0
      viewer.forEach((v: any, i: number) => {
        const a = admin[i]
        expect(small(v.count, k), v.code).toBe(false)
        for (const c of Object.keys(v.by_criterion)) expect(small(v.by_criterion[c], k), `${v.code} criterion ${c}`).toBe(false)
        if (small(a.count, k)) {
          expect(v).toMatchObject({ count: null, suppressed: true, rate_per_1000: null })
          suppressed++
        }
        // Otherwise the published cell: 0 stays 0, and the cell-key perturbation moves a count by at most 2, never under k.
        else if (a.count === 0) expect(v.count).toBe(0)
        else {
          expect(Math.abs(v.count - a.count), v.code).toBeLessThanOrEqual(2)
          expect(v.count).toBeGreaterThanOrEqual(k)
        }
      })
      expect(suppressed, `k=${k}`).toBeGreaterThan(10)
    }
  })

  it('a row lists exactly the criteria it withholds; its total is a cell of its own (tests/security/disclosure.test.ts tries the difference)', async () => {
    const viewer = await (await t.get('/api/stats/areas?level=commune&from=2026-01-01&to=2026-06-30', 'viewer')).json()
    for (const v of viewer) {
      const hidden = Object.keys(v.by_criterion).filter((c) => v.by_criterion[c] == null)
      expect(v.suppressed_criteria, v.code).toEqual(hidden)
      expect(v.suppressed, v.code).toBe(hidden.length > 0 || v.count == null)
    }
    expect(viewer.some((v: any) => v.count != null && v.suppressed_criteria.length === 1)).toBe(true)
  })

  it('area details and hot spot cells are suppressed too; the statistics stay', async () => {
    const village = await (await t.get('/api/hotspots?unit=village&method=gistar&criteria=3', 'viewer')).json()
    expect(village.meta.suppression_k).toBe(5)
    const feats = village.features.map((f: any) => f.properties)
    expect(feats.some((p: any) => small(p.count, 5))).toBe(false)
    expect(feats.filter((p: any) => p.suppressed).every((p: any) => p.count === null && p.rate === null && typeof p.z === 'number')).toBe(
      true,
    )
    expect(feats.some((p: any) => p.suppressed)).toBe(true)
    const [row] = await t.db.query<{ code: string }>(
      `SELECT village_code AS code FROM incidents WHERE village_code IS NOT NULL GROUP BY 1 HAVING count(*) BETWEEN 1 AND 4 LIMIT 1`,
    )
    const a = await (await t.get(`/api/areas/${row.code}`, 'viewer')).json()
    expect(a.incidents).toMatchObject({ count: null, suppressed: true, rate_per_1000: null })
    const admin = await (await t.get(`/api/areas/${row.code}`)).json()
    expect(admin.incidents.suppressed).toBe(false)
    expect(admin.incidents.count).toBeGreaterThan(0)
  })
})

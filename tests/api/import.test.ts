import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

const t = useTestApp()
const HEADER = 'external_id,occurred_at,criterion,subtype,lon,lat,village_code,village_name,description'

const post = (body: string, type = 'text/csv', query = '') =>
  t.request(`/api/incidents/import${query}`, { method: 'POST', body, headers: { 'content-type': type } })
const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents'))[0].n
// The columns the checks below read (every row they read was placed in a village).
interface StoredIncident {
  external_id: string
  criterion: string
  subtype: string
  precision: string
  source: string
  village_code: string
  commune_code: string
  district_code: string
  province_code: string
  synthetic: boolean
  lon: number
  lat: number
  local: string
}
const stored = async (id: string) =>
  (
    await t.db.query<StoredIncident>(
      `SELECT external_id, criterion, subtype, precision, source, village_code, commune_code, district_code, province_code, synthetic,
     ST_X(geom) AS lon, ST_Y(geom) AS lat, to_char(occurred_at AT TIME ZONE 'Asia/Phnom_Penh', 'YYYY-MM-DD HH24:MI') AS local
   FROM incidents WHERE external_id = $1`,
      [id],
    )
  )[0]

describe('POST /api/incidents/import', () => {
  it('places rows by point, village code, Khmer name and romanised name, and reports every bad row', async () => {
    const before = await count()
    const csv = [
      HEADER,
      'imp-1,2025-03-14 18:30,1,theft,104.9282,11.5564,,,Market stall',
      'imp-2,2025-03-15,2,use,,,01020916,,',
      'imp-3,2025-03-16T08:00:00Z,3,domestic_violence,,,,ឫស្សីក្រោក,',
      'imp-4,2025-03-17,4,gang_fight,,,,Russey Kraok,romanised differently',
      'imp-5,2025-03-18,5,gambling,,,01030209,Koun Klaeng,village without a point',
      'bad-1,2025-02-30,1,theft,104.9,11.55,,,',
      'bad-2,2025-03-01,6,theft,104.9,11.55,,,',
      'bad-3,2025-03-01,1,theft,,,99999999,,',
      'bad-4,2025-03-01,1,theft,,,,Nowhere Village,',
      'bad-5,2025-03-01,1,theft,,,,Ta Kong,',
      'bad-6,2025-03-01,1,theft,102.30,13.80,,,in Thailand',
      'imp-1,2025-03-01,1,theft,104.9,11.55,,,repeated id',
      'bad-7,2025-03-01,2,theft,104.9,11.55,,,',
    ].join('\n')
    const res = await post(csv, 'text/csv', '?source=unit-test')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.inserted).toBe(5)
    expect(body.duplicates).toBe(0)
    expect(body.errors.map((e: any) => [e.line, e.field])).toEqual([
      [7, 'occurred_at'],
      [8, 'criterion'],
      [9, 'village_code'],
      [10, 'village_name'],
      [11, 'village_name'],
      [12, 'lon'],
      [13, 'external_id'],
      [14, 'subtype'],
    ])
    const ambiguous = body.errors.find((e: any) => e.line === 11).message
    expect(ambiguous).toContain('01090606')
    expect(ambiguous).toContain('17100805')
    expect(await count()).toBe(before + 5)

    const exact = await stored('imp-1')
    expect(exact).toMatchObject({ precision: 'exact', source: 'unit-test', synthetic: false, local: '2025-03-14 18:30' })
    const [inside] = await t.db.query(
      `SELECT code FROM areas WHERE level = 'commune' AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint(104.9282, 11.5564), 4326))`,
    )
    expect([
      exact.commune_code,
      ...(await t.db.query(`SELECT code FROM areas WHERE covered_by = $1`, [inside.code])).map((r) => r.code),
    ]).toContain(exact.commune_code)
    expect(exact.village_code.startsWith(exact.commune_code)).toBe(true)
    expect(exact.province_code).toBe('12')

    const [village] = await t.db.query(`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM villages WHERE code = '01020916'`)
    for (const id of ['imp-2', 'imp-3', 'imp-4']) {
      expect(await stored(id), id).toMatchObject({
        precision: 'village',
        village_code: '01020916',
        commune_code: '010209',
        district_code: '0102',
        province_code: '01',
        lon: village.lon,
        lat: village.lat,
      })
    }
    expect((await stored('imp-3')).local).toBe('2025-03-16 15:00')
    const noPoint = await stored('imp-5')
    expect(noPoint).toMatchObject({ precision: 'commune', village_code: '01030209', commune_code: '010302' })
    const [centroid] = await t.db.query<{ lon: number; lat: number }>(`SELECT ST_X(centroid) AS lon, ST_Y(centroid) AS lat FROM areas
      WHERE code = (SELECT coalesce(CASE WHEN has_geometry THEN code END, covered_by) FROM areas WHERE code = '010302')`)
    expect(noPoint.lon).toBeCloseTo(centroid.lon, 9)

    // The same file again inserts nothing new and reports the same bad rows.
    const again = await (await post(csv, 'text/csv', '?source=unit-test')).json()
    expect(again.inserted).toBe(0)
    expect(again.duplicates).toBe(5)
    expect(again.errors).toEqual(body.errors)
    expect(await count()).toBe(before + 5)
  })

  it('imports GeoJSON points and village-only features', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'geo-1',
          geometry: { type: 'Point', coordinates: [103.86, 13.36] },
          properties: { occurred_at: '2025-06-01T21:00:00+07:00', criterion: 2, subtype: 'dealing' },
        },
        {
          type: 'Feature',
          geometry: null,
          properties: { external_id: 'geo-2', occurred_at: '2025-06-02', criterion: 1, subtype: 'robbery', village_code: '01020916' },
        },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { external_id: 'geo-3' } },
      ],
    }
    const body = await (await post(JSON.stringify(fc), 'application/geo+json')).json()
    expect(body).toMatchObject({ inserted: 2, duplicates: 0 })
    expect(body.errors).toEqual([{ line: 3, field: 'geometry', message: expect.any(String) }])
    expect(await stored('geo-1')).toMatchObject({ precision: 'exact', province_code: '17', source: 'import' })
    const page = await (await t.get('/api/incidents?area=17&from=2025-06-01&to=2025-06-01&criteria=2')).json()
    expect(page.features.map((f: any) => f.properties.external_id)).toContain('geo-1')
  })

  it('writes nothing from a file it cannot parse, and says why', async () => {
    const before = await count()
    const cases: [string, string, string][] = [
      ['', 'text/csv', 'body'],
      [`${HEADER}\n`, 'text/csv', 'body'],
      [`${HEADER}\nx-1,"2025-01-01,1,theft,104.9,11.55,,,\nx-2,2025-01-01,1,theft,104.9,11.55,,,\n`, 'text/csv', 'body'],
      ['id;date;type\n1;2;3\n', 'text/csv', 'header'],
      ['{"type":"FeatureCollection","features":[{"type":"Feature"', 'application/geo+json', 'body'],
      ['{"type":"FeatureCollection","features":[]}', 'application/geo+json', 'features'],
    ]
    for (const [bodyText, type, field] of cases) {
      const res = await post(bodyText, type)
      expect(res.status, bodyText).toBe(400)
      const err = await res.json()
      expect(err.error.length, bodyText).toBeGreaterThan(5)
      expect(err.issues[0].field, bodyText).toBe(field)
    }
    expect(await count()).toBe(before)
  })

  it('refuses other content types', async () => {
    const res = await post('hello', 'text/plain')
    expect(res.status).toBe(415)
    expect((await res.json()).issues[0].field).toBe('content-type')
  })

  it('runs two imports at once, each whole, and stages in checkpointed batches that leave nothing behind', async () => {
    const [v] = await t.db.query<{ code: string }>(`SELECT code FROM villages WHERE province_code = '12' AND geom IS NOT NULL LIMIT 1`)
    const file = (tag: string, n: number) =>
      [
        'external_id,occurred_at,criterion,subtype,village_code',
        ...Array.from({ length: n }, (_, i) => `${tag}-${i},2026-03-0${1 + (i % 9)},1,theft,${v.code}`),
      ].join('\n')
    const before = await count()
    const [a, b] = await Promise.all([post(file('para', 5000)), post(file('parb', 4500))])
    expect(await a.json()).toMatchObject({ inserted: 5000, errors_total: 0 })
    expect(await b.json()).toMatchObject({ inserted: 4500, errors_total: 0 })
    expect(await count()).toBe(before + 9500)
    const imports = await (await t.get('/api/imports?limit=2')).json()
    expect(imports.map((i: any) => i.status)).toEqual(['done', 'done'])
    expect(imports.map((i: any) => i.rows_staged).sort()).toEqual([4500, 5000])
    const [left] = await t.db.query('SELECT count(*)::int AS n FROM import_rows')
    expect(left.n).toBe(0)
  })
})

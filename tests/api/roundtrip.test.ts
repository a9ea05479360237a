import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

// Round trips: what GET exports, POST …/import takes back, giving the same rows.
const t = useTestApp()

/** The stored incidents of a commune, in a comparable form (synthetic left out: imports are never synthetic). */
const snapshot = (commune: string) =>
  t.db.query(
    `SELECT external_id, criterion, subtype, (extract(epoch FROM occurred_at) * 1000)::bigint::text AS ms,
     round(ST_X(geom)::numeric, 9)::text AS lon, round(ST_Y(geom)::numeric, 9)::text AS lat, precision,
     village_code, commune_code, district_code, province_code, source, description
   FROM incidents WHERE commune_code = $1 ORDER BY external_id`,
    [commune],
  )

/** A commune with between 30 and 300 incidents, some placed exactly and some at their village. */
async function pickCommune(skip: string[] = []): Promise<string> {
  const [r] = await t.db.query<{ code: string }>(
    `SELECT commune_code AS code FROM incidents WHERE commune_code IS NOT NULL AND NOT (commune_code = ANY($1))
     GROUP BY 1 HAVING count(*) BETWEEN 30 AND 300 AND count(DISTINCT precision) > 1 AND bool_or(description IS NOT NULL)
     ORDER BY count(*) DESC LIMIT 1`,
    [skip],
  )
  return r.code
}

const importBody = (body: string, type: string) =>
  t.request('/api/incidents/import?source=roundtrip', { method: 'POST', body, headers: { 'content-type': type } })

describe('incident export → import', () => {
  it('GeoJSON: exporting a commune, deleting it and importing the file gives the same rows', async () => {
    const commune = await pickCommune()
    const before = await snapshot(commune)
    expect(new Set(before.map((r: any) => r.precision))).toEqual(new Set(['exact', 'village']))
    const res = await t.get(`/api/incidents?area=${commune}&limit=5000&format=geojson`)
    expect(res.status).toBe(200)
    const text = await res.text()
    const fc = JSON.parse(text)
    expect(fc.features).toHaveLength(before.length)
    expect(fc.provenance).toBeDefined() // the provenance member does not disturb the import
    await t.db.query('DELETE FROM incidents WHERE commune_code = $1', [commune])
    const imp = await importBody(text, 'application/geo+json')
    expect(imp.status).toBe(200)
    const r = await imp.json()
    expect(r.errors).toEqual([])
    expect(r).toMatchObject({ inserted: before.length, duplicates: 0, errors_total: 0 })
    expect(await snapshot(commune)).toEqual(before)
    // Importing the same file again inserts nothing.
    expect(await (await importBody(text, 'application/geo+json')).json()).toMatchObject({ inserted: 0, duplicates: before.length })
  })

  it('CSV: the pages of an export, concatenated, import back to the same rows', async () => {
    const commune = await pickCommune([
      (await t.db.query<{ code: string }>(`SELECT commune_code AS code FROM incidents WHERE source = 'roundtrip' LIMIT 1`))[0]?.code ?? '',
    ])
    const before = await snapshot(commune)
    let cursor: string | null = null,
      header = '',
      lines: string[] = []
    do {
      const res: Response = await t.get(`/api/incidents?area=${commune}&limit=40&format=csv${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      const [h, ...rest] = (await res.text()).replace(/\r?\n$/, '').split(/\r\n/)
      header = h
      lines = lines.concat(rest)
      cursor = res.headers.get('x-next-cursor')
    } while (cursor)
    expect(header).toBe('external_id,occurred_at,criterion,subtype,lon,lat,village_code,precision,masked,source,synthetic,description')
    await t.db.query('DELETE FROM incidents WHERE commune_code = $1', [commune])
    const r = await (await importBody(`${[header, ...lines].join('\r\n')}\r\n`, 'text/csv')).json()
    expect(r.errors).toEqual([])
    expect(r).toMatchObject({ inserted: before.length, duplicates: 0 })
    expect(await snapshot(commune)).toEqual(before)
  })

  it('an analyst’s export keeps the masking: criterion 3 comes back at its village, without description', async () => {
    const [c] = await t.db.query<{ code: string }>(
      `SELECT commune_code AS code FROM incidents WHERE criterion = 3 AND precision = 'exact' AND description IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    )
    const res = await t.get(`/api/incidents?area=${c.code}&criteria=3&limit=5000&format=geojson`, 'analyst')
    const text = await res.text()
    const n = JSON.parse(text).features.length
    expect(JSON.parse(text).features.every((f: any) => f.properties.masked && f.properties.precision === 'village')).toBe(true)
    await t.db.query('DELETE FROM incidents WHERE commune_code = $1 AND criterion = 3', [c.code])
    const r = await (await importBody(text, 'application/geo+json')).json()
    expect(r).toMatchObject({ inserted: n, errors_total: 0 })
    const rows = await t.db.query<{ precision: string; description: string | null; at_village: boolean }>(
      `SELECT i.precision, i.description, ST_Equals(i.geom, v.geom) AS at_village FROM incidents i JOIN villages v ON v.code = i.village_code
       WHERE i.commune_code = $1 AND i.criterion = 3`,
      [c.code],
    )
    expect(rows).toHaveLength(n)
    expect(rows.every((r) => r.precision === 'village' && r.description == null && r.at_village)).toBe(true)
  })

  it('a precision the import cannot honour is a row error naming the field', async () => {
    const csv =
      'external_id,occurred_at,criterion,subtype,lon,lat,precision\nrt-bad-1,2025-03-01,1,theft,104.92,11.55,village\nrt-bad-2,2025-03-01,1,theft,104.92,11.55,approximate\n'
    const r = await (await importBody(csv, 'text/csv')).json()
    expect(r.inserted).toBe(0)
    expect(r.errors.map((e: any) => [e.line, e.field])).toEqual([
      [2, 'precision'],
      [3, 'precision'],
    ])
  })
})

describe('posts export → import', () => {
  it('GET /api/posts GeoJSON goes back through POST /api/posts/import', async () => {
    const snap = () =>
      t.db.query(
        `SELECT code, name_en, name_km, post_type, staff, commune_code, round(ST_X(geom)::numeric, 9)::text AS lon, round(ST_Y(geom)::numeric, 9)::text AS lat
       FROM police_posts WHERE code = ANY($1) ORDER BY code`,
        [codes],
      )
    const res = await t.get('/api/posts?area=1201')
    expect(res.status).toBe(200)
    const text = await res.text()
    const fc = JSON.parse(text)
    const codes = fc.features.map((f: any) => f.properties.code)
    expect(codes.length).toBeGreaterThan(5)
    const before = await snap()
    expect(before).toHaveLength(codes.length)
    await t.db.query('DELETE FROM police_posts WHERE code = ANY($1)', [codes])
    const imp = await t.request('/api/posts/import', { method: 'POST', body: text, headers: { 'content-type': 'application/geo+json' } })
    expect(imp.status).toBe(200)
    const r = await imp.json()
    expect(r).toEqual({ inserted: codes.length, duplicates: 0, errors: [] })
    expect(await snap()).toEqual(before)
  })
})

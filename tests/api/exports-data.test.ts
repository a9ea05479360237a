import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fromArrayBuffer } from 'geotiff'
import Papa from 'papaparse'
import proj4 from 'proj4'
import { readSheet } from 'read-excel-file/node'
import { describe, expect, it } from 'vitest'
import { ATTRIBUTION } from '../../server/geo/read-geodata.ts'
import { seededIncidents, useTestApp } from '../helpers/app.ts'

// Data out: hot spots as GeoJSON/CSV, the density GeoTIFF read back by an independent reader (and gdalinfo when
// installed), area stats as CSV/XLSX, and the provenance every export carries.
const t = useTestApp()
const FILE_STARTED = Date.now()
const UTM48N = '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs'
const csvRows = (text: string) =>
  Papa.parse<Record<string, string>>(text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data
const headerProv = (res: Response) => JSON.parse(res.headers.get('x-provenance')!)
const HAS_GDAL = spawnSync('sh', ['-c', 'command -v gdalinfo']).status === 0

/** The parts of a provenance every export shares. */
function expectProvenance(p: any, opts: { username?: string; format: string; path: string }) {
  expect(p).toMatchObject({
    app: { name: 'SafeVillage', version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
    generated_by: { username: opts.username ?? 'admin' },
    format: opts.format,
    request: { method: 'GET', path: opts.path },
    synthetic: true,
    attribution: ATTRIBUTION,
  })
  // Stamped during this run (not a stale or future time); no bound on how long the run took.
  expect(Date.parse(p.generated_at)).toBeGreaterThanOrEqual(FILE_STARTED - 1000)
  expect(Date.parse(p.generated_at)).toBeLessThanOrEqual(Date.now() + 1000)
  expect(p.data.filters).toHaveProperty('criteria')
  expect(p.request.query.format ?? p.format).toBe(opts.format)
}

describe('hot spots as GeoJSON and CSV', () => {
  const base = '/api/hotspots?method=gistar&unit=commune&fdr=true&from=2025-01-01&to=2025-12-31'

  it('format=geojson is the map answer as a download with a provenance member', async () => {
    const plain = await (await t.get(base)).json()
    const res = await t.get(`${base}&format=geojson`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/geo+json')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="hotspots-gistar-commune\.geojson"$/)
    const fc = await res.json()
    expect(fc.features).toEqual(plain.features)
    expect(fc.meta).toEqual(plain.meta)
    expect(plain.provenance).toBeUndefined() // the map's answer is unchanged
    expectProvenance(fc.provenance, { format: 'geojson', path: '/api/hotspots' })
    expect(fc.provenance.method).toMatchObject({
      method: 'gistar',
      unit: 'commune',
      fdr: true,
      weights: 'queen contiguity',
      n: plain.meta.n,
    })
    expect(fc.provenance.data).toMatchObject({ filters: { from: '2025-01-01', to: '2025-12-31' }, rows: plain.features.length })
    expect(fc.provenance.data.first >= '2025-01-01' && fc.provenance.data.last <= '2025-12-31').toBe(true)
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE (occurred_at AT TIME ZONE 'Asia/Phnom_Penh')::date BETWEEN '2025-01-01' AND '2025-12-31'`,
    )
    expect(fc.provenance.data.incidents).toBe(n)
    expect(headerProv(res).method).toEqual(fc.provenance.method)
  })

  it('format=csv has one row per unit with its centroid, count, rate, z, p and bin', async () => {
    const plain = await (await t.get(base)).json()
    const res = await t.get(`${base}&format=csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toContain('hotspots-gistar-commune.csv')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // UTF-8 BOM, so spreadsheets read Khmer
    const text = bytes.toString('utf8')
    const rows = csvRows(text)
    expect(rows).toHaveLength(plain.features.length)
    expect(Object.keys(rows[0])).toEqual([
      'code',
      'name_en',
      'name_km',
      'lon',
      'lat',
      'count',
      'population',
      'rate',
      'z',
      'p',
      'bin',
      'bin_label',
    ])
    const byCode = new Map(rows.map((r) => [r.code, r]))
    for (const f of plain.features.slice(0, 200)) {
      const r = byCode.get(f.properties.code)!
      expect(Number(r.count)).toBe(f.properties.count)
      expect(Number(r.z)).toBeCloseTo(f.properties.z, 9)
      expect(Number(r.bin)).toBe(f.properties.bin)
      // The centroid lies within the unit's bounding box.
      const ring: number[] = f.geometry.coordinates.flat(Infinity)
      const lons = ring.filter((_: number, k: number) => k % 2 === 0),
        lats = ring.filter((_: number, k: number) => k % 2 === 1)
      expect(Number(r.lon)).toBeGreaterThanOrEqual(Math.min(...lons))
      expect(Number(r.lon)).toBeLessThanOrEqual(Math.max(...lons))
      expect(Number(r.lat)).toBeGreaterThanOrEqual(Math.min(...lats))
      expect(Number(r.lat)).toBeLessThanOrEqual(Math.max(...lats))
    }
    expect(rows.filter((r) => r.bin === '3').every((r) => r.bin_label === 'hot spot 99%')).toBe(true)
    const p = headerProv(res)
    expectProvenance(p, { format: 'csv', path: '/api/hotspots' })
    // The sidecar is the same provenance, alone.
    const side = await t.get(`${base}&format=csv&sidecar=1`)
    expect(side.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(side.headers.get('content-disposition')).toContain('hotspots-gistar-commune.provenance.json')
    const s = await side.json()
    expect({ ...s, generated_at: null, request: null }).toEqual({ ...p, generated_at: null, request: null })
    // Exports are audited (not the sidecar).
    const [a] = await t.db.query<{ summary: any }>(
      `SELECT summary FROM audit_log WHERE action = 'export' AND entity = 'hotspots' ORDER BY id DESC LIMIT 1`,
    )
    expect(a.summary).toMatchObject({ format: 'csv', method: 'gistar', unit: 'commune', rows: rows.length })
  })

  it('local Moran and emerging hot spots give their own columns', async () => {
    const lm = csvRows(await (await t.get('/api/hotspots?method=localmoran&unit=hex&size=20000&permutations=99&format=csv')).text())
    expect(Object.keys(lm[0])).toEqual([
      'code',
      'place_en',
      'place_km',
      'lon',
      'lat',
      'count',
      'population',
      'rate',
      'I',
      'z',
      'p_sim',
      'quadrant',
    ])
    const [x, y] = proj4('WGS84', UTM48N, [Number(lm[0].lon), Number(lm[0].lat)])
    expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true)
    const eh = await t.get('/api/hotspots?method=ehsa&unit=hex&size=20000&step=quarter&format=csv')
    expect(eh.status).toBe(200)
    expect(Object.keys(csvRows(await eh.text())[0])).toEqual(
      expect.arrayContaining(['category', 'trend_z', 'trend_p', 'z_last', 'lon', 'lat']),
    )
    expect(headerProv(eh).method).toMatchObject({ method: 'ehsa', step: 'quarter', time_neighbors: 1 })
  })

  it('viewers get the same suppression in CSV as in JSON', async () => {
    const q = '/api/hotspots?method=gistar&unit=village&from=2025-01-01&to=2025-06-30&criteria=4'
    const json = await (await t.get(q, 'viewer')).json()
    const rows = csvRows(await (await t.get(`${q}&format=csv`, 'viewer')).text())
    const suppressed = json.features.filter((f: any) => f.properties.suppressed)
    expect(suppressed.length).toBeGreaterThan(0)
    const byCode = new Map(rows.map((r) => [r.code, r]))
    for (const f of json.features) {
      const r = byCode.get(f.properties.code)!
      expect(r.count, f.properties.code).toBe(f.properties.count == null ? '' : String(f.properties.count))
      expect(r.suppressed).toBe(String(f.properties.suppressed))
      if (f.properties.suppressed) expect(r.rate).toBe('')
    }
    const fc = await (await t.get(`${q}&format=geojson`, 'viewer')).json()
    expect(fc.features).toEqual(json.features)
    expect(fc.provenance.privacy).toMatchObject({ role: 'viewer', suppression_k: 5, points: false })
  })

  it('rejects a bad format or sidecar, naming the field', async () => {
    for (const [q, field] of [
      ['format=xml', 'format'],
      ['format=csv&sidecar=yes', 'sidecar'],
    ] as const) {
      const res = await t.get(`${base}&${q}`)
      expect(res.status, q).toBe(400)
      expect((await res.json()).issues.map((i: any) => i.field)).toContain(field)
    }
  })
})

describe('density GeoTIFF read back', () => {
  it('has the x-density-meta corners, EPSG:32648, nodata, provenance, and integrates to the incidents', async () => {
    const res = await t.get('/api/density?format=geotiff&cell=2000&bandwidth=8000')
    expect(res.status).toBe(200)
    const meta = JSON.parse(res.headers.get('x-density-meta')!)
    const buf = await res.arrayBuffer()
    const tiff = await fromArrayBuffer(buf)
    expect(await tiff.getImageCount()).toBe(1)
    const img = await tiff.getImage()
    expect([img.getWidth(), img.getHeight()]).toEqual([meta.cols, meta.rows])
    expect(img.getResolution()).toEqual([2000, -2000, 0])
    // Corners: the tie point and pixel scale against x-density-meta's corners (WGS84) projected back to UTM 48N.
    const [x0, y0, x1, y1] = img.getBoundingBox()
    const [nw, ne, se, sw] = meta.corners.map((c: [number, number]) => proj4('WGS84', UTM48N, c) as [number, number])
    for (const [got, want] of [
      [[x0, y1], nw],
      [[x1, y1], ne],
      [[x1, y0], se],
      [[x0, y0], sw],
    ] as [number[], number[]][]) {
      expect(Math.abs(got[0] - want[0])).toBeLessThan(1)
      expect(Math.abs(got[1] - want[1])).toBeLessThan(1)
    }
    expect(img.getOrigin()).toEqual([x0, y1, 0])
    const keys = img.getGeoKeys()!
    expect(keys).toMatchObject({ GTModelTypeGeoKey: 1, GTRasterTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32648, ProjLinearUnitsGeoKey: 9001 })
    expect(Number.isNaN(img.getGDALNoData())).toBe(true)
    // per=area: no cell is nodata; the values are densities per km² and integrate to the incidents.
    const [band] = (await img.readRasters()) as unknown as Float32Array[]
    expect(band).toHaveLength(meta.cols * meta.rows)
    let sum = 0,
      nan = 0
    for (const v of band) {
      if (Number.isNaN(v)) nan++
      else sum += v
    }
    expect(nan).toBe(0)
    const n = await seededIncidents(t.db)
    expect(meta.incidents).toBe(n)
    expect(sum * 4).toBeGreaterThan(n * 0.97)
    expect(sum * 4).toBeLessThan(n * 1.01)
    // Row 0 of the file is the north edge: the densest cell is where the most incidents are (Phnom Penh).
    let best = 0
    for (let k = 1; k < band.length; k++) if (band[k] > band[best]) best = k
    const [lon, lat] = proj4(UTM48N, 'WGS84', [x0 + ((best % meta.cols) + 0.5) * 2000, y1 - (Math.floor(best / meta.cols) + 0.5) * 2000])
    expect(Math.abs(lon - 104.92)).toBeLessThan(0.3)
    expect(Math.abs(lat - 11.56)).toBeLessThan(0.3)
    // Provenance: GDAL metadata, ImageDescription and the header.
    const md = (await img.getGDALMetadata())!
    expect(md).toMatchObject({
      BANDWIDTH_M: '8000',
      CELL_M: '2000',
      KERNEL: 'quartic',
      PER: 'area',
      SYNTHETIC: 'true',
      INCIDENTS: String(n),
    })
    const prov = JSON.parse(md.PROVENANCE as string)
    expectProvenance(prov, { format: 'geotiff', path: '/api/density' })
    expect(prov.method).toMatchObject({
      bandwidth: 8000,
      cell: 2000,
      kernel: 'quartic',
      crs: 'EPSG:32648',
      nodata: expect.stringContaining('per=population'),
    })
    const desc = (await img.fileDirectory.loadValue('ImageDescription')) as string
    expect(JSON.parse(desc.replace(/\0$/, ''))).toEqual(prov) // geotiff.js keeps the ASCII field's NUL
    expect(headerProv(res)).toEqual(prov)

    if (!HAS_GDAL) return
    const dir = mkdtempSync(path.join(tmpdir(), 'sv-tif-'))
    try {
      const file = path.join(dir, 'density.tif')
      writeFileSync(file, Buffer.from(buf))
      const info = JSON.parse(execFileSync('gdalinfo', ['-json', '-stats', file], { encoding: 'utf8' }))
      expect(info.size).toEqual([meta.cols, meta.rows])
      expect(info.geoTransform).toEqual([x0, 2000, 0, y1, 0, -2000])
      expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",32648\]\]$/)
      const b = info.bands[0]
      expect(b.type).toBe('Float32')
      expect(b.noDataValue).toBe('NaN')
      expect(b.description).toMatch(/Kernel density/)
      expect(b.unit).toBe('incidents per km2')
      expect(info.metadata[''].PROVENANCE).toBeDefined()
      expect(JSON.parse(info.metadata[''].PROVENANCE)).toEqual(prov)
      expect(Number(b.metadata[''].STATISTICS_VALID_PERCENT)).toBe(100)
      expect((Number(b.metadata[''].STATISTICS_MEAN) * meta.cols * meta.rows * 4) / (sum * 4)).toBeCloseTo(1, 6)
      // The corner coordinates gdalinfo reports in WGS84 are x-density-meta's.
      const ul = info.cornerCoordinates.upperLeft as number[]
      expect(ul[0]).toBeCloseTo(x0, 3)
      expect(ul[1]).toBeCloseTo(y1, 3)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('per=population marks undefined rates as nodata', async () => {
    const res = await t.get('/api/density?format=geotiff&cell=4000&bandwidth=15000&per=population')
    const img = await (await fromArrayBuffer(await res.arrayBuffer())).getImage()
    const [band] = (await img.readRasters()) as unknown as Float32Array[]
    const nan = band.filter((v) => Number.isNaN(v)).length
    expect(nan).toBeGreaterThan(0)
    expect(nan).toBeLessThan(band.length)
    expect((await img.getGDALMetadata())!.UNIT).toBe('incidents per 1,000 people (smoothed)')
  })

  it('the sidecar gives the provenance alone; bad sidecar is a 400', async () => {
    const s = await t.get('/api/density?format=geotiff&cell=4000&sidecar=1')
    expect(s.status).toBe(200)
    expect((await s.json()).method).toMatchObject({ cell: 4000, kernel: 'quartic' })
    const bad = await t.get('/api/density?format=geotiff&sidecar=true')
    expect(bad.status).toBe(400)
    expect((await bad.json()).issues.map((i: any) => i.field)).toContain('sidecar')
  })
})

describe('area stats as CSV and XLSX', () => {
  const q = '/api/stats/areas?level=district&parent=12&from=2025-01-01&to=2025-12-31'

  it('CSV: the JSON rows with machine keys, provenance in the header and the sidecar', async () => {
    const json = await (await t.get(q)).json()
    const res = await t.get(`${q}&format=csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('areas-district-12-2025-01-01-2025-12-31.csv')
    const rows = csvRows(await res.text())
    expect(rows.map((r) => r.code)).toEqual(json.map((r: any) => r.code))
    expect(Object.keys(rows[0]).slice(0, 9)).toEqual([
      'code',
      'name_en',
      'name_km',
      'parent_code',
      'population',
      'population_complete',
      'count',
      'rate_per_1000',
      'criterion_1',
    ])
    rows.forEach((r, k) => {
      expect(Number(r.count)).toBe(json[k].count)
      for (const c of [1, 2, 3, 4, 5]) expect(Number(r[`criterion_${c}`])).toBe(json[k].by_criterion[String(c)])
    })
    const p = headerProv(res)
    expectProvenance(p, { format: 'csv', path: '/api/stats/areas' })
    expect(p.data).toMatchObject({ filters: { from: '2025-01-01', to: '2025-12-31', area: '12' }, rows: json.length })
    expect(p.data.incidents).toBe(json.reduce((s: number, r: any) => s + r.count, 0))
    const side = await (await t.get(`${q}&format=csv&sidecar=1`)).json()
    expect(side.data).toEqual(p.data)
  })

  it('XLSX: English and Khmer headers, and an About sheet with the provenance', async () => {
    const res = await t.get(`${q}&format=xlsx`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const buf = Buffer.from(await res.arrayBuffer())
    const sheet = await readSheet(buf)
    expect(sheet[0].slice(0, 3)).toEqual(['Code', 'District', 'District (Khmer)'])
    expect(String(sheet[1][1])).toBe('ស្រុក/ក្រុង/ខណ្ឌ')
    const about = (await readSheet(buf, 'About')).map((r) => String(r[0]))
    expect(about[0]).toBe('Incidents per district in 12')
    expect(about.some((l) => l.startsWith('Generated ') && l.includes('by admin (admin) with SafeVillage'))).toBe(true)
    expect(about).toContain('SYNTHETIC DEMO DATA — not real incidents.')
    for (const a of ATTRIBUTION) expect(about).toContain(a)
    const json = about.find((l) => l.startsWith('Provenance (JSON): '))!
    expect(JSON.parse(json.slice('Provenance (JSON): '.length)).data).toEqual(headerProv(res).data)
  })

  it('viewers: suppressed counts stay empty; bad format is a 400', async () => {
    const json = await (await t.get('/api/stats/areas?level=commune&parent=1201&from=2025-06-01&to=2025-06-30', 'viewer')).json()
    const rows = csvRows(
      await (await t.get('/api/stats/areas?level=commune&parent=1201&from=2025-06-01&to=2025-06-30&format=csv', 'viewer')).text(),
    )
    rows.forEach((r, k) => {
      expect(r.count).toBe(json[k].count == null ? '' : String(json[k].count))
      expect(r.suppressed).toBe(String(json[k].suppressed))
    })
    const bad = await t.get('/api/stats/areas?level=district&format=pdf')
    expect(bad.status).toBe(400)
    expect((await bad.json()).issues.map((i: any) => i.field)).toContain('format')
  })
})

describe('provenance on reports, ranking and incidents', () => {
  it('report CSV carries X-Provenance; XLSX its About sheet; sidecar=1 the provenance alone', async () => {
    const base = '/api/reports?period=quarter&year=2025&index=2&area=12'
    const csv = await t.get(`${base}&format=csv`)
    expect(csv.status).toBe(200)
    const p = headerProv(csv)
    expectProvenance(p, { format: 'csv', path: '/api/reports' })
    expect(p.method).toMatchObject({ period: 'quarter', year: 2025, index: 2, from: '2025-04-01', to: '2025-06-30' })
    expect(p.data.filters).toMatchObject({ from: '2025-04-01', to: '2025-06-30', area: '12' })
    const xlsx = Buffer.from(await (await t.get(`${base}&format=xlsx`)).arrayBuffer())
    const about = (await readSheet(xlsx, 'About')).map((r) => String(r[0]))
    expect(about.some((l) => l.startsWith('Provenance (JSON): '))).toBe(true)
    const side = await t.get(`${base}&format=xlsx&sidecar=1`)
    expect((await side.json()).format).toBe('xlsx')
    const bad = await t.get(`${base}&sidecar=maybe`)
    expect(bad.status).toBe(400)
  })

  it('ranking CSV carries X-Provenance', async () => {
    const res = await t.get('/api/ranking?period=year&year=2025&format=csv')
    expect(res.status).toBe(200)
    expect(headerProv(res).method).toMatchObject({ period: 'year', year: 2025, top: 3 })
  })

  it('incident exports: GeoJSON with a provenance member, CSV with the header; the map answer is unchanged', async () => {
    const plain = await (await t.get('/api/incidents?area=120101&limit=50')).json()
    expect(plain.provenance).toBeUndefined()
    const res = await t.get('/api/incidents?area=120101&limit=50&format=geojson', 'analyst')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="incidents.geojson"')
    const fc = await res.json()
    expectProvenance(fc.provenance, { format: 'geojson', path: '/api/incidents', username: 'analyst' })
    expect(fc.provenance.data.rows).toBe(fc.features.length)
    expect(fc.provenance.data.first <= fc.provenance.data.last).toBe(true)
    const csv = await t.get('/api/incidents?area=120101&limit=50&format=csv')
    expect(headerProv(csv).data.rows).toBe(csvRows(await csv.text()).length)
    const [a] = await t.db.query<{ summary: any; username: string }>(
      `SELECT summary, username FROM audit_log WHERE action = 'export' AND entity = 'incident' AND username = 'analyst' ORDER BY id DESC LIMIT 1`,
    )
    expect(a.summary).toMatchObject({ format: 'geojson', rows: fc.features.length })
  })
})

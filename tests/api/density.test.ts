import { describe, expect, it } from 'vitest'
import { seededIncidents, useTestApp } from '../helpers/app.ts'

const t = useTestApp()

describe('GET /api/density', () => {
  it('returns a north-up PNG with its corners, scale and chosen bandwidth', async () => {
    const res = await t.get('/api/density?format=png&cell=2000')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const meta = JSON.parse(res.headers.get('x-density-meta')!)
    const png = Buffer.from(await res.arrayBuffer())
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([meta.cols, meta.rows])
    expect(meta).toMatchObject({ cell: 2000, kernel: 'quartic', unit: 'incidents per km²', incidents: await seededIncidents(t.db) })
    expect(meta.bandwidth_rule).toMatch(/Esri/)
    expect(meta.bandwidth).toBeGreaterThan(1000)
    const [nw, , se] = meta.corners
    expect(nw[0]).toBeGreaterThan(101.5)
    expect(nw[0]).toBeLessThan(102.5)
    expect(nw[1]).toBeGreaterThan(14.5)
    expect(se[0]).toBeGreaterThan(107.5)
    expect(se[1]).toBeLessThan(10.5)
  })

  it('GeoTIFF values integrate to the incidents (per km² × cell area)', async () => {
    const res = await t.get('/api/density?format=geotiff&cell=2000&bandwidth=8000')
    expect(res.status).toBe(200)
    const b = Buffer.from(await res.arrayBuffer())
    expect(b.subarray(0, 4)).toEqual(Buffer.from([0x49, 0x49, 42, 0]))
    const ifd = b.readUInt32LE(4),
      count = b.readUInt16LE(ifd)
    const tag = (id: number) => {
      for (let k = 0; k < count; k++) if (b.readUInt16LE(ifd + 2 + 12 * k) === id) return b.readUInt32LE(ifd + 10 + 12 * k)
      return -1
    }
    const cols = tag(256),
      rows = tag(257),
      off = tag(273)
    let sum = 0
    for (let k = 0; k < cols * rows; k++) sum += b.readFloatLE(off + 4 * k)
    const n = await seededIncidents(t.db)
    expect(sum * 4).toBeGreaterThan(n * 0.97) // cells of 4 km²; a little mass falls outside the grid or in float32 rounding
    expect(sum * 4).toBeLessThan(n * 1.01) // cell-centre sums of a 8 km kernel on 2 km cells: Riemann error < 1%
  })

  it('contours are WGS84 multipolygons at rising levels', async () => {
    const res = await t.get('/api/density?format=contours&cell=2000&bandwidth=8000&levels=5')
    const fc = await res.json()
    expect(fc.features).toHaveLength(5)
    const values = fc.features.map((f: any) => f.properties.value)
    expect([...values].sort((a, b) => a - b)).toEqual(values)
    const [lon, lat] = fc.features[0].geometry.coordinates[0][0][0]
    expect(lon).toBeGreaterThan(102)
    expect(lon).toBeLessThan(108)
    expect(lat).toBeGreaterThan(10)
    expect(lat).toBeLessThan(15)
  })

  it('per 1,000 people uses the villages’ estimated population', async () => {
    const res = await t.get('/api/density?format=png&cell=4000&bandwidth=15000&per=population')
    expect(res.status).toBe(200)
    expect(JSON.parse(res.headers.get('x-density-meta')!).unit).toBe('incidents per 1,000 people (smoothed)')
  })

  it('rejects bad parameters, and says when nothing matches', async () => {
    for (const [q, field] of [
      ['cell=50', 'cell'],
      ['kernel=box', 'kernel'],
      ['format=svg', 'format'],
      ['bandwidth=10', 'bandwidth'],
    ] as const) {
      const res = await t.get(`/api/density?${q}`)
      expect(res.status, q).toBe(400)
      expect((await res.json()).issues.map((i: any) => i.field)).toContain(field)
    }
    const none = await t.get('/api/density?from=2001-01-01&to=2001-01-31')
    expect(none.status).toBe(422)
    expect((await none.json()).error).toMatch(/no incidents/)
    const huge = await t.get('/api/density?cell=100')
    expect(huge.status).toBe(422)
    expect((await huge.json()).error).toMatch(/larger cell/)
  })
})

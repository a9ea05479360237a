import { centerOfMass } from '@turf/turf'
import Papa from 'papaparse'
import proj4 from 'proj4'
import { EPSG_UTM48N, UTM48N } from '../../common/geo.ts'
import { InputError } from './errors.ts'

export { InputError } // defined apart so the CLI can catch it without loading papaparse and proj4

export interface Units {
  ids: string[]
  x: Float64Array
  y: Float64Array
  value: Float64Array
  t?: Int32Array
  /** Polygon rings in metres (GeoJSON polygons only), for queen contiguity. */
  rings?: Float64Array[][]
}

/** CSV with id,x,y,value (projected metres), and t for space-time input. */
export function readCsvUnits(text: string, opts: { needT?: boolean } = {}): Units {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  })
  const cols = parsed.meta.fields ?? []
  const need = ['id', 'x', 'y', 'value', ...(opts.needT ? ['t'] : [])]
  const missing = need.filter((c) => !cols.includes(c))
  if (missing.length)
    throw new InputError(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${need.join(',')})`)
  const rows = parsed.data
  const n = rows.length
  const ids: string[] = new Array(n)
  const x = new Float64Array(n),
    y = new Float64Array(n),
    value = new Float64Array(n)
  const t = opts.needT ? new Int32Array(n) : undefined
  for (let i = 0; i < n; i++) {
    const r = rows[i],
      line = i + 2
    ids[i] = (r.id ?? '').trim()
    if (!ids[i]) throw new InputError(`line ${line}: id is empty`)
    for (const [col, arr] of [
      ['x', x],
      ['y', y],
      ['value', value],
    ] as const) {
      const v = Number((r[col] ?? '').trim())
      if (!Number.isFinite(v) || (r[col] ?? '').trim() === '')
        throw new InputError(`line ${line}: ${col} '${r[col] ?? ''}' is not a number`)
      arr[i] = v
    }
    if (t) {
      const tv = Number(r.t)
      if (!Number.isInteger(tv) || tv < 0) throw new InputError(`line ${line}: t '${r.t ?? ''}' is not a time step index (0, 1, 2, …)`)
      t[i] = tv
    }
  }
  return { ids, x, y, value, t }
}

/** `o?.[k]` on parsed JSON of unknown shape. */
const field = (o: unknown, k: string): unknown => (o == null ? undefined : (o as Record<string, unknown>)[k])

/** A geometry whose type was checked; its coordinates are taken as GeoJSON says (not checked further). */
type UnitGeometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }

/** GeoJSON points or polygons (WGS84 or already projected to EPSG:32648) with a numeric property. */
export function readGeoJsonUnits(text: string, valueProp: string | undefined): Units {
  if (!valueProp) throw new InputError('GeoJSON input needs --value <property>')
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new InputError(`cannot parse the GeoJSON: ${(e as Error).message}`)
  }
  const feats: unknown = field(doc, 'type') === 'FeatureCollection' ? field(doc, 'features') : null
  if (!Array.isArray(feats)) throw new InputError('expected a GeoJSON FeatureCollection')
  const crs = String(field(field(field(doc, 'crs'), 'properties'), 'name') ?? '')
  const projected = crs.includes(String(EPSG_UTM48N))
  const fwd = (c: number[]) => (projected ? [c[0], c[1]] : proj4('WGS84', UTM48N, [c[0], c[1]]))
  const n = feats.length
  const ids: string[] = [],
    x = new Float64Array(n),
    y = new Float64Array(n),
    value = new Float64Array(n)
  const rings: Float64Array[][] = []
  let polygons = 0
  feats.forEach((f: unknown, i: number) => {
    const props = field(f, 'properties')
    const v = Number(field(props, valueProp))
    if (field(props, valueProp) == null || !Number.isFinite(v))
      throw new InputError(`feature ${i + 1}: property ${valueProp} is missing or not a number`)
    value[i] = v
    ids.push(String(field(f, 'id') ?? field(props, 'id') ?? field(props, 'code') ?? i + 1))
    const geom = field(f, 'geometry')
    const type = field(geom, 'type')
    if (type !== 'Point' && type !== 'Polygon' && type !== 'MultiPolygon')
      throw new InputError(`feature ${i + 1}: geometry must be a Point, Polygon or MultiPolygon`)
    const g = geom as UnitGeometry
    if (g.type === 'Point') {
      const [px, py] = fwd(g.coordinates)
      x[i] = px
      y[i] = py
      rings.push([])
      return
    }
    polygons++
    const polys: number[][][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
    const projRings = polys.flatMap((p) => p.map((ring) => Float64Array.from(ring.flatMap((c) => fwd(c)))))
    rings.push(projRings)
    const [cx, cy] = areaCentroid(projRings[0])
    x[i] = cx
    y[i] = cy
  })
  return { ids, x, y, value, rings: polygons === n ? rings : undefined }
}

/** Centroid of a closed ring (flat x, y pairs): turf's centre of mass (area-weighted; the vertex mean if degenerate). */
function areaCentroid(r: Float64Array): [number, number] {
  const ring: number[][] = []
  for (let k = 0; k + 1 < r.length; k += 2) ring.push([r[k], r[k + 1]])
  const [x, y] = centerOfMass({ type: 'Polygon', coordinates: [ring] }).geometry.coordinates
  return [x, y]
}

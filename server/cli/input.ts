import Papa from 'papaparse'
import proj4 from 'proj4'
import { InputError } from './errors.ts'

export { InputError } // defined apart so the CLI can catch it without loading papaparse and proj4

export const UTM48N = '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs' // EPSG:32648

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

/** GeoJSON points or polygons (WGS84 or already projected to EPSG:32648) with a numeric property. */
export function readGeoJsonUnits(text: string, valueProp: string | undefined): Units {
  if (!valueProp) throw new InputError('GeoJSON input needs --value <property>')
  let doc: any
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new InputError(`cannot parse the GeoJSON: ${(e as Error).message}`)
  }
  const feats: any[] = doc?.type === 'FeatureCollection' ? doc.features : null
  if (!Array.isArray(feats)) throw new InputError('expected a GeoJSON FeatureCollection')
  const crs = String(doc.crs?.properties?.name ?? '')
  const projected = /32648/.test(crs)
  const fwd = (c: number[]) => (projected ? [c[0], c[1]] : proj4('WGS84', UTM48N, [c[0], c[1]]))
  const n = feats.length
  const ids: string[] = [],
    x = new Float64Array(n),
    y = new Float64Array(n),
    value = new Float64Array(n)
  const rings: Float64Array[][] = []
  let polygons = 0
  feats.forEach((f, i) => {
    const v = Number(f?.properties?.[valueProp])
    if (f?.properties?.[valueProp] == null || !Number.isFinite(v))
      throw new InputError(`feature ${i + 1}: property ${valueProp} is missing or not a number`)
    value[i] = v
    ids.push(String(f.id ?? f.properties?.id ?? f.properties?.code ?? i + 1))
    const g = f.geometry
    if (g?.type === 'Point') {
      const [px, py] = fwd(g.coordinates)
      x[i] = px
      y[i] = py
      rings.push([])
      return
    }
    if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon')
      throw new InputError(`feature ${i + 1}: geometry must be a Point, Polygon or MultiPolygon`)
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

/** Centroid of a closed ring (flat x, y pairs) by the shoelace formula; its vertex mean if degenerate. */
function areaCentroid(r: Float64Array): [number, number] {
  let a = 0,
    cx = 0,
    cy = 0
  for (let k = 0; k + 3 < r.length; k += 2) {
    const cross = r[k] * r[k + 3] - r[k + 2] * r[k + 1]
    a += cross
    cx += (r[k] + r[k + 2]) * cross
    cy += (r[k + 1] + r[k + 3]) * cross
  }
  if (Math.abs(a) < 1e-9) {
    let sx = 0,
      sy = 0
    for (let k = 0; k < r.length; k += 2) {
      sx += r[k]
      sy += r[k + 1]
    }
    return [sx / (r.length / 2), sy / (r.length / 2)]
  }
  return [cx / (3 * a), cy / (3 * a)]
}

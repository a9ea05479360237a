/** Incident filters shared by the map, the stats and the exports. Dates are Asia/Phnom_Penh calendar days. */
export interface IncidentFilters {
  from?: string // YYYY-MM-DD, inclusive
  to?: string // YYYY-MM-DD, inclusive
  criteria?: number[]
  area?: string // province (2), district (4), commune (6) or village (8) code
  bbox?: [number, number, number, number]
}

export const TZ = 'Asia/Phnom_Penh'

const AREA_COLUMN: Record<number, string> = { 2: 'province_code', 4: 'district_code', 6: 'commune_code', 8: 'village_code' }

export function areaColumn(code: string): string {
  const col = AREA_COLUMN[code.length]
  if (!col) throw new Error(`area code ${code} has no level`)
  return col
}

/** Builds a WHERE clause over incidents (alias i) with $n parameters starting after `params`. */
export function incidentWhere(f: IncidentFilters, params: unknown[], alias = 'i'): string {
  const parts: string[] = []
  const p = (v: unknown) => { params.push(v); return `$${params.length}` }
  if (f.from) parts.push(`${alias}.occurred_at >= (${p(f.from)}::date::timestamp AT TIME ZONE '${TZ}')`)
  if (f.to) parts.push(`${alias}.occurred_at < ((${p(f.to)}::date + 1)::timestamp AT TIME ZONE '${TZ}')`)
  if (f.criteria && f.criteria.length < 5) parts.push(`${alias}.criterion = ANY(${p(`{${f.criteria.join(',')}}`)}::smallint[])`)
  if (f.area) parts.push(`${alias}.${areaColumn(f.area)} = ${p(f.area)}`)
  if (f.bbox) {
    const [a, b, c, d] = f.bbox
    parts.push(`${alias}.geom && ST_MakeEnvelope(${p(a)}, ${p(b)}, ${p(c)}, ${p(d)}, 4326)`)
  }
  return parts.length ? parts.join(' AND ') : 'true'
}

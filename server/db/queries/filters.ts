import type { Access } from '../../auth/roles.ts'
import { PHNOM_PENH_TZ } from '../../../common/periods.ts'

/** Incident filters shared by the map, the stats and the exports. Dates are Asia/Phnom_Penh calendar days. */
export interface IncidentFilters {
  from?: string // YYYY-MM-DD, inclusive
  to?: string // YYYY-MM-DD, inclusive
  criteria?: number[]
  area?: string // province (2), district (4), commune (6) or village (8) code
  bbox?: [number, number, number, number]
  /** Who asks: the scope and the privacy rules every incident query applies in its SQL. */
  access: Access
}

export const TZ = PHNOM_PENH_TZ

const AREA_COLUMN: Record<number, string> = { 2: 'province_code', 4: 'district_code', 6: 'commune_code', 8: 'village_code' }

export function areaColumn(code: string): string {
  const col = AREA_COLUMN[code.length]
  if (!col) throw new Error(`area code ${code} has no level`)
  return col
}

const intList = (xs: number[]) => `'{${xs.map((x) => Math.trunc(Number(x))).join(',')}}'::smallint[]`

/**
 * Builds a WHERE clause over incidents (alias i) with $n parameters starting after `params`. It always restricts
 * to the actor's scope; with `points`, it also leaves out the criteria whose points the actor may not receive.
 * `geom` is the point expression the bbox tests (incidentPoint().geom when points are masked).
 */
export function incidentWhere(
  f: IncidentFilters,
  params: unknown[],
  alias = 'i',
  opts: { points?: boolean; geom?: string; masked?: string } = {},
): string {
  const parts: string[] = []
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  const a = f.access
  if (a.scope) parts.push(`${alias}.${areaColumn(a.scope)} = ${p(a.scope)}`)
  if (opts.points && a.omitCriteria.length) parts.push(`NOT (${alias}.criterion = ANY(${intList(a.omitCriteria)}))`)
  if (f.from) parts.push(`${alias}.occurred_at >= (${p(f.from)}::date::timestamp AT TIME ZONE '${TZ}')`)
  if (f.to) parts.push(`${alias}.occurred_at < ((${p(f.to)}::date + 1)::timestamp AT TIME ZONE '${TZ}')`)
  if (f.criteria && f.criteria.length < 5) parts.push(`${alias}.criterion = ANY(${p(`{${f.criteria.join(',')}}`)}::smallint[])`)
  if (f.area) parts.push(`${alias}.${areaColumn(f.area)} = ${p(f.area)}`)
  if (f.bbox) {
    const [x0, y0, x1, y1] = f.bbox
    // The bbox tests the point the actor sees, so a masked incident cannot be located by narrowing the box.
    const env = `ST_MakeEnvelope(${p(x0)}, ${p(y0)}, ${p(x1)}, ${p(y1)}, 4326)`
    const shown = opts.geom ?? `${alias}.geom`
    parts.push(`${shown} && ${env}`)
    // With masking, an indexable prefilter: unmasked rows by their own point (GiST), masked ones by criterion.
    if (shown !== `${alias}.geom` && opts.masked && opts.masked !== 'true') parts.push(`(${alias}.geom && ${env} OR ${opts.masked})`)
  }
  return parts.length ? parts.join(' AND ') : 'true'
}

/**
 * Where each incident is shown. `points` (page, points, CSV): the masked criteria sit at their village's point,
 * else their commune's centroid. `aggregate` (grids, KDE): the same place for every criterion the actor may not see
 * exactly (an analyst's criterion 3, all of a viewer's), so no surface or cell is built from a home address.
 * Returns the SQL to join (after `incidents i`), the geometry expression, whether a row is masked, and a
 * condition that drops masked rows with nowhere to go.
 */
export function incidentPoint(a: Access, purpose: 'points' | 'aggregate', alias = 'i') {
  // Surfaces (density, grids, hot spots) use the masked place of every criterion the actor may not see exactly:
  // an analyst's masked (or omitted) criteria, a viewer's all five. Masking at the source: no surface can undo it.
  const masked = purpose === 'points' ? a.maskCriteria : aggregateMask(a)
  if (!masked.length) return { join: '', geom: `${alias}.geom`, masked: 'false', keep: 'true' }
  const isMasked = masked.length >= 5 ? 'true' : `(${alias}.criterion = ANY(${intList(masked)}))`
  const place = `coalesce(mv.geom, mc.centroid, mcc.centroid)`
  return {
    join: `LEFT JOIN villages mv ON mv.code = ${alias}.village_code LEFT JOIN areas mc ON mc.code = ${alias}.commune_code
           LEFT JOIN areas mcc ON mcc.code = mc.covered_by`,
    geom: isMasked === 'true' ? place : `CASE WHEN ${isMasked} THEN ${place} ELSE ${alias}.geom END`,
    masked: isMasked,
    keep: isMasked === 'true' ? `${place} IS NOT NULL` : `(NOT ${isMasked} OR ${place} IS NOT NULL)`,
  }
}

/** The key sum of a cell's records (disclosure control, server/domain/disclosure.ts): never sent to a client. */
export const KEY_SUM = `(sum(i.rkey::bigint) % 2147483648)::float8`

/** Does every incident this request counts sit at its masked place (a viewer; an analyst asking for criterion 3 only)? */
export function fullyMasked(f: IncidentFilters): boolean {
  const mask = aggregateMask(f.access)
  return (f.criteria ?? [1, 2, 3, 4, 5]).every((c) => mask.includes(c))
}

/**
 * For a fully masked request: the incidents grouped by where they are shown (village, else commune) first, then
 * placed, one geometry per group rather than one per incident (a tenth of the work on 100,000 incidents).
 * Columns: place (EPSG:4326), n, ks, and the `extra` group column as `s`. No bbox (the filters must have none).
 */
export function maskedGroups(f: IncidentFilters, params: unknown[], extra = 'NULL'): string {
  const place = `coalesce(mv.geom, mc.centroid, mcc.centroid)`
  return `SELECT ${place} AS place, g.n, g.ks, g.s FROM (
      SELECT i.village_code, i.commune_code, ${extra} AS s, count(*)::int AS n, ${KEY_SUM} AS ks
      FROM incidents i WHERE ${incidentWhere({ ...f, bbox: undefined }, params)} GROUP BY 1, 2, 3) g
    LEFT JOIN villages mv ON mv.code = g.village_code LEFT JOIN areas mc ON mc.code = g.commune_code
    LEFT JOIN areas mcc ON mcc.code = mc.covered_by WHERE ${place} IS NOT NULL`
}

/** Criteria whose incidents every surface built for this actor places at their village's point. */
export function aggregateMask(a: Access): number[] {
  return [...new Set([...a.maskCriteria, ...a.omitCriteria])].sort()
}

/** Areas (alias a) inside the actor's scope. */
export function areaScopeWhere(a: Access, params: unknown[], alias = 'a'): string {
  if (!a.scope) return 'true'
  params.push(a.scope)
  return `${alias}.code LIKE $${params.length} || '%'`
}

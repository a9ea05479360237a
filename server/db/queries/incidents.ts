import { publish } from '../../domain/disclosure.ts'
import { monthEnd } from '../../../common/periods.ts'
import type { Queryable } from '../types.ts'
import { incidentPoint, incidentWhere, KEY_SUM, TZ, type IncidentFilters } from './filters.ts'

export interface IncidentRow {
  id: number
  external_id: string
  criterion: number
  subtype: string
  occurred_at: Date
  village_code: string | null
  commune_code: string | null
  precision: string
  source: string
  description: string | null
  synthetic: boolean
  masked: boolean
  lon: number
  lat: number
}

/** Incident columns with the point (and description) the actor may see. */
function pointSelect(f: IncidentFilters) {
  const pt = incidentPoint(f.access, 'points')
  return {
    pt,
    columns: `i.id::int AS id, i.external_id, i.criterion, i.subtype, i.occurred_at, i.village_code, i.commune_code,
       CASE WHEN ${pt.masked} THEN 'village' ELSE i.precision END AS precision, i.source,
       CASE WHEN ${pt.masked} THEN NULL ELSE i.description END AS description, i.synthetic, ${pt.masked} AS masked,
       ST_X(${pt.geom}) AS lon, ST_Y(${pt.geom}) AS lat`,
  }
}

/** One page of incidents ordered by id; the cursor is the last id of the previous page. */
export async function queryIncidentsPage(q: Queryable, f: IncidentFilters & { limit: number; after?: number }) {
  const params: unknown[] = []
  const { pt, columns } = pointSelect(f)
  let where = `${incidentWhere(f, params, 'i', { points: true, geom: pt.geom, masked: pt.masked })} AND ${pt.keep}`
  if (f.after != null) {
    params.push(f.after)
    where += ` AND i.id > $${params.length}`
  }
  params.push(f.limit + 1)
  const rows = await q.query<IncidentRow>(
    `SELECT ${columns} FROM incidents i ${pt.join} WHERE ${where} ORDER BY i.id LIMIT $${params.length}`,
    params,
  )
  const more = rows.length > f.limit
  if (more) rows.pop()
  return { rows, nextAfter: more ? rows[rows.length - 1].id : null }
}

/** One incident the actor may see, or null. */
export async function queryIncident(q: Queryable, id: number, f: IncidentFilters): Promise<IncidentRow | null> {
  const params: unknown[] = []
  const { pt, columns } = pointSelect(f)
  const where = `${incidentWhere(f, params, 'i', { points: true, geom: pt.geom, masked: pt.masked })} AND ${pt.keep}`
  params.push(id)
  const [r] = await q.query<IncidentRow>(
    `SELECT ${columns} FROM incidents i ${pt.join} WHERE ${where} AND i.id = $${params.length}`,
    params,
  )
  return r ?? null
}

/** Compact points (lon, lat, criterion) for heatmaps and clusters, capped at max. */
export async function queryIncidentPoints(q: Queryable, f: IncidentFilters, max: number) {
  const params: unknown[] = []
  const pt = incidentPoint(f.access, 'points')
  const where = `${incidentWhere(f, params, 'i', { points: true, geom: pt.geom, masked: pt.masked })} AND ${pt.keep}`
  params.push(max + 1)
  const rows = await q.query<{ x: number; y: number; c: number }>(
    `SELECT round(ST_X(${pt.geom})::numeric, 5)::float8 AS x, round(ST_Y(${pt.geom})::numeric, 5)::float8 AS y, i.criterion AS c
     FROM incidents i ${pt.join} WHERE ${where} LIMIT $${params.length}`,
    params,
  )
  const truncated = rows.length > max
  if (truncated) rows.pop()
  return { truncated, points: rows.map((r) => [r.x, r.y, r.c] as [number, number, number]) }
}

/**
 * Totals for the header badge, within the actor's scope. A protected reader (viewer) gets the published total and
 * the first and last months of the data (not days).
 */
export async function incidentSummary(q: Queryable, f: IncidentFilters) {
  const params: unknown[] = []
  const [r] = await q.query<{ n: number; ks: number; synthetic: number; first: string | null; last: string | null }>(
    `SELECT count(*)::int AS n, ${KEY_SUM} AS ks, count(*) FILTER (WHERE synthetic)::int AS synthetic,
       to_char(min(occurred_at) AT TIME ZONE '${TZ}', 'YYYY-MM-DD') AS first,
       to_char(max(occurred_at) AT TIME ZONE '${TZ}', 'YYYY-MM-DD') AS last FROM incidents i WHERE ${incidentWhere(f, params)}`,
    params,
  )
  const k = f.access.k
  if (k <= 0) return { n: Number(r.n), synthetic: Number(r.synthetic), first: r.first, last: r.last }
  const n = publish(Number(r.n), Number(r.ks), k)
  return {
    n: n ?? 0,
    withheld: n == null,
    synthetic: r.synthetic > 0 ? 1 : 0,
    first: r.first ? `${r.first.slice(0, 7)}-01` : null,
    last: r.last ? monthEnd(Number(r.last.slice(0, 4)), Number(r.last.slice(5, 7))) : null,
  }
}

export async function countIncidents(q: Queryable): Promise<number> {
  const [r] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')
  return r.n
}

/** How many incidents there are and the last id: a version of the data (hot spot answers are cached on it). */
export async function incidentsVersion(q: Queryable): Promise<{ n: number; last: number | null; edited: string | null }> {
  // An edit (PATCH) changes neither the count nor the last id: its updated_at does.
  const [r] = await q.query<{ n: number; last: number | null; edited: string | null }>(
    `SELECT count(*)::int AS n, max(id)::bigint AS last, max(updated_at)::text AS edited FROM incidents`,
  )
  return r
}

/** Raw count, key sum, first and last local dates and synthetic flag of the incidents a filter selects (every criterion counts). */
export async function incidentDataSummary(
  q: Queryable,
  f: IncidentFilters,
): Promise<{ n: number; ks: number; first: string | null; last: string | null; synthetic: boolean | null }> {
  const params: unknown[] = []
  const [r] = await q.query<{ n: number; ks: number; first: string | null; last: string | null; synthetic: boolean | null }>(
    `SELECT count(*)::int AS n, ${KEY_SUM} AS ks, to_char(min(i.occurred_at AT TIME ZONE '${TZ}'), 'YYYY-MM-DD') AS first,
       to_char(max(i.occurred_at AT TIME ZONE '${TZ}'), 'YYYY-MM-DD') AS last, bool_or(i.synthetic) AS synthetic
     FROM incidents i WHERE ${incidentWhere(f, params)}`,
    params,
  )
  return r
}

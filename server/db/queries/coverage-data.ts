import type { Access } from '../../auth/roles.ts'
import type { Queryable } from '../types.ts'
import { areaScopeWhere, incidentWhere, KEY_SUM, type IncidentFilters } from './filters.ts'

export interface VillageDemand {
  code: string
  name_en: string
  name_km: string | null
  commune_code: string
  district_code: string
  province_code: string
  x: number
  y: number
  lon: number
  lat: number
  pop: number
}

/** Villages with a point (in the actor's scope, or an area), in UTM 48N metres, with their estimated population. */
export async function demandVillages(q: Queryable, access: Access, area?: string): Promise<VillageDemand[]> {
  const params: unknown[] = []
  const where = [`v.geom IS NOT NULL`, areaScopeWhere(access, params, 'v')]
  if (area) {
    params.push(area)
    where.push(`v.code LIKE $${params.length} || '%'`)
  }
  return q.query<VillageDemand>(
    `SELECT v.code, v.name_en, v.name_km, v.commune_code, v.district_code, v.province_code, coalesce(v.population_est, 0)::float8 AS pop,
       ST_X(ST_Transform(v.geom, 32648)) AS x, ST_Y(ST_Transform(v.geom, 32648)) AS y, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
     FROM villages v WHERE ${where.join(' AND ')} ORDER BY v.code`,
    params,
  )
}

/** Incidents per village and criterion under the filters (scope applied in SQL). */
export async function incidentsByVillage(
  q: Queryable,
  f: IncidentFilters,
): Promise<{ village_code: string; criterion: number; n: number; ks: number }[]> {
  const params: unknown[] = []
  const rows = await q.query<{ village_code: string; criterion: number; n: number; ks: number }>(
    `SELECT i.village_code, i.criterion, count(*)::int AS n, ${KEY_SUM} AS ks FROM incidents i WHERE i.village_code IS NOT NULL AND ${incidentWhere(f, params)} GROUP BY 1, 2`,
    params,
  )
  return rows.map((r) => ({ ...r, criterion: Number(r.criterion), n: Number(r.n), ks: Number(r.ks) }))
}

/** A post with its point in UTM 48N metres (x, y) and degrees (lon, lat). */
export interface PostPoint {
  id: number
  code: string
  name_en: string
  name_km: string | null
  post_type: string
  staff: number
  commune_code: string | null
  synthetic: boolean
  x: number
  y: number
  lon: number
  lat: number
}

/** Posts in UTM 48N metres. */
export async function postPoints(q: Queryable, access: Access, area?: string): Promise<PostPoint[]> {
  const params: unknown[] = []
  const where = ['true']
  if (access.scope) {
    params.push(access.scope)
    where.push(`p.commune_code LIKE $${params.length} || '%'`)
  }
  if (area) {
    params.push(area)
    where.push(`p.commune_code LIKE $${params.length} || '%'`)
  }
  return q.query<PostPoint>(
    `SELECT p.id::int AS id, p.code, p.name_en, p.name_km, p.post_type, p.staff, p.commune_code, p.synthetic,
       ST_X(ST_Transform(p.geom, 32648)) AS x, ST_Y(ST_Transform(p.geom, 32648)) AS y, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat
     FROM police_posts p WHERE ${where.join(' AND ')} ORDER BY p.id`,
    params,
  )
}

/** Nearest-post service areas: Voronoi cells of the posts (PostGIS), clipped to Cambodia or the area. */
export async function voronoiCells(q: Queryable, ids: number[], clip?: string): Promise<{ id: number; geometry: string }[]> {
  if (!ids.length) return []
  const region = clip
    ? `SELECT ST_Union(g.geom_simple) AS g FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by) WHERE a.code = $2`
    : `SELECT ST_Union(geom_simple) AS g FROM areas WHERE level = 'province'`
  return q.query<{ id: number; geometry: string }>(
    `WITH pts AS (SELECT p.id::int AS id, p.geom FROM police_posts p WHERE p.id = ANY($1::bigint[])),
     region AS (${region}),
     cells AS (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(geom), 0, (SELECT ST_Expand(g, 1) FROM region)))).geom AS cell FROM pts)
     SELECT pts.id, ST_AsGeoJSON(ST_Intersection(cells.cell, region.g), 5) AS geometry
     FROM cells JOIN pts ON ST_Intersects(cells.cell, pts.geom), region
     WHERE ST_Intersects(cells.cell, region.g)`,
    clip ? [ids, clip] : [ids],
  )
}

/** How many villages with a point the access may see, in the area when given. */
export async function villagePointCount(q: Queryable, access: Access, area?: string): Promise<number> {
  const params: unknown[] = []
  const where = [`v.geom IS NOT NULL`, areaScopeWhere(access, params, 'v')]
  if (area) {
    params.push(area)
    where.push(`v.code LIKE $${params.length} || '%'`)
  }
  const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM villages v WHERE ${where.join(' AND ')}`, params)
  return Number(row?.n ?? 0)
}

import type { Queryable } from '../types.ts'
import type { AreaLevel } from './stats.ts'

/** Area polygons of one level as a GeoJSON FeatureCollection string, built in one query. */
export async function areasGeoJson(q: Queryable, level: AreaLevel, parent?: string): Promise<string> {
  const params: unknown[] = [level]
  let where = 'a.level = $1'
  if (parent) {
    params.push(parent)
    where += ` AND a.parent_code = $2`
  }
  const rows = await q.query<{ f: string }>(
    `SELECT json_build_object('type', 'Feature', 'id', a.code,
       'geometry', ST_AsGeoJSON(a.geom_simple, 5)::json,
       'properties', json_build_object('code', a.code, 'level', a.level, 'name_en', a.name_en, 'name_km', a.name_km,
         'parent_code', a.parent_code, 'type_en', a.type_en, 'type_km', a.type_km, 'population', a.population,
         'population_complete', a.population_complete,
         'covers_codes', coalesce((SELECT json_agg(c.code ORDER BY c.code) FROM areas c WHERE c.covered_by = a.code), '[]'::json))
     )::text AS f
     FROM areas a WHERE ${where} AND a.geom_simple IS NOT NULL ORDER BY a.code`,
    params,
  )
  return `{"type":"FeatureCollection","features":[${rows.map((r) => r.f).join(',')}]}`
}

export interface AreaInfo {
  code: string
  level: string
  name_en: string
  name_km: string | null
  parent_code: string | null
  type_en: string | null
  type_km: string | null
  population: number | null
  population_complete: boolean
  has_geometry: boolean
  covered_by: string | null
  bbox: [number, number, number, number] | null
  children_count: number
}

export async function getArea(q: Queryable, code: string): Promise<AreaInfo | null> {
  const [row] = await q.query<AreaInfo & { xmin: number | null; ymin: number; xmax: number; ymax: number }>(
    `SELECT a.code, a.level, a.name_en, a.name_km, a.parent_code, a.type_en, a.type_km, a.population,
       a.population_complete, a.has_geometry, a.covered_by,
       ST_XMin(g.geom) AS xmin, ST_YMin(g.geom) AS ymin, ST_XMax(g.geom) AS xmax, ST_YMax(g.geom) AS ymax,
       (SELECT count(*)::int FROM areas c WHERE c.parent_code = a.code)
         + (SELECT count(*)::int FROM villages v WHERE a.level = 'commune' AND v.commune_code = a.code) AS children_count
     FROM areas a LEFT JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by)
     WHERE a.code = $1`,
    [code],
  )
  if (!row) return null
  const { xmin, ymin, xmax, ymax, ...rest } = row
  return { ...rest, bbox: xmin == null ? null : [xmin, ymin, xmax, ymax] }
}

export async function getAncestors(q: Queryable, code: string) {
  return q.query<{ code: string; level: string; name_en: string; name_km: string | null }>(
    `SELECT code, level, name_en, name_km FROM areas WHERE code = ANY($1::text[]) ORDER BY length(code)`,
    [
      `{${[2, 4, 6]
        .filter((n) => n < code.length)
        .map((n) => code.slice(0, n))
        .join(',')}}`,
    ],
  )
}

export interface VillageInfo {
  code: string
  name_en: string
  name_km: string | null
  commune_code: string
  district_code: string
  province_code: string
  code_status: string
  has_geometry: boolean
  households_est: number | null
  population_est: number | null
  population_method: string
  lon: number | null
  lat: number | null
}

const VILLAGE_COLUMNS = `v.code, v.name_en, v.name_km, v.commune_code, v.district_code, v.province_code, v.code_status,
  v.has_geometry, v.households_est, v.population_est, v.population_method, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat`

export async function getVillage(q: Queryable, code: string): Promise<VillageInfo | null> {
  const [row] = await q.query<VillageInfo>(`SELECT ${VILLAGE_COLUMNS} FROM villages v WHERE v.code = $1`, [code])
  return row ?? null
}

export async function villagesInBbox(q: Queryable, bbox: [number, number, number, number], commune: string | undefined, max: number) {
  const params: unknown[] = [...bbox, max + 1]
  let where = 'v.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)'
  if (commune) {
    params.push(commune)
    where += ` AND v.commune_code = $${params.length}`
  }
  const rows = await q.query<VillageInfo>(`SELECT ${VILLAGE_COLUMNS} FROM villages v WHERE ${where} ORDER BY v.code LIMIT $5`, params)
  const truncated = rows.length > max
  if (truncated) rows.pop()
  return { rows, truncated }
}

export interface SearchHit {
  code: string
  level: string
  name_en: string
  name_km: string | null
  parent_names_en: string
  parent_names_km: string
  lon: number | null
  lat: number | null
  bbox: [number, number, number, number] | null
}

/**
 * Places whose English or Khmer name key contains the query key; exact, then prefix, then contains.
 * With a scope (an officer's area code prefix), only places inside it.
 */
export async function searchPlaces(q: Queryable, key: string, limit: number, scope: string | null = null): Promise<SearchHit[]> {
  const rows = await q.query<SearchHit & { rank: number; xmin: number | null; ymin: number; xmax: number; ymax: number }>(
    `WITH hits AS (
       SELECT a.code, a.level, a.name_en, a.name_km, a.parent_code, a.name_key, a.name_km_key,
         ST_XMin(a.geom_simple) AS xmin, ST_YMin(a.geom_simple) AS ymin, ST_XMax(a.geom_simple) AS xmax, ST_YMax(a.geom_simple) AS ymax,
         ST_X(a.centroid) AS lon, ST_Y(a.centroid) AS lat
       FROM areas a WHERE (a.name_key LIKE '%' || $1 || '%' OR a.name_km_key LIKE '%' || $1 || '%')
         AND ($3::text IS NULL OR a.code LIKE $3 || '%')
       UNION ALL
       SELECT v.code, 'village', v.name_en, v.name_km, v.commune_code, v.name_key, v.name_km_key,
         NULL, NULL, NULL, NULL, ST_X(v.geom), ST_Y(v.geom)
       FROM villages v WHERE (v.name_key LIKE '%' || $1 || '%' OR v.name_km_key LIKE '%' || $1 || '%')
         AND ($3::text IS NULL OR v.code LIKE $3 || '%'))
     SELECT h.code, h.level, h.name_en, h.name_km, h.lon, h.lat, h.xmin, h.ymin, h.xmax, h.ymax,
       CASE WHEN h.name_key = $1 OR h.name_km_key = $1 THEN 0 WHEN h.name_key LIKE $1 || '%' OR h.name_km_key LIKE $1 || '%' THEN 1 ELSE 2 END AS rank,
       coalesce((SELECT string_agg(p.name_en, ', ' ORDER BY length(p.code) DESC) FROM areas p
         WHERE p.code IN (left(h.code, 6), left(h.code, 4), left(h.code, 2)) AND p.code <> h.code), '') AS parent_names_en,
       coalesce((SELECT string_agg(p.name_km, ', ' ORDER BY length(p.code) DESC) FROM areas p
         WHERE p.code IN (left(h.code, 6), left(h.code, 4), left(h.code, 2)) AND p.code <> h.code), '') AS parent_names_km
     FROM hits h
     ORDER BY rank, CASE h.level WHEN 'province' THEN 0 WHEN 'district' THEN 1 WHEN 'commune' THEN 2 ELSE 3 END, h.code
     LIMIT $2`,
    [key, limit, scope],
  )
  return rows.map(({ rank: _r, xmin, ymin, xmax, ymax, ...r }) => ({ ...r, bbox: xmin == null ? null : [xmin, ymin, xmax, ymax] }))
}

/** How many areas (provinces, districts, communes) are loaded; 0 before the geography. */
export async function countAreas(q: Queryable): Promise<number> {
  const [{ n }] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')
  return n
}

/** True when an area (province, district or commune) with this code exists. */
export async function areaExists(q: Queryable, code: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM areas WHERE code = $1', [code])).length > 0
}

/**
 * The areas of a level, under a parent when given. With a scope (an officer's area), only the areas inside it and
 * its ancestors (a report above the scope lists them; their figures count in-scope incidents only).
 */
export async function childAreas(q: Queryable, level: string, area: string | undefined, scope: string | null) {
  const params: unknown[] = [level]
  let where = `a.level = $1`
  if (area) {
    params.push(area)
    where += ` AND a.parent_code = $${params.length}`
  }
  if (scope) {
    params.push(scope)
    where += ` AND (a.code LIKE $${params.length} || '%' OR $${params.length} LIKE a.code || '%')`
  }
  return q.query<{ code: string; name_en: string; name_km: string | null; population: number | null }>(
    `SELECT a.code, a.name_en, a.name_km, a.population FROM areas a WHERE ${where} ORDER BY a.code`,
    params,
  )
}

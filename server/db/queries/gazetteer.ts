import type { Queryable } from '../types.ts'

/** One village as the geocoder needs it; lon/lat fall back to the commune centroid when the village has no point. */
export interface GazetteerVillage {
  code: string
  name_en: string
  name_km: string | null
  current: boolean
  commune_code: string
  district_code: string
  province_code: string
  commune_en: string
  district_en: string
  province_en: string
  lon: number | null
  lat: number | null
  commune_lon: number | null
  commune_lat: number | null
}

export async function loadGazetteerVillages(q: Queryable): Promise<GazetteerVillage[]> {
  return q.query<GazetteerVillage>(
    `SELECT v.code, v.name_en, v.name_km, v.code_status = 'current' AS current,
       v.commune_code, v.district_code, v.province_code,
       c.name_en AS commune_en, d.name_en AS district_en, p.name_en AS province_en,
       ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat,
       ST_X(cg.centroid) AS commune_lon, ST_Y(cg.centroid) AS commune_lat
     FROM villages v
     JOIN areas c ON c.code = v.commune_code
     JOIN areas d ON d.code = v.district_code
     JOIN areas p ON p.code = v.province_code
     LEFT JOIN areas cg ON cg.code = coalesce(CASE WHEN c.has_geometry THEN c.code END, c.covered_by)
     ORDER BY v.code`,
  )
}

/** Where a point falls: the nearest village inside the commune polygon that contains it (with the communes it covers). */
export interface PointPlace {
  i: number
  polygon_code: string | null
  district_code: string | null
  province_code: string | null
  village_code: string | null
}

const CHUNK = 2000

export async function locatePoints(q: Queryable, points: { i: number; lon: number; lat: number }[]): Promise<PointPlace[]> {
  const out: PointPlace[] = []
  for (let k = 0; k < points.length; k += CHUNK) {
    const rows = await q.query<PointPlace>(
      `WITH pt AS (
         SELECT p.i, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326) AS g
         FROM json_to_recordset($1::json) AS p(i int, lon float8, lat float8))
       SELECT pt.i, c.code AS polygon_code, c.district_code, c.province_code, v.code AS village_code
       FROM pt
       LEFT JOIN LATERAL (
         SELECT a.code, a.parent_code AS district_code, d.parent_code AS province_code
         FROM areas a JOIN areas d ON d.code = a.parent_code
         WHERE a.level = 'commune' AND a.geom IS NOT NULL AND ST_Intersects(a.geom, pt.g)
         ORDER BY a.code LIMIT 1) c ON true
       LEFT JOIN LATERAL (
         SELECT v.code FROM villages v
         WHERE c.code IS NOT NULL AND v.geom IS NOT NULL
           AND v.commune_code IN (SELECT x.code FROM areas x WHERE x.code = c.code OR x.covered_by = c.code)
         ORDER BY v.geom <-> pt.g LIMIT 1) v ON true
       ORDER BY pt.i`,
      [JSON.stringify(points.slice(k, k + CHUNK))],
    )
    out.push(...rows)
  }
  return out
}

/** The external_ids of this list already stored. */
export async function existingExternalIds(q: Queryable, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let k = 0; k < ids.length; k += 10_000) {
    const rows = await q.query<{ external_id: string }>(
      `SELECT i.external_id FROM incidents i
       JOIN json_array_elements_text($1::json) AS x(id) ON x.id = i.external_id`,
      [JSON.stringify(ids.slice(k, k + 10_000))],
    )
    for (const r of rows) found.add(r.external_id)
  }
  return found
}

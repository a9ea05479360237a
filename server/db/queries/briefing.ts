// The briefing's own look-ups: the area's (or the country's) extent and the boundaries its map draws.
import type { Db } from '../types.ts'

/** An area's names, level, population and the extent of its polygon (the covering commune's when it has none), or undefined. */
export async function areaExtent(db: Db, area: string): Promise<any> {
  const [info] = await db.query<any>(
    `SELECT a.code, a.level, a.name_en, a.name_km, a.population,
        ST_XMin(g.geom_simple::box2d) AS x0, ST_YMin(g.geom_simple::box2d) AS y0, ST_XMax(g.geom_simple::box2d) AS x1, ST_YMax(g.geom_simple::box2d) AS y1
        FROM areas a LEFT JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by) WHERE a.code = $1`,
    [area],
  )
  return info
}

/** The country as an area: its name, population (sum of the provinces) and the provinces' extent. */
export async function countryExtent(db: Db): Promise<any> {
  const [info] =
    await db.query<any>(`SELECT NULL AS code, 'country' AS level, 'Cambodia' AS name_en, 'កម្ពុជា' AS name_km, population::int AS population,
        ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
        FROM (SELECT ST_Extent(geom_simple)::geometry AS e, sum(population) AS population FROM areas WHERE level = 'province') s`)
  return info
}

/** Boundaries near the bbox: the area (role 'area'), its children of level `child`, communes under a province, other provinces. */
export async function boundaryRows(
  db: Db,
  area: string | null,
  child: string | undefined,
  bbox: [number, number, number, number],
): Promise<any[]> {
  const params: unknown[] = [bbox[0], bbox[1], bbox[2], bbox[3]]
  return db.query<any>(
    `WITH box AS (SELECT ST_Expand(ST_MakeEnvelope($1, $2, $3, $4, 4326), 0.05) AS b)
     SELECT a.code, a.level, a.name_en, a.name_km, ST_AsGeoJSON(a.geom_simple, 5) AS geometry, ST_X(a.centroid) AS lon, ST_Y(a.centroid) AS lat,
       CASE WHEN a.code = $5 THEN 'area' WHEN a.level = $6 AND a.code LIKE coalesce($5, '') || '%' THEN 'child'
            WHEN a.level = 'commune' AND a.code LIKE coalesce($5, '') || '%' THEN 'grandchild' ELSE 'context' END AS role
     FROM areas a, box WHERE a.has_geometry AND a.geom_simple && box.b AND (
       a.code = $5 OR (a.level = $6 AND a.code LIKE coalesce($5, '') || '%')
       OR ($7 AND a.level = 'commune' AND a.code LIKE coalesce($5, '') || '%')
       OR (a.level = 'province' AND a.code IS DISTINCT FROM $5))
     ORDER BY a.level, a.code`,
    [...params, area, child, area?.length === 2],
  )
}

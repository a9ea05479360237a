// The geography load's statements (geo/load-geography.ts builds the rows).
import type { Db, Queryable } from '../types.ts'

/** Inserts one chunk of areas, given as a JSON array of rows. */
export async function insertAreas(q: Queryable, json: string): Promise<void> {
  await q.query(insertAreasSql, [json])
}

/** Inserts one chunk of villages, given as a JSON array of rows. */
export async function insertVillages(q: Queryable, json: string): Promise<void> {
  await q.query(insertVillagesSql, [json])
}

/** The served (simplified) geometry and the label point of every area with a polygon; tol: degrees by level. */
export async function simplifyAreas(q: Queryable, tol: { province: number; district: number; commune: number }): Promise<void> {
  await q.query(`UPDATE areas SET
        geom_simple = ST_Multi(ST_SimplifyPreserveTopology(geom, CASE level WHEN 'province' THEN ${tol.province}
          WHEN 'district' THEN ${tol.district} ELSE ${tol.commune} END)),
        centroid = ST_PointOnSurface(geom)
      WHERE geom IS NOT NULL`)
}

/** Records where the geography came from (dataset_meta 'geography'). */
export async function saveGeographyMeta(q: Queryable, meta: { dir: string; attribution: unknown; loaded_at: string }): Promise<void> {
  await q.query(
    `INSERT INTO dataset_meta (key, value) VALUES ('geography', $1::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [JSON.stringify(meta)],
  )
}

/** Refreshes the planner's statistics of the freshly loaded geography. */
export async function analyzeGeography(db: Db): Promise<void> {
  await db.exec('ANALYZE areas; ANALYZE villages')
}

const insertAreasSql = `INSERT INTO areas (code, level, parent_code, name_en, name_km, type_en, type_km, population,
    population_year, population_complete, has_geometry, covered_by, name_key, name_km_key, geom)
  SELECT r.code, r.level, r.parent_code, r.name_en, r.name_km, r.type_en, r.type_km, r.population, r.population_year,
    r.population_complete, r.geometry IS NOT NULL, r.covered_by, r.name_key, r.name_km_key,
    CASE WHEN r.geometry IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326)) END
  FROM json_to_recordset($1::json) AS r(code text, level text, parent_code text, name_en text, name_km text, type_en text,
    type_km text, population int, population_year int, population_complete boolean, covered_by text, geometry text, name_key text, name_km_key text)`

const insertVillagesSql = `INSERT INTO villages (code, commune_code, district_code, province_code, name_en, name_km,
    code_status, has_geometry, households_est, population_est, population_method, name_key, name_km_key, geom)
  SELECT r.code, r.commune_code, r.district_code, r.province_code, r.name_en, r.name_km, r.code_status, r.lon IS NOT NULL,
    r.households_est, r.population_est, r.population_method, r.name_key, r.name_km_key,
    CASE WHEN r.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326) END
  FROM json_to_recordset($1::json) AS r(code text, commune_code text, district_code text, province_code text,
    name_en text, name_km text, code_status text, households_est int, population_est int, population_method text,
    name_key text, name_km_key text, lon float8, lat float8)`

// The demo seed's reads and writes (seed/*.ts generates the synthetic rows).
import type { Db, Queryable } from '../types.ts'

export interface VillagePoint {
  code: string
  commune_code: string
  district_code: string
  province_code: string
  lon: number
  lat: number
  population_est: number
}

/** Villages with a point, with their parents and estimated population (0 when unknown). */
export async function villagePoints(db: Db): Promise<VillagePoint[]> {
  return db.query<VillagePoint>(
    `SELECT code, commune_code, district_code, province_code, ST_X(geom) AS lon, ST_Y(geom) AS lat,
       coalesce(population_est, 0) AS population_est
     FROM villages WHERE has_geometry ORDER BY code`,
  )
}

/** A commune with its parents, population and label point (null when neither it nor a covering commune has one). */
export interface CommunePoint {
  code: string
  name_en: string
  name_km: string | null
  district_code: string
  province_code: string
  population: number | null
  lon: number | null
  lat: number | null
}

/** Every commune with its parents, population and label point (the covering commune's when it has no polygon). */
export async function communePoints(db: Db): Promise<CommunePoint[]> {
  return db.query<CommunePoint>(
    `SELECT a.code, a.name_en, a.name_km, a.parent_code AS district_code, d.parent_code AS province_code, a.population,
       ST_X(coalesce(a.centroid, c.centroid)) AS lon, ST_Y(coalesce(a.centroid, c.centroid)) AS lat
     FROM areas a JOIN areas d ON d.code = a.parent_code LEFT JOIN areas c ON c.code = a.covered_by
     WHERE a.level = 'commune' ORDER BY a.code`,
  )
}

/** Names of the provinces and districts. */
export async function provinceDistrictNames(db: Db): Promise<{ code: string; name_en: string; name_km: string | null }[]> {
  return db.query<{ code: string; name_en: string; name_km: string | null }>(
    `SELECT code, name_en, name_km FROM areas WHERE level IN ('province', 'district')`,
  )
}

/** Communes and their population, by code. */
export async function communePopulations(q: Queryable): Promise<{ code: string; population: number | null }[]> {
  return q.query<{ code: string; population: number | null }>(`SELECT code, population FROM areas WHERE level = 'commune' ORDER BY code`)
}

/** Villages with a point and their commune, by code. */
export async function villageCommunes(q: Queryable): Promise<{ code: string; commune_code: string }[]> {
  return q.query<{ code: string; commune_code: string }>(`SELECT code, commune_code FROM villages WHERE has_geometry ORDER BY code`)
}

/** Inserts one chunk of posts (a JSON array); posts whose code exists are skipped. Returns the codes stored. */
export async function insertPostChunk(q: Queryable, json: string): Promise<{ code: string }[]> {
  return q.query<{ code: string }>(
    `INSERT INTO police_posts (code, name_en, name_km, post_type, staff, commune_code, geom, synthetic)
       SELECT r.code, r.name_en, r.name_km, r.post_type, r.staff, r.commune_code,
         ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r.synthetic
       FROM json_to_recordset($1::json) AS r(code text, name_en text, name_km text, post_type text, staff int,
         commune_code text, lon float8, lat float8, synthetic boolean)
       ON CONFLICT (code) DO NOTHING
       RETURNING code`,
    [json],
  )
}

/** Refreshes the planner's statistics after the seed. */
export async function analyzeSeeded(db: Db): Promise<void> {
  await db.exec('ANALYZE incidents; ANALYZE police_posts')
}

/** Deletes the synthetic incidents and posts (real imports are kept). */
export async function deleteSynthetic(q: Queryable): Promise<void> {
  await q.query('DELETE FROM incidents WHERE synthetic')
  await q.query('DELETE FROM police_posts WHERE synthetic')
}

/** Villages with a point (and geometry), with their English name, parents and estimated population. */
export async function namedVillagePoints(q: Queryable): Promise<(VillagePoint & { name_en: string })[]> {
  return q.query<VillagePoint & { name_en: string }>(
    `SELECT code, commune_code, district_code, province_code, name_en, ST_X(geom) AS lon, ST_Y(geom) AS lat,
       coalesce(population_est, 0) AS population_est
     FROM villages WHERE has_geometry AND geom IS NOT NULL ORDER BY code`,
  )
}

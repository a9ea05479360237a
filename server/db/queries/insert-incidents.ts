import type { Queryable } from '../types.ts'

/** One incident ready to store: area codes already resolved. */
export interface IncidentInsert {
  external_id: string
  criterion: number
  subtype: string
  occurred_at: string // ISO 8601 with offset
  village_code: string | null
  commune_code: string | null
  district_code: string | null
  province_code: string | null
  lon: number
  lat: number
  precision: 'exact' | 'village' | 'commune'
  source: string
  description: string | null
  synthetic: boolean
}

const CHUNK = 5000

/**
 * Inserts rows in chunks of one statement each, skipping external_ids already stored
 * (or repeated inside the batch). Returns the external_ids actually inserted.
 */
export async function insertIncidents(q: Queryable, rows: IncidentInsert[]): Promise<{ inserted: number; duplicates: string[] }> {
  let inserted = 0
  const duplicates: string[] = []
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    const res = await q.query<{ external_id: string }>(
      `INSERT INTO incidents (external_id, criterion, subtype, occurred_at, village_code, commune_code, district_code,
         province_code, geom, precision, source, description, synthetic)
       SELECT r.external_id, r.criterion, r.subtype, r.occurred_at, r.village_code, r.commune_code, r.district_code,
         r.province_code, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r.precision, r.source, r.description, r.synthetic
       FROM json_to_recordset($1::json) AS r(external_id text, criterion smallint, subtype text, occurred_at timestamptz,
         village_code text, commune_code text, district_code text, province_code text, lon float8, lat float8,
         precision text, source text, description text, synthetic boolean)
       ON CONFLICT (external_id) DO NOTHING
       RETURNING external_id`,
      [JSON.stringify(chunk)],
    )
    inserted += res.length
    if (res.length < chunk.length) {
      const got = new Set(res.map((r) => r.external_id))
      for (const r of chunk)
        if (!got.has(r.external_id)) duplicates.push(r.external_id)
        else got.delete(r.external_id)
    }
  }
  return { inserted, duplicates }
}

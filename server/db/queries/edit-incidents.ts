import type { Queryable } from '../types.ts'

/** A stored incident with its true point; occurred_at is a Date as read and ISO text as returned. */
export interface RawIncident<T = string> {
  id: number
  external_id: string
  criterion: number
  subtype: string
  occurred_at: T
  village_code: string | null
  commune_code: string | null
  district_code: string | null
  province_code: string | null
  precision: string
  source: string
  description: string | null
  synthetic: boolean
  lon: number
  lat: number
}

/** The stored row as the audit log records it (true point and description). */
export async function rawIncident(q: Queryable, where: { id?: number; external_id?: string }): Promise<RawIncident | null> {
  const [r] = await q.query<RawIncident<Date>>(
    `SELECT id::int AS id, external_id, criterion, subtype, occurred_at, village_code, commune_code, district_code, province_code,
       precision, source, description, synthetic, ST_X(geom) AS lon, ST_Y(geom) AS lat
     FROM incidents WHERE ${where.id != null ? 'id = $1' : 'external_id = $1'}`,
    [where.id ?? where.external_id],
  )
  return r ? { ...r, occurred_at: new Date(r.occurred_at).toISOString() } : null
}

export interface IncidentChange {
  criterion: number
  subtype: string
  occurred_at: string
  description: string | null
  village_code: string | null
  commune_code: string | null
  district_code: string | null
  province_code: string | null
  lon: number
  lat: number
  precision: string
}

export async function updateIncident(q: Queryable, id: number, c: IncidentChange): Promise<void> {
  await q.query(
    `UPDATE incidents SET criterion = $2, subtype = $3, occurred_at = $4, description = $5, village_code = $6, commune_code = $7,
       district_code = $8, province_code = $9, geom = ST_SetSRID(ST_MakePoint($10, $11), 4326), precision = $12, updated_at = now()
     WHERE id = $1`,
    [
      id,
      c.criterion,
      c.subtype,
      c.occurred_at,
      c.description,
      c.village_code,
      c.commune_code,
      c.district_code,
      c.province_code,
      c.lon,
      c.lat,
      c.precision,
    ],
  )
}

export async function deleteIncident(q: Queryable, id: number): Promise<boolean> {
  return (await q.query('DELETE FROM incidents WHERE id = $1 RETURNING 1', [id])).length > 0
}

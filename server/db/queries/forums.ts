import type { Access } from '../../auth/roles.ts'
import type { Queryable } from '../types.ts'

export interface ForumRow {
  id: number
  area_code: string
  level: 'village' | 'commune'
  commune_code: string
  name_en: string
  name_km: string | null
  held_on: string
  attendance: number
  topics: string[]
  notes: string | null
  synthetic: boolean
  lon: number | null
  lat: number | null
  created_by: string | null
}
export interface ForumInsert {
  area_code: string
  level: 'village' | 'commune'
  commune_code: string
  held_on: string
  attendance: number
  topics: string[]
  notes: string | null
  synthetic?: boolean
}

const SELECT = `SELECT f.id::int AS id, f.area_code, f.level, f.commune_code, to_char(f.held_on, 'YYYY-MM-DD') AS held_on, f.attendance, f.topics, f.notes, f.synthetic,
    coalesce(v.name_en, a.name_en) AS name_en, coalesce(v.name_km, a.name_km) AS name_km,
    ST_X(coalesce(v.geom, a.centroid, ac.centroid)) AS lon, ST_Y(coalesce(v.geom, a.centroid, ac.centroid)) AS lat, u.username AS created_by
  FROM forums f LEFT JOIN villages v ON v.code = f.area_code AND f.level = 'village'
  JOIN areas a ON a.code = f.commune_code LEFT JOIN areas ac ON ac.code = a.covered_by LEFT JOIN users u ON u.id = f.created_by`

const fix = (r: ForumRow): ForumRow => ({
  ...r,
  topics: Array.isArray(r.topics) ? r.topics : parseArray(r.topics as unknown as string),
  lon: r.lon == null ? null : Number(r.lon),
  lat: r.lat == null ? null : Number(r.lat),
})
/** PGlite may hand text[] back as '{a,"b c"}'. */
function parseArray(s: string): string[] {
  if (!s || s === '{}') return []
  const out: string[] = []
  const re = /"((?:[^"\\]|\\.)*)"|([^,{}]+)/g
  for (let m: RegExpExecArray | null; (m = re.exec(s.slice(1, -1))); ) out.push(m[1] != null ? m[1].replace(/\\(.)/g, '$1') : m[2])
  return out
}

export async function listForums(
  q: Queryable,
  f: { access: Access; area?: string; from?: string; to?: string; limit: number; offset: number },
) {
  const params: unknown[] = []
  const where: string[] = []
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  if (f.access.scope) where.push(`f.area_code LIKE ${p(f.access.scope)} || '%'`)
  if (f.area)
    where.push(
      `(f.area_code LIKE ${p(f.area)} || '%' OR (f.level = 'commune' AND length(${p(f.area)}) = 8 AND f.area_code = left(${p(f.area)}, 6)))`,
    )
  if (f.from) where.push(`f.held_on >= ${p(f.from)}::date`)
  if (f.to) where.push(`f.held_on <= ${p(f.to)}::date`)
  const w = where.length ? `WHERE ${where.map((x) => `(${x})`).join(' AND ')}` : ''
  const [{ n }] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM forums f ${w}`, params)
  const rows = await q.query<ForumRow>(
    `${SELECT} ${w} ORDER BY f.held_on DESC, f.id DESC LIMIT ${p(f.limit)} OFFSET ${p(f.offset)}`,
    params,
  )
  return { total: Number(n), rows: rows.map(fix) }
}

export async function getForum(q: Queryable, id: number, access: Access): Promise<ForumRow | null> {
  const params: unknown[] = [id]
  let where = 'f.id = $1'
  if (access.scope) {
    params.push(access.scope)
    where += ` AND f.area_code LIKE $2 || '%'`
  }
  const [r] = await q.query<ForumRow>(`${SELECT} WHERE ${where}`, params)
  return r ? fix(r) : null
}

/** Inserts forums; a forum already recorded for the same area and day is skipped (returns the inserted ids). */
export async function insertForums(q: Queryable, rows: ForumInsert[], userId: number | null): Promise<number[]> {
  if (!rows.length) return []
  const out = await q.query<{ id: number }>(
    `INSERT INTO forums (area_code, level, commune_code, held_on, attendance, topics, notes, synthetic, created_by)
     SELECT r.area_code, r.level, r.commune_code, r.held_on::date, r.attendance, ARRAY(SELECT json_array_elements_text(r.topics)), r.notes, r.synthetic, $2
     FROM json_to_recordset($1::json) AS r(area_code text, level text, commune_code text, held_on text, attendance int, topics json, notes text, synthetic boolean)
     ON CONFLICT (area_code, held_on) DO NOTHING RETURNING id::int AS id`,
    [JSON.stringify(rows.map((r) => ({ ...r, synthetic: r.synthetic ?? false }))), userId],
  )
  return out.map((r) => Number(r.id))
}

export async function updateForum(q: Queryable, id: number, r: ForumInsert): Promise<boolean> {
  const out = await q.query(
    `UPDATE forums SET area_code = $2, level = $3, commune_code = $4, held_on = $5::date, attendance = $6, topics = $7::text[], notes = $8, updated_at = now()
    WHERE id = $1 RETURNING id`,
    [id, r.area_code, r.level, r.commune_code, r.held_on, r.attendance, r.topics, r.notes],
  )
  return out.length > 0
}

export async function deleteForum(q: Queryable, id: number): Promise<boolean> {
  return (await q.query('DELETE FROM forums WHERE id = $1 RETURNING id', [id])).length > 0
}

/** Which commune a village or commune code belongs to, or null when the code is unknown. */
export async function forumPlace(q: Queryable, code: string): Promise<{ level: 'village' | 'commune'; commune_code: string } | null> {
  if (code.length === 8) {
    const [v] = await q.query<{ commune_code: string }>('SELECT commune_code FROM villages WHERE code = $1', [code])
    return v ? { level: 'village', commune_code: v.commune_code } : null
  }
  const [a] = await q.query<{ code: string }>(`SELECT code FROM areas WHERE code = $1 AND level = 'commune'`, [code])
  return a ? { level: 'commune', commune_code: a.code } : null
}

/** Forum dates per commune (any forum in it) and per village (its own), up to a date and from a date. */
export async function forumDates(
  q: Queryable,
  area: string | null,
  from: string,
  to: string,
): Promise<{ area_code: string; level: string; commune_code: string; held_on: string }[]> {
  const params: unknown[] = [from, to]
  let where = `held_on BETWEEN $1::date AND $2::date`
  if (area) {
    params.push(area.slice(0, 6))
    where += ` AND commune_code LIKE $3 || '%'`
  }
  return q.query(`SELECT area_code, level, commune_code, to_char(held_on, 'YYYY-MM-DD') AS held_on FROM forums WHERE ${where}`, params)
}

/** The last forum on or before a date of each area that held one (village or commune forums), with its commune. */
export async function lastForums(
  q: Queryable,
  area: string | null,
  to: string,
): Promise<{ area_code: string; level: string; commune_code: string; last: string }[]> {
  const params: unknown[] = [to]
  let where = `held_on <= $1::date`
  if (area) {
    params.push(area.slice(0, 6))
    where += ` AND commune_code LIKE $2 || '%'`
  }
  return q.query(
    `SELECT area_code, level, commune_code, to_char(max(held_on), 'YYYY-MM-DD') AS last FROM forums WHERE ${where} GROUP BY 1, 2, 3`,
    params,
  )
}

/** True when another forum (not id) is recorded for the area on that day. */
export async function forumClash(q: Queryable, areaCode: string, heldOn: string, id: number): Promise<boolean> {
  const clash = await q.query('SELECT 1 FROM forums WHERE area_code = $1 AND held_on = $2::date AND id <> $3', [areaCode, heldOn, id])
  return clash.length > 0
}

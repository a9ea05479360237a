import type { Access } from '../../auth/roles.ts'
import type { Queryable } from '../types.ts'

export type PostType = 'commune_post' | 'district_station' | 'provincial_hq'
export const POST_TYPES: PostType[] = ['commune_post', 'district_station', 'provincial_hq']

export interface PostRow {
  id: number
  code: string
  name_en: string
  name_km: string | null
  post_type: PostType
  staff: number
  commune_code: string | null
  synthetic: boolean
  lon: number
  lat: number
}
const COLS = `p.id::int AS id, p.code, p.name_en, p.name_km, p.post_type, p.staff, p.commune_code, p.synthetic, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat`

/** Posts the actor may see (an officer: those of communes in their area), optionally in a bbox or an area. */
export async function listPosts(
  q: Queryable,
  f: { access: Access; bbox?: [number, number, number, number]; area?: string; type?: PostType },
): Promise<PostRow[]> {
  const params: unknown[] = []
  const where: string[] = []
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  if (f.access.scope) where.push(`p.commune_code LIKE ${p(f.access.scope)} || '%'`)
  if (f.area) where.push(`p.commune_code LIKE ${p(f.area)} || '%'`)
  if (f.type) where.push(`p.post_type = ${p(f.type)}`)
  if (f.bbox) where.push(`p.geom && ST_MakeEnvelope(${p(f.bbox[0])}, ${p(f.bbox[1])}, ${p(f.bbox[2])}, ${p(f.bbox[3])}, 4326)`)
  return q.query<PostRow>(
    `SELECT ${COLS} FROM police_posts p ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.code`,
    params,
  )
}

export async function getPost(q: Queryable, id: number, access: Access): Promise<PostRow | null> {
  const params: unknown[] = access.scope ? [id, access.scope] : [id]
  const scope = access.scope ? ` AND p.commune_code LIKE $2 || '%'` : ''
  const [r] = await q.query<PostRow>(`SELECT ${COLS} FROM police_posts p WHERE p.id = $1${scope}`, params)
  return r ?? null
}

export interface PostInput {
  code: string
  name_en: string
  name_km: string | null
  post_type: PostType
  staff: number
  commune_code: string | null
  lon: number
  lat: number
}

/** Inserts posts (one statement); codes already stored are skipped. Returns the inserted rows. */
export async function insertPostRows(q: Queryable, rows: PostInput[]): Promise<PostRow[]> {
  if (!rows.length) return []
  return q.query<PostRow>(
    `INSERT INTO police_posts AS p (code, name_en, name_km, post_type, staff, commune_code, geom, synthetic)
     SELECT r.code, r.name_en, r.name_km, r.post_type, r.staff, r.commune_code, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), false
     FROM json_to_recordset($1::json) AS r(code text, name_en text, name_km text, post_type text, staff int, commune_code text, lon float8, lat float8)
     ON CONFLICT (code) DO NOTHING RETURNING ${COLS}`,
    [JSON.stringify(rows)],
  )
}

export async function updatePost(q: Queryable, id: number, r: Omit<PostInput, 'code'>): Promise<PostRow | null> {
  const [row] = await q.query<PostRow>(
    `UPDATE police_posts AS p SET name_en = $2, name_km = $3, post_type = $4, staff = $5, commune_code = $6, geom = ST_SetSRID(ST_MakePoint($7, $8), 4326)
     WHERE p.id = $1 RETURNING ${COLS}`,
    [id, r.name_en, r.name_km, r.post_type, r.staff, r.commune_code, r.lon, r.lat],
  )
  return row ?? null
}

export async function deletePost(q: Queryable, id: number): Promise<PostRow | null> {
  const [row] = await q.query<PostRow>(`DELETE FROM police_posts AS p WHERE p.id = $1 RETURNING ${COLS}`, [id])
  return row ?? null
}

/**
 * Of posts with a commune given (c), the polygon holding their point (poly) and the point, those whose commune is
 * kept: the polygon is that commune or covers it, or the point is one of that commune's village points.
 */
export async function communeHintsKept(
  q: Queryable,
  asked: { i: number; c: string | null | undefined; poly: string | null; lon: number; lat: number }[],
): Promise<{ i: number }[]> {
  return q.query<{ i: number }>(
    `SELECT p.i FROM json_to_recordset($1::json) AS p(i int, c text, poly text, lon float8, lat float8)
       WHERE EXISTS (SELECT 1 FROM areas a WHERE a.level = 'commune' AND a.code = p.c AND (a.code = p.poly OR a.covered_by = p.poly))
          OR EXISTS (SELECT 1 FROM villages v WHERE v.commune_code = p.c AND v.geom IS NOT NULL
                       AND ST_DWithin(v.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), 1e-6))`,
    [JSON.stringify(asked)],
  )
}

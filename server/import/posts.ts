import { withinScope } from '../auth/roles.ts'
import { locatePoints } from '../db/queries/gazetteer.ts'
import { communeHintsKept, POST_TYPES, type PostInput, type PostType } from '../db/queries/posts.ts'
import type { Queryable } from '../db/types.ts'
import { CAMBODIA_BBOX } from './validate.ts'
import type { RawRecord, RowError } from './parse.ts'

export const POST_COLUMNS = ['code', 'name_en', 'name_km', 'post_type', 'staff', 'lon', 'lat'] as const

type CheckedPost = Omit<PostInput, 'commune_code'> & { line: number; commune_hint?: string | null }

/** Checks one post record (from CSV, GeoJSON or JSON): the post, or its errors by field. */
export function checkPost(r: RawRecord): { ok: CheckedPost } | { errors: RowError[] } {
  const f = r.fields
  const errors: RowError[] = []
  const err = (field: string, message: string) => errors.push({ line: r.line, field, message })
  const code = f.code ?? ''
  if (!code) err('code', 'code is required')
  else if (!/^[A-Za-z0-9._-]{1,60}$/.test(code)) err('code', 'code is 1-60 letters, digits, dot, dash or underscore')
  const name_en = f.name_en ?? ''
  if (!name_en) err('name_en', 'name_en is required')
  else if (name_en.length > 200) err('name_en', 'name_en is at most 200 characters')
  if ((f.name_km ?? '').length > 200) err('name_km', 'name_km is at most 200 characters')
  const post_type = (f.post_type ?? 'commune_post') as PostType
  if (!POST_TYPES.includes(post_type)) err('post_type', `post_type must be one of ${POST_TYPES.join(', ')}`)
  const staff = f.staff == null ? 0 : Number(f.staff)
  if (!Number.isInteger(staff) || staff < 0 || staff > 10_000) err('staff', 'staff is a whole number from 0 to 10,000')
  const lon = Number(f.lon),
    lat = Number(f.lat)
  if (f.lon == null || !Number.isFinite(lon)) err('lon', 'lon is required (decimal degrees)')
  if (f.lat == null || !Number.isFinite(lat)) err('lat', 'lat is required (decimal degrees)')
  if (
    Number.isFinite(lon) &&
    Number.isFinite(lat) &&
    !(lon >= CAMBODIA_BBOX[0] && lon <= CAMBODIA_BBOX[2] && lat >= CAMBODIA_BBOX[1] && lat <= CAMBODIA_BBOX[3])
  ) {
    err('lon', `(${lon}, ${lat}) is outside Cambodia${lat >= CAMBODIA_BBOX[0] && lon <= CAMBODIA_BBOX[3] ? ' (lon and lat swapped?)' : ''}`)
  }
  // An exported post names its commune: kept when the point's commune polygon is that commune or covers it.
  const commune_hint = f.commune_code ?? null
  if (commune_hint && !/^\d{6}$/.test(commune_hint)) err('commune_code', `commune_code must be 6 digits, not '${commune_hint}'`)
  if (errors.length) return { errors }
  return { ok: { line: r.line, code, name_en, name_km: f.name_km ?? null, post_type, staff, lon, lat, commune_hint } }
}

/**
 * Finds each post's commune by its point; an officer's posts must fall in their area. A commune_code given with the
 * post (as GET /api/posts exports it) is kept when the polygon holding the point is that commune or covers it (the
 * communes without a polygon of their own), or when the point is one of that commune's village points (2013 village
 * points may fall just outside their commune's 2014 polygon; the gazetteer says where the village belongs). Otherwise
 * the point decides.
 */
export async function placePosts(q: Queryable, posts: CheckedPost[], scope: string | null, errors: RowError[]): Promise<PostInput[]> {
  const places = await locatePoints(
    q,
    posts.map((p, i) => ({ i, lon: p.lon, lat: p.lat })),
  )
  const asked = places
    .filter((pl) => pl.polygon_code && posts[pl.i].commune_hint)
    .map((pl) => ({ i: pl.i, c: posts[pl.i].commune_hint, poly: pl.polygon_code, lon: posts[pl.i].lon, lat: posts[pl.i].lat }))
  const keep = new Set<number>()
  if (asked.length) {
    const rows = await communeHintsKept(q, asked)
    for (const r of rows) keep.add(Number(r.i))
  }
  const out: PostInput[] = []
  for (const pl of places) {
    const { line, commune_hint, ...post } = posts[pl.i]
    if (!pl.polygon_code) {
      errors.push({ line, field: 'lon', message: `(${post.lon}, ${post.lat}) is not inside any commune of Cambodia` })
      continue
    }
    const commune = commune_hint && keep.has(pl.i) ? commune_hint : pl.polygon_code
    if (scope && !withinScope(scope, commune)) {
      errors.push({ line, field: 'lon', message: `the post is in commune ${commune}, outside your area ${scope}` })
      continue
    }
    out.push({ ...post, commune_code: commune })
  }
  return out
}

import type { Queryable } from '../types.ts'

/** The land area (km², of the scope's polygon; null nationally) and how many communes and villages with a point a scope holds. */
export async function regionCounts(
  db: Queryable,
  scope: string | null,
): Promise<{ km2: number | null; communes: number; villages: number } | undefined> {
  const like = `${(scope ?? '').replace(/\D/g, '')}%`
  const [r] = await db.query<{ km2: number | null; communes: number; villages: number }>(
    `SELECT ${scope ? `(SELECT ST_Area(g.geom_simple::geography) / 1e6 FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by) WHERE a.code = $2)` : 'NULL::float8'} AS km2,
       (SELECT count(*)::int FROM areas WHERE level = 'commune' AND code LIKE $1) AS communes,
       (SELECT count(*)::int FROM villages WHERE geom IS NOT NULL AND code LIKE $1) AS villages`,
    scope ? [like, scope] : [like],
  )
  return r
}

import type { Queryable } from '../types.ts'

/**
 * Which communes and villages held a public forum between two local dates (inclusive), inside an area.
 * A commune forum counts for the commune and each of its villages; a village forum for the village and its commune.
 */
export async function forumsHeld(q: Queryable, from: string, to: string, area?: string | null): Promise<{ communes: Set<string>; villages: Set<string> }> {
  const params: unknown[] = [from, to]
  let where = `held_on BETWEEN $1::date AND $2::date`
  if (area) { params.push(area.slice(0, 6)); where += ` AND commune_code LIKE $3 || '%'` }
  const rows = await q.query<{ area_code: string; level: string; commune_code: string }>(
    `SELECT DISTINCT area_code, level, commune_code FROM forums WHERE ${where}`, params)
  const communes = new Set<string>(), villages = new Set<string>()
  for (const r of rows) { communes.add(r.commune_code); if (r.level === 'village') villages.add(r.area_code) }
  return { communes, villages }
}

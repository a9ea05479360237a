import { countsOf, type Counts6 } from '../../domain/disclosure.ts'
import type { Queryable } from '../types.ts'
import { areaScopeWhere, incidentWhere, type IncidentFilters } from './filters.ts'
import { KEY_SUM } from './filters.ts'
import { LEVEL_COLUMN } from './policy-units.ts'

export type AreaLevel = 'province' | 'district' | 'commune'

export interface AreaStatRow {
  code: string
  name_en: string
  name_km: string | null
  parent_code: string | null
  population: number | null
  population_complete: boolean
  has_geometry: boolean
  covered_by: string | null
  /** Criteria at 0..4, total at 5 (published for a protected reader). */
  counts: Counts6
}

/** Incident counts per area of one level (every area in the actor's scope, zero or not), aggregated in SQL. */
export async function statsByArea(q: Queryable, level: AreaLevel, f: IncidentFilters & { parent?: string }): Promise<AreaStatRow[]> {
  const params: unknown[] = [level]
  const where = incidentWhere(f, params)
  let areaWhere = `a.level = $1 AND ${areaScopeWhere(f.access, params)}`
  if (f.parent) {
    params.push(f.parent)
    areaWhere += ` AND a.parent_code = $${params.length}`
  }
  const rows = await q.query<Omit<AreaStatRow, 'counts'> & { count: number; by: Record<string, [number, number]> | string | null }>(
    `WITH f AS (
       SELECT i.${LEVEL_COLUMN[level]} AS code, i.criterion, count(*)::int AS n, ${KEY_SUM} AS ks
       FROM incidents i WHERE ${where} GROUP BY 1, 2)
     SELECT a.code, a.name_en, a.name_km, a.parent_code, a.population, a.population_complete, a.has_geometry, a.covered_by,
       coalesce(sum(f.n), 0)::int AS count,
       json_object_agg(f.criterion, json_build_array(f.n, f.ks)) FILTER (WHERE f.criterion IS NOT NULL) AS by
     FROM areas a LEFT JOIN f ON f.code = a.code
     WHERE ${areaWhere}
     GROUP BY a.code ORDER BY a.code`,
    params,
  )
  // Each row's cells (criteria and total), published for a protected reader (viewer): NaN = withheld.
  return rows.map(({ by, count: _raw, ...r }) => {
    const parsed: Record<string, [number, number]> = typeof by === 'string' ? JSON.parse(by) : (by ?? {})
    const counts = countsOf(
      Object.entries(parsed).map(([c, [n, ks]]) => ({ criterion: Number(c), n: Number(n), ks: Number(ks) })),
      f.access.k,
    )
    return { ...r, counts }
  })
}

export function ratePer1000(count: number, population: number | null): number | null {
  if (population == null || population <= 0) return null
  return Math.round((count / population) * 1000 * 1000) / 1000
}

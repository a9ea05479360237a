import type { Queryable } from '../types.ts'
import { areaScopeWhere, incidentWhere, type IncidentFilters } from './filters.ts'
import { LEVEL_COLUMN } from './policy-units.ts'

export type AreaLevel = 'province' | 'district' | 'commune'

export interface AreaStatRow {
  code: string; name_en: string; name_km: string | null; parent_code: string | null; population: number | null
  population_complete: boolean; has_geometry: boolean; covered_by: string | null
  count: number; by_criterion: Record<string, number>
}

/** Incident counts per area of one level (every area in the actor's scope, zero or not), aggregated in SQL. */
export async function statsByArea(q: Queryable, level: AreaLevel, f: IncidentFilters & { parent?: string }): Promise<AreaStatRow[]> {
  const params: unknown[] = [level]
  const where = incidentWhere(f, params)
  let areaWhere = `a.level = $1 AND ${areaScopeWhere(f.access, params)}`
  if (f.parent) { params.push(f.parent); areaWhere += ` AND a.parent_code = $${params.length}` }
  const rows = await q.query<AreaStatRow & { by: Record<string, number> | string | null }>(
    `WITH f AS (
       SELECT i.${LEVEL_COLUMN[level]} AS code, i.criterion, count(*)::int AS n
       FROM incidents i WHERE ${where} GROUP BY 1, 2)
     SELECT a.code, a.name_en, a.name_km, a.parent_code, a.population, a.population_complete, a.has_geometry, a.covered_by,
       coalesce(sum(f.n), 0)::int AS count,
       json_object_agg(f.criterion, f.n) FILTER (WHERE f.criterion IS NOT NULL) AS by
     FROM areas a LEFT JOIN f ON f.code = a.code
     WHERE ${areaWhere}
     GROUP BY a.code ORDER BY a.code`, params)
  return rows.map(({ by, ...r }) => {
    const parsed = typeof by === 'string' ? JSON.parse(by) : by ?? {}
    const by_criterion: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }
    for (const k of Object.keys(parsed)) by_criterion[k] = Number(parsed[k])
    return { ...r, by_criterion }
  })
}

export function ratePer1000(count: number, population: number | null): number | null {
  if (population == null || population <= 0) return null
  return Math.round((count / population) * 1000 * 1000) / 1000
}

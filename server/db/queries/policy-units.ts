import type { Access } from '../../auth/roles.ts'
import { CellSums, type Counts6 } from '../../domain/disclosure.ts'
import type { Queryable } from '../types.ts'
import { areaScopeWhere, incidentWhere, KEY_SUM, TZ, type IncidentFilters } from './filters.ts'

/** The units the policy judges: villages and communes (and, for reports, districts and provinces). */
export type UnitLevel = 'village' | 'commune'
export type AnyLevel = UnitLevel | 'district' | 'province'
export const LEVEL_COLUMN: Record<AnyLevel, string> = {
  village: 'village_code',
  commune: 'commune_code',
  district: 'district_code',
  province: 'province_code',
}
export const CODE_LENGTH: Record<AnyLevel, number> = { province: 2, district: 4, commune: 6, village: 8 }

export interface Unit {
  code: string
  name_en: string
  name_km: string | null
  parent_code: string | null
  province_code: string
  lon: number | null
  lat: number | null
  population: number | null
  population_estimated: boolean
}

/** Villages or communes inside `area` (any level) and the actor's scope, with a point and a population. */
export async function unitsOf(
  q: Queryable,
  level: UnitLevel,
  opts: { area?: string | null; access: Access; codes?: string[] },
): Promise<Unit[]> {
  const params: unknown[] = []
  const conds: string[] = []
  if (opts.area) {
    params.push(opts.area)
    conds.push(`u.code LIKE $${params.length} || '%'`)
  }
  if (opts.codes) {
    params.push(opts.codes)
    conds.push(`u.code = ANY($${params.length}::text[])`)
  }
  conds.push(areaScopeWhere(opts.access, params, 'u'))
  const where = conds.join(' AND ')
  const rows =
    level === 'village'
      ? await q.query<Unit>(
          `SELECT u.code, u.name_en, u.name_km, u.commune_code AS parent_code, u.province_code,
         ST_X(u.geom) AS lon, ST_Y(u.geom) AS lat, u.population_est AS population, true AS population_estimated
       FROM villages u WHERE ${where} ORDER BY u.code`,
          params,
        )
      : await q.query<Unit>(
          `SELECT u.code, u.name_en, u.name_km, u.parent_code, left(u.code, 2) AS province_code,
         ST_X(coalesce(u.centroid, c.centroid)) AS lon, ST_Y(coalesce(u.centroid, c.centroid)) AS lat,
         u.population, false AS population_estimated
       FROM areas u LEFT JOIN areas c ON c.code = u.covered_by WHERE u.level = 'commune' AND ${where} ORDER BY u.code`,
          params,
        )
  return rows.map((r) => ({
    ...r,
    lon: r.lon == null ? null : Number(r.lon),
    lat: r.lat == null ? null : Number(r.lat),
    population: r.population == null ? null : Number(r.population),
  }))
}

/** Base cells per unit of a level: raw counts and key sums, criteria at 0..4 and the total at 5. */
export async function criterionCells(q: Queryable, level: AnyLevel, f: IncidentFilters): Promise<Map<string, CellSums>> {
  const params: unknown[] = []
  const where = incidentWhere(f, params)
  const col = LEVEL_COLUMN[level]
  const rows = await q.query<{ code: string; criterion: number; n: number; ks: number }>(
    `SELECT i.${col} AS code, i.criterion, count(*)::int AS n, ${KEY_SUM} AS ks FROM incidents i
     WHERE ${where} AND i.${col} IS NOT NULL GROUP BY 1, 2`,
    params,
  )
  const out = new Map<string, CellSums>()
  for (const r of rows) {
    let c = out.get(r.code)
    if (!c) out.set(r.code, (c = new CellSums(6)))
    c.add(Number(r.criterion) - 1, Number(r.n), Number(r.ks))
    c.add(5, Number(r.n), Number(r.ks))
  }
  return out
}

/**
 * Incident counts per unit of a level: criteria at 0..4, the total at 5. For a protected reader (access.k > 0,
 * viewers) each is the published cell (cell-key method; NaN = withheld), never the raw count.
 */
export async function criterionCounts(q: Queryable, level: AnyLevel, f: IncidentFilters): Promise<Map<string, Counts6>> {
  const cells = await criterionCells(q, level, f)
  return new Map([...cells].map(([code, c]) => [code, c.values(f.access.k)]))
}

export interface MonthlyCell {
  code: string
  month: string
  criterion: number
  n: number
  ks: number
}

/**
 * Base cells per unit, local month (YYYY-MM) and criterion, in one pass: raw counts and key sums. A caller sums
 * them into its periods with CellSums and publishes the sums for a protected reader.
 */
export async function monthlyCriterionCounts(q: Queryable, level: AnyLevel, f: IncidentFilters): Promise<MonthlyCell[]> {
  const params: unknown[] = []
  const where = incidentWhere(f, params)
  const col = LEVEL_COLUMN[level]
  const rows = await q.query<MonthlyCell>(
    `SELECT i.${col} AS code, to_char(i.occurred_at AT TIME ZONE '${TZ}', 'YYYY-MM') AS month, i.criterion, count(*)::int AS n, ${KEY_SUM} AS ks
     FROM incidents i WHERE ${where} AND i.${col} IS NOT NULL GROUP BY 1, 2, 3`,
    params,
  )
  return rows.map((r) => ({ ...r, criterion: Number(r.criterion), n: Number(r.n), ks: Number(r.ks) }))
}

/** All incidents of the filters as base cells (criteria at 0..4, total at 5). */
export async function incidentTotalCells(q: Queryable, f: IncidentFilters): Promise<CellSums> {
  const params: unknown[] = []
  const rows = await q.query<{ criterion: number; n: number; ks: number }>(
    `SELECT i.criterion, count(*)::int AS n, ${KEY_SUM} AS ks FROM incidents i WHERE ${incidentWhere(f, params)} GROUP BY 1`,
    params,
  )
  const c = new CellSums(6)
  for (const r of rows) {
    c.add(Number(r.criterion) - 1, Number(r.n), Number(r.ks))
    c.add(5, Number(r.n), Number(r.ks))
  }
  return c
}

/** All incidents of the filters (the figure a report's total must equal): criteria at 0..4, total at 5, published for a protected reader. */
export async function incidentTotal(q: Queryable, f: IncidentFilters): Promise<Counts6> {
  return (await incidentTotalCells(q, f)).values(f.access.k)
}

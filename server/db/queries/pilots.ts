import type { Queryable } from '../types.ts'

export interface PlanInput {
  name: string
  level: 'village' | 'commune'
  start_date: string
  rationale: string
  author: string
  areas: string[]
  synthetic?: boolean
}
export interface PlanRow {
  id: number
  name: string
  level: 'village' | 'commune'
  start_date: string
  rationale: string
  author: string
  synthetic: boolean
  created_at: string
  updated_at: string
  created_by: number | null
  areas: PlanArea[]
}
/** A plan's area, with its district's name (two communes may share a name: "Chrey" in Thma Koul and in Moung Ruessei). */
export interface PlanArea {
  code: string
  name_en: string
  name_km: string | null
  district_name_en: string | null
  district_name_km: string | null
  lon: number | null
  lat: number | null
}

/** Plans with their areas; an officer sees the plans with at least one area in the scope, and only those areas. */
export async function listPlans(q: Queryable, scope: string | null, id?: number): Promise<PlanRow[]> {
  const params: unknown[] = []
  const where: string[] = []
  if (id != null) {
    params.push(id)
    where.push(`p.id = $${params.length}`)
  }
  if (scope) {
    params.push(scope)
    where.push(`EXISTS (SELECT 1 FROM pilot_plan_areas s WHERE s.plan_id = p.id AND s.code LIKE $${params.length} || '%')`)
  }
  const plans = await q.query<Omit<PlanRow, 'areas'>>(
    `SELECT p.id::int AS id, p.name, p.level, to_char(p.start_date, 'YYYY-MM-DD') AS start_date, p.rationale, p.author, p.synthetic, p.created_by,
       to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at, to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at
     FROM pilot_plans p ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.created_at DESC, p.id DESC`,
    params,
  )
  if (!plans.length) return []
  const areas = await q.query<PlanArea & { plan_id: number }>(
    `SELECT s.plan_id::int AS plan_id, s.code, coalesce(v.name_en, a.name_en, s.code) AS name_en, coalesce(v.name_km, a.name_km) AS name_km,
       d.name_en AS district_name_en, d.name_km AS district_name_km,
       ST_X(coalesce(v.geom, a.centroid, ac.centroid)) AS lon, ST_Y(coalesce(v.geom, a.centroid, ac.centroid)) AS lat
     FROM pilot_plan_areas s LEFT JOIN villages v ON v.code = s.code LEFT JOIN areas a ON a.code = s.code LEFT JOIN areas ac ON ac.code = a.covered_by
       LEFT JOIN areas d ON d.code = left(s.code, 4) AND d.level = 'district'
     WHERE s.plan_id = ANY($1::bigint[]) ${scope ? `AND s.code LIKE $2 || '%'` : ''} ORDER BY s.code`,
    [plans.map((p) => p.id), ...(scope ? [scope] : [])],
  )
  const by = new Map<number, PlanRow['areas']>()
  for (const a of areas) {
    const list = by.get(Number(a.plan_id)) ?? []
    list.push({
      code: a.code,
      name_en: a.name_en,
      name_km: a.name_km,
      district_name_en: a.district_name_en,
      district_name_km: a.district_name_km,
      lon: a.lon == null ? null : Number(a.lon),
      lat: a.lat == null ? null : Number(a.lat),
    })
    by.set(Number(a.plan_id), list)
  }
  return plans.map((p) => ({ ...p, id: Number(p.id), areas: by.get(Number(p.id)) ?? [] }))
}

export async function insertPlan(q: Queryable, p: PlanInput, userId: number | null): Promise<number> {
  const [{ id }] = await q.query<{ id: number }>(
    `INSERT INTO pilot_plans (name, level, start_date, rationale, author, created_by, synthetic) VALUES ($1, $2, $3::date, $4, $5, $6, $7) RETURNING id::int AS id`,
    [p.name, p.level, p.start_date, p.rationale, p.author, userId, p.synthetic ?? false],
  )
  await q.query(`INSERT INTO pilot_plan_areas (plan_id, code) SELECT $1, unnest($2::text[])`, [id, p.areas])
  return Number(id)
}

export async function updatePlan(q: Queryable, id: number, p: PlanInput): Promise<void> {
  await q.query(`UPDATE pilot_plans SET name = $2, level = $3, start_date = $4::date, rationale = $5, updated_at = now() WHERE id = $1`, [
    id,
    p.name,
    p.level,
    p.start_date,
    p.rationale,
  ])
  await q.query('DELETE FROM pilot_plan_areas WHERE plan_id = $1', [id])
  await q.query(`INSERT INTO pilot_plan_areas (plan_id, code) SELECT $1, unnest($2::text[])`, [id, p.areas])
}

export async function deletePlan(q: Queryable, id: number): Promise<boolean> {
  return (await q.query('DELETE FROM pilot_plans WHERE id = $1 RETURNING id', [id])).length > 0
}

/** The codes among `codes` that are not villages (level village) or communes (level commune). */
export async function unknownCodes(q: Queryable, level: 'village' | 'commune', codes: string[]): Promise<string[]> {
  const rows = await q.query<{ code: string }>(
    level === 'village'
      ? `SELECT c AS code FROM unnest($1::text[]) c WHERE NOT EXISTS (SELECT 1 FROM villages v WHERE v.code = c)`
      : `SELECT c AS code FROM unnest($1::text[]) c WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = c AND a.level = 'commune')`,
    [codes],
  )
  return rows.map((r) => r.code)
}

export type DistrictNames = Map<string, { district_name_en: string; district_name_km: string | null }>

/** The names of the districts of these codes (any level below a district), by district code. */
export async function districtNames(q: Queryable, codes: string[]): Promise<DistrictNames> {
  return districtRows(q, `code = ANY($1::text[])`, [[...new Set(codes.map((c) => c.slice(0, 4)))]])
}

/** The names of the districts that overlap an area code (a province, district or below; all when null). */
export async function districtNamesIn(q: Queryable, area: string | null): Promise<DistrictNames> {
  return area ? districtRows(q, `code LIKE left($1, 4) || '%'`, [area]) : districtRows(q, 'true', [])
}

async function districtRows(q: Queryable, where: string, params: unknown[]): Promise<DistrictNames> {
  const rows = await q.query<{ code: string; name_en: string; name_km: string | null }>(
    `SELECT code, name_en, name_km FROM areas WHERE level = 'district' AND ${where}`,
    params,
  )
  return new Map(rows.map((r) => [r.code, { district_name_en: r.name_en, district_name_km: r.name_km }]))
}

import type { Queryable } from '../types.ts'

/** English and Khmer names of areas or villages by code. */
export async function areaNames(q: Queryable, codes: string[]): Promise<Map<string, { name_en: string; name_km: string | null }>> {
  if (!codes.length) return new Map()
  const rows = await q.query<{ code: string; name_en: string; name_km: string | null }>(
    `SELECT code, name_en, name_km FROM areas WHERE code = ANY($1::text[])
     UNION ALL SELECT code, name_en, name_km FROM villages WHERE code = ANY($1::text[])`,
    [codes],
  )
  return new Map(rows.map((r) => [r.code, r]))
}

import { z } from '@hono/zod-openapi'
import type { Access } from '../auth/roles.ts'
import type { Db } from '../db/types.ts'
import type { Thresholds } from '../domain/safety.ts'
import { TIME_LIMIT_MS } from '../compute/budgets.ts'
import { computePool } from '../compute/index.ts'
import { briefingData } from './briefing-data.ts'
import { areaCodeParam, criteriaParam, dateParam } from '../routes/params.ts'

/** The briefing's parameters (shared by the API and the CLI). */
export const briefingFields = z.object({
  area: areaCodeParam.optional(),
  from: dateParam,
  to: dateParam,
  criteria: criteriaParam.optional(),
  lang: z.enum(['en', 'km']).default('en'),
})
/** The rules between the fields, on any schema that has them. */
export function briefingRules<T extends z.ZodType<{ area?: string; from: string; to: string }>>(schema: T) {
  return schema
    .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
    .refine((q) => !q.area || q.area.length <= 6, {
      message: 'a briefing is for the country, a province, a district or a commune',
      path: ['area'],
    })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 5 * 366 * 86_400_000, {
      message: 'a briefing spans at most 5 years',
      path: ['to'],
    })
}
export const briefingQuery = briefingRules(briefingFields)

export type BriefingQuery = z.infer<typeof briefingQuery>

/** Gathers the data here (queries), then draws the PDF on a compute thread (canvas work), within its time limit. */
export async function buildBriefing(
  db: Db,
  p: BriefingQuery & { access: Access; thresholds: Thresholds; user: string; version: string },
  run: { signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  const data = await briefingData(db, {
    area: p.area,
    from: p.from,
    to: p.to,
    criteria: p.criteria,
    access: p.access,
    thresholds: p.thresholds,
    signal: run.signal,
  })
  const meta = {
    lang: p.lang,
    version: p.version,
    user: p.user,
    generated_at: new Date().toISOString(),
    request: { area: p.area, from: p.from, to: p.to, criteria: p.criteria?.join(','), lang: p.lang },
  }
  const transfer = data.density ? [data.density.grid.values.buffer as ArrayBuffer] : []
  return computePool().run('briefingPdf', { data, meta }, { timeoutMs: TIME_LIMIT_MS.briefing, signal: run.signal, transfer })
}

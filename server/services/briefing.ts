import { z } from '@hono/zod-openapi'
import type { Access } from '../auth/roles.ts'
import type { Db } from '../db/types.ts'
import type { Thresholds } from '../domain/safety.ts'
import { TIME_LIMIT_MS } from '../compute/budgets.ts'
import { computePool } from '../compute/index.ts'
import { briefingData } from './briefing-data.ts'
import { incidentSummary } from '../db/queries/incidents.ts'
import { defaultPeriod, periodRange } from '../../common/periods.ts'
import { areaCodeParam, criteriaParam, dateParam } from '../routes/params.ts'

const dates = 'leave out both from and to for the last complete quarter of the data'
/** The briefing's parameters (shared by the API and the CLI). */
export const briefingFields = z.object({
  area: areaCodeParam.optional(),
  from: dateParam.optional().openapi({ description: `first day (Asia/Phnom_Penh); ${dates}` }),
  to: dateParam.optional().openapi({ description: `last day, inclusive; ${dates}` }),
  criteria: criteriaParam.optional(),
  lang: z.enum(['en', 'km']).default('en'),
})
/** The rules between the fields, on any schema that has them. */
export function briefingRules<T extends z.ZodType<{ area?: string; from?: string; to?: string }>>(schema: T) {
  return schema.superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (q.area && q.area.length > 6) issue('area', 'a briefing is for the country, a province, a district or a commune')
    if (!q.from !== !q.to) return issue(q.from ? 'to' : 'from', `give both from and to, or ${dates}`)
    if (!q.from || !q.to) return
    if (q.from > q.to) issue('to', 'from must not be after to')
    else if (Date.parse(q.to) - Date.parse(q.from) > 5 * 366 * 86_400_000) issue('to', 'a briefing spans at most 5 years')
  })
}
export const briefingQuery = briefingRules(briefingFields)

export type BriefingQuery = z.infer<typeof briefingQuery>

/**
 * The briefing's dates: those asked for, else the last complete calendar quarter of the data the requester may
 * see (complete: the data run to its last day; common/periods.ts defaultPeriod).
 */
export async function briefingDates(db: Db, q: { from?: string; to?: string }, access: Access): Promise<{ from: string; to: string }> {
  if (q.from && q.to) return { from: q.from, to: q.to }
  const { last } = await incidentSummary(db, { access })
  return periodRange(defaultPeriod(last))
}

/** Gathers the data here (queries), then draws the PDF on a compute thread (canvas work), within its time limit. */
export async function buildBriefing(
  db: Db,
  p: BriefingQuery & { access: Access; thresholds: Thresholds; user: string; version: string },
  run: { signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  const { from, to } = await briefingDates(db, p, p.access)
  const data = await briefingData(db, {
    area: p.area,
    from,
    to,
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
    request: { area: p.area, from, to, criteria: p.criteria?.join(','), lang: p.lang },
  }
  const transfer = data.density ? [data.density.grid.values.buffer as ArrayBuffer] : []
  return computePool().run('briefingPdf', { data, meta }, { timeoutMs: TIME_LIMIT_MS.briefing, signal: run.signal, transfer })
}

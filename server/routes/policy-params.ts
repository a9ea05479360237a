import { z } from '@hono/zod-openapi'
import { period, periodsPerYear, type Period } from '../../common/periods.ts'
import { parseThresholds, type Thresholds } from '../domain/safety.ts'
import { HttpError } from './errors.ts'

/** ?period=&year=&index=: the web sends it too, so it lives in common/api. */
export { periodQuery } from '../../common/api/policy.ts'

/** Adds the rule between period and index; use on an object schema that extends periodQuery. */
export function checkedPeriod<T extends z.ZodType<{ period: Period['type']; index?: number }>>(schema: T) {
  return schema.superRefine((q, ctx) => {
    const n = periodsPerYear(q.period)
    if (q.period === 'year' && q.index != null) ctx.addIssue({ code: 'custom', path: ['index'], message: 'leave index out for a year' })
    else if (q.period !== 'year' && q.index == null)
      ctx.addIssue({ code: 'custom', path: ['index'], message: `give index (1 to ${n}) for a ${q.period}` })
    else if (q.period !== 'year' && q.index! > n)
      ctx.addIssue({ code: 'custom', path: ['index'], message: `index for a ${q.period} runs from 1 to ${n}` })
  })
}

export const toPeriod = (q: { period: Period['type']; year: number; index?: number }) => period(q.period, q.year, q.index)

export const thresholdsParam = z
  .string()
  .transform((s, ctx) => {
    try {
      return parseThresholds(s)
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message })
      return z.NEVER
    }
  })
  .openapi({
    type: 'string',
    example: '0,0,0,0,0',
    description: 'most incidents of each criterion a safe area may have (default: the server setting)',
  })

export type { Thresholds }

/** Village figures are asked for inside an area (the country has 14,826 villages); with `above`, an area above the level. */
export function checkUnitArea(q: { level: 'village' | 'commune'; area?: string }, what: string, above = false) {
  if (q.level === 'village' && !q.area)
    throw new HttpError(400, `village ${what} need an area (a province, district or commune code)`, 'area')
  if (above && q.area && q.area.length >= (q.level === 'village' ? 8 : 6))
    throw new HttpError(400, `area must be above the ${q.level} level`, 'area')
}

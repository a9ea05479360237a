import { z } from 'zod'

/** Query parameters the web sends to several routes; each rejects bad input with a message naming the rule. */
const isDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

export const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isDate, 'not a calendar date')
  .refine((s) => s >= '1990-01-01' && s <= '2100-12-31', 'dates run from 1990-01-01 to 2100-12-31')

export const criteriaParam = z
  .string()
  .regex(/^[1-5](,[1-5])*$/, 'expected criteria as a comma-separated list of 1 to 5, e.g. 1,3')
  .transform((s) => [...new Set(s.split(',').map(Number))].sort())
  .meta({ type: 'string', example: '1,3' })

export const MAX_BBOX_DEGREES = 10

export const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const n = s.split(',').map((x) => Number(x))
    if (n.length !== 4 || n.some((x) => !Number.isFinite(x) || s.trim() === '')) {
      ctx.addIssue({ code: 'custom', message: 'expected bbox as minLon,minLat,maxLon,maxLat' })
      return z.NEVER
    }
    const [a, b, c, d] = n
    if (a < -180 || c > 180 || b < -90 || d > 90 || a >= c || b >= d) {
      ctx.addIssue({ code: 'custom', message: 'bbox must have minLon < maxLon and minLat < maxLat within -180..180, -90..90' })
      return z.NEVER
    }
    if (c - a > MAX_BBOX_DEGREES || d - b > MAX_BBOX_DEGREES) {
      ctx.addIssue({ code: 'custom', message: `bbox is at most ${MAX_BBOX_DEGREES}° wide and tall (Cambodia is about 5.4° × 4.3°)` })
      return z.NEVER
    }
    return n as [number, number, number, number]
  })
  .meta({ type: 'string', example: '104.8,11.5,105.0,11.65' })

export const areaCodeParam = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{8})$/, 'expected an area code of 2, 4, 6 or 8 digits')

export const levelParam = z.enum(['province', 'district', 'commune'])

/** The map's filters: dates (inclusive, Phnom Penh), criteria and an area. */
export const filterQuery = z.object({
  from: dateParam.optional(),
  to: dateParam.optional(),
  criteria: criteriaParam.optional(),
  area: areaCodeParam.optional(),
})
/** The filters as the web writes them in a URL. */
export type FilterQuery = z.input<typeof filterQuery>

/** Adds the from <= to rule to an object schema that has from and to. */
export function orderedDates<T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) {
  return schema.refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
}

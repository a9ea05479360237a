import { createRoute, z } from '@hono/zod-openapi'
import { safetyFor, safetyTrend } from '../services/safety.ts'
import { HttpError } from './errors.ts'
import { areaCodeParam, dateParam, errorSchema } from './params.ts'
import { checkedPeriod, checkUnitArea, periodQuery, periodSchema, thresholdsParam, toPeriod } from './policy-params.ts'
import { router, type Deps } from './deps.ts'
import { PERIOD_TYPES } from '../domain/periods.ts'

const levelParam = z.enum(['commune', 'village'])
const bool5 = z.record(z.string(), z.boolean())
const count5 = z.record(z.string(), z.number().int().nullable())
const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } })

const statusRoute = createRoute({
  method: 'get',
  path: '/safety',
  request: {
    query: checkedPeriod(
      periodQuery.extend({ level: levelParam.default('commune'), area: areaCodeParam.optional(), thresholds: thresholdsParam.optional() }),
    ),
  },
  responses: {
    200: {
      description: 'Safe status of each village or commune of the area in the period: counts, pass/fail per criterion, safe',
      content: {
        'application/json': {
          schema: z
            .object({
              period: periodSchema,
              level: z.string(),
              thresholds: z.array(z.number()),
              rows: z.array(
                z.object({
                  code: z.string(),
                  name_en: z.string(),
                  name_km: z.string().nullable(),
                  parent_code: z.string().nullable(),
                  lon: z.number().nullable(),
                  lat: z.number().nullable(),
                  population: z.number().nullable(),
                  population_estimated: z.boolean(),
                  counts: count5,
                  pass: bool5,
                  safe: z.boolean(),
                }),
              ),
              summary: z.object({ areas: z.number(), safe: z.number(), share: z.number().nullable() }),
            })
            .openapi('SafeStatus'),
        },
      },
    },
    400: err('Bad input'),
  },
})

const trendRoute = createRoute({
  method: 'get',
  path: '/safety/trend',
  request: {
    query: z
      .object({
        period: z.enum(PERIOD_TYPES as unknown as ['month', 'quarter', 'semester', 'year']),
        from: dateParam,
        to: dateParam,
        level: levelParam.default('commune'),
        area: areaCodeParam.optional(),
        thresholds: thresholdsParam.optional(),
      })
      .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] }),
  },
  responses: {
    200: {
      description: 'Count and share of safe villages or communes per group (children of the area) and period',
      content: {
        'application/json': {
          schema: z
            .object({
              level: z.string(),
              thresholds: z.array(z.number()),
              periods: z.array(periodSchema),
              groups: z.array(
                z.object({
                  code: z.string(),
                  name_en: z.string(),
                  name_km: z.string().nullable(),
                  areas: z.number(),
                  safe: z.array(z.number()),
                  share: z.array(z.number().nullable()),
                }),
              ),
              total: z.object({ areas: z.number(), safe: z.array(z.number()), share: z.array(z.number().nullable()) }),
            })
            .openapi('SafeTrend'),
        },
      },
    },
    400: err('Bad input'),
  },
})

export function safetyRoutes({ db, policy }: Deps) {
  const r = router()
  r.openapi(statusRoute, async (c) => {
    const q = c.req.valid('query')
    checkUnitArea(q, 'figures', true)
    const period = toPeriod(q)
    const res = await safetyFor(db, {
      period,
      level: q.level,
      area: q.area,
      access: c.get('access'),
      thresholds: q.thresholds ?? policy.thresholds,
    })
    return c.json({ period, ...res }, 200)
  })
  r.openapi(trendRoute, async (c) => {
    const q = c.req.valid('query')
    checkUnitArea(q, 'figures', true)
    const months = (Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4))) * 12 + Number(q.to.slice(5, 7)) - Number(q.from.slice(5, 7))
    if (months > 12 * 20) throw new HttpError(400, 'a trend spans at most 20 years', 'to')
    if (q.period === 'month' && months > 120) throw new HttpError(400, 'a monthly trend spans at most 10 years', 'to')
    const res = await safetyTrend(db, {
      type: q.period,
      from: q.from,
      to: q.to,
      level: q.level,
      area: q.area,
      access: c.get('access'),
      thresholds: q.thresholds ?? policy.thresholds,
    })
    return c.json(res, 200)
  })
  return r
}

import { createRoute, z } from '@hono/zod-openapi'
import { safetyResponse, safetyTrendResponse } from '../../common/api/policy.ts'
import { safetyFor, safetyTrend } from '../services/safety.ts'
import { dataCover } from '../services/data-cover.ts'
import { HttpError } from './errors.ts'
import { areaCodeParam, dateParam, errorSchema, named } from './params.ts'
import { checkedPeriod, checkUnitArea, periodQuery, thresholdsParam, toPeriod } from './policy-params.ts'
import { router, type Deps } from './deps.ts'
import { isComplete, PERIOD_TYPES } from '../../common/periods.ts'

const levelParam = z.enum(['commune', 'village'])
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
          schema: named(safetyResponse, 'SafeStatus'),
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
          schema: named(safetyTrendResponse, 'SafeTrend'),
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
    const [res, data] = await Promise.all([
      safetyFor(db, {
        period,
        level: q.level,
        area: q.area,
        access: c.get('access'),
        thresholds: q.thresholds ?? policy.thresholds,
      }),
      dataCover(db, c.get('access')),
    ])
    return c.json({ period: { ...period, complete: isComplete(period, data.from, data.to) }, data, ...res }, 200)
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

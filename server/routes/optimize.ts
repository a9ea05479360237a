import { createRoute, z } from '@hono/zod-openapi'
import { evaluateResponse, optimizeAccepted } from '../../common/api/posts.ts'
import { computeFailure } from '../compute/http.ts'
import { getJob } from '../db/queries/jobs.ts'
import { evaluateProposal, startPlacement } from '../services/placement.ts'
import { HttpError } from './errors.ts'
import { areaCodeParam, computeErrors, dateParam, errorSchema, named } from './params.ts'
import { router, type Deps } from './deps.ts'

const body = z
  .object({
    problem: z.enum(['mclp', 'lscp', 'pmedian']),
    k: z
      .number()
      .int()
      .min(0, 'k is at least 0')
      .max(500, 'k is at most 500')
      .default(10)
      .openapi({ description: 'new posts (0 with relocate: only move existing ones)' }),
    radius_m: z.number().min(500, 'radius_m is at least 500').max(50_000, 'radius_m is at most 50 km').default(5000),
    area: areaCodeParam.optional(),
    weight: z
      .enum(['population', 'risk', 'hotspot'])
      .default('population')
      .openapi({ description: 'population; risk: × (1 + incident rate ÷ mean rate); hotspot: doubled in Gi* hot-spot villages' }),
    exact: z.boolean().default(false),
    coverage: z.number().gt(0).max(1).default(0.9).openapi({ description: 'LSCP: the share of the weighted demand to cover' }),
    time_limit_s: z
      .number()
      .min(1)
      .max(600)
      .default(60)
      .openapi({ description: 'the solve is stopped (its thread terminated) when it passes; HiGHS returns its best answer at 80% of it' }),
    budget: z
      .record(z.string().regex(/^\d{2}$/, 'budget keys are province codes'), z.number().int().min(0).max(500))
      .optional()
      .openapi({ description: 'most new posts per province, e.g. { "12": 3 }' }),
    candidates: z
      .array(z.object({ lon: z.number().min(102).max(108), lat: z.number().min(9.5).max(15), name: z.string().max(100).optional() }))
      .max(500)
      .optional(),
    relocate: z.number().int().min(0).max(500).default(0).openapi({ description: 'MCLP: how many existing posts may move' }),
    from: dateParam.optional(),
    to: dateParam.optional(),
  })
  .strict()

const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } })
const optimize = createRoute({
  method: 'post',
  path: '/posts/optimize',
  request: { body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: {
    202: {
      description: 'The solve runs as a job: poll GET /api/jobs/{id}',
      content: { 'application/json': { schema: optimizeAccepted } },
    },
    ...computeErrors,
    400: err('Bad input'),
    422: err('Over the placement budget (docs/limits.md): names `exact` or `k`'),
    429: err('A second exact job of the user, or over the heavy-work caps; Retry-After says when to try again'),
  },
})
const job = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  request: {
    params: z.object({
      id: z
        .string()
        .uuid('not a job id')
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    200: {
      description: 'The job: status, progress 0–1, stage, and the result when done',
      content: { 'application/json': { schema: z.object({}).passthrough() } },
    },
    404: err('No such job of yours'),
  },
})

const evaluate = createRoute({
  method: 'post',
  path: '/posts/evaluate',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              area: areaCodeParam.optional(),
              radius_m: z.number().min(500).max(50_000),
              proposed: z.array(z.object({ lon: z.number().min(102).max(108), lat: z.number().min(9.5).max(15) })).max(500),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Covered population with the existing posts, and with the proposed ones added',
      content: { 'application/json': { schema: named(evaluateResponse, 'ProposalCoverage') } },
    },
    400: err('Bad input'),
  },
})

export function optimizeRoutes({ db }: Deps) {
  return router()
    .openapi(evaluate, async (c) => {
      const b = c.req.valid('json')
      const actor = c.get('actor')!
      if (b.area && actor.scope && !b.area.startsWith(actor.scope))
        throw new HttpError(403, `area ${b.area} is outside your area ${actor.scope}`, 'area')
      return c.json(await evaluateProposal(db, c.get('access'), b), 200)
    })
    .openapi(optimize, async (c) => {
      const b = c.req.valid('json')
      const actor = c.get('actor')!
      if (b.area && actor.scope && !b.area.startsWith(actor.scope))
        throw new HttpError(403, `area ${b.area} is outside your area ${actor.scope}`, 'area')
      let id: string
      try {
        id = await startPlacement(db, actor, c.get('access'), b)
      } catch (e) {
        return computeFailure(c, db, e, 'optimize')
      }
      return c.json({ job: id, url: `/api/jobs/${id}` }, 202)
    })
    .openapi(job, async (c) => {
      const j = await getJob(db, c.req.valid('param').id, c.get('actor')!)
      if (!j) throw new HttpError(404, 'no such job of yours', 'id')
      const { params, ...rest } = j
      return c.json({ ...rest, params }, 200)
    })
}

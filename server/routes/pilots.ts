import { createRoute, z } from '@hono/zod-openapi'
import { pilotEvaluation, pilotPlan, pilotScoresResponse } from '../../common/api/pilots.ts'
import { audit } from '../auth/audit.ts'
import { withinScope } from '../auth/roles.ts'
import { DEFAULT_WEIGHTS, SCORE_TERMS } from '../analysis/pilot-score.ts'
import { deletePlan, insertPlan, listPlans, unknownCodes, updatePlan, type PlanRow } from '../db/queries/pilots.ts'
import { evaluatePlan, NotYetError } from '../services/pilot-evaluation.ts'
import { scorePilots } from '../services/pilot-scores.ts'
import { localToday } from '../../common/periods.ts'
import { HttpError } from './errors.ts'
import { checkUnitArea } from './policy-params.ts'
import { areaCodeParam, dateParam, errorSchema, orderedDates, named } from './params.ts'
import { router, type Deps } from './deps.ts'
import { demoPilot } from '../db/queries/dataset-meta.ts'

const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } })
const json = <S extends z.ZodType>(d: string, schema: S) => ({ description: d, content: { 'application/json': { schema } } })
/** The query key of a term's weight (w_rate, w_trend, …). */
const weightKey = <K extends (typeof SCORE_TERMS)[number]>(k: K) => `w_${k}` as const
const weight = z.coerce.number().min(0, 'a weight is at least 0').max(100, 'a weight is at most 100')
const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }),
})
const planFields = {
  name: z.string().trim().min(1, 'name is required').max(200, 'name is at most 200 characters'),
  level: z.enum(['village', 'commune']),
  start_date: dateParam,
  rationale: z.string().trim().max(5000, 'rationale is at most 5,000 characters'),
  areas: z
    .array(z.string().regex(/^(\d{6}|\d{8})$/, 'an area is a commune (6 digits) or village (8 digits) code'))
    .min(1, 'choose at least one area')
    .max(2000, 'at most 2,000 areas'),
}
const planBody = z.object(planFields).partial({ rationale: true }).strict()
const patchBody = z
  .object(planFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change', path: ['body'] })
const plan = named(pilotPlan, 'PilotPlan')

const scores = createRoute({
  method: 'get',
  path: '/pilots/scores',
  request: {
    query: orderedDates(
      z.object({
        level: z.enum(['village', 'commune']).default('commune'),
        area: areaCodeParam.optional(),
        from: dateParam.optional(),
        to: dateParam.optional(),
        limit: z.coerce.number().int().min(1).max(20_000).default(200),
        ...(Object.fromEntries(SCORE_TERMS.map((k) => [`w_${k}`, weight.optional()])) as Record<
          `w_${(typeof SCORE_TERMS)[number]}`,
          z.ZodOptional<typeof weight>
        >),
      }),
    ),
  },
  responses: {
    200: json(
      'Villages or communes ranked by the pilot priority index, with each term and the weights',
      named(pilotScoresResponse, 'PilotScores'),
    ),
    400: err('Bad input'),
  },
})
const list = createRoute({
  method: 'get',
  path: '/pilots/plans',
  responses: { 200: json('Saved pilot plans (an officer sees those touching the area)', z.array(plan)) },
})
const one = createRoute({
  method: 'get',
  path: '/pilots/plans/{id}',
  request: { params: idParam },
  responses: { 200: json('One plan', plan), 404: err('No such plan') },
})
const create = createRoute({
  method: 'post',
  path: '/pilots/plans',
  request: { body: { required: true, content: { 'application/json': { schema: planBody } } } },
  responses: { 201: json('Saved', plan), 400: err('Bad input'), 403: err('An area outside your area') },
})
const update = createRoute({
  method: 'patch',
  path: '/pilots/plans/{id}',
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: patchBody } } } },
  responses: { 200: json('Updated', plan), 400: err('Bad input'), 403: err('Not yours to change'), 404: err('No such plan') },
})
const remove = createRoute({
  method: 'delete',
  path: '/pilots/plans/{id}',
  request: { params: idParam },
  responses: { 200: json('Deleted', z.object({ deleted: z.number() })), 403: err('Not yours to delete'), 404: err('No such plan') },
})
const evaluation = createRoute({
  method: 'get',
  path: '/pilots/plans/{id}/evaluation',
  request: {
    params: idParam,
    query: z.object({
      controls: z.coerce.number().int().min(1).max(10).default(3),
      pre_months: z.coerce.number().int().min(3).max(120).default(24),
    }),
  },
  responses: {
    200: json(
      'Difference in differences against matched controls, with a 95% interval and monthly rates',
      named(pilotEvaluation, 'PilotEvaluation'),
    ),
    404: err('No such plan'),
    409: err('The plan has not started, or there is no data after its start'),
  },
})

export function pilotRoutes({ db, policy }: Deps) {
  const r = router()
  const visible = async (id: number, scope: string | null): Promise<PlanRow> => {
    const [p] = await listPlans(db, scope, id)
    if (!p) throw new HttpError(404, `no pilot plan ${id}`, 'id')
    return p
  }
  const check = async (b: { level: 'village' | 'commune'; areas: string[] }, scope: string | null) => {
    const wrong = b.areas.findIndex((a) => a.length !== (b.level === 'village' ? 8 : 6))
    if (wrong >= 0) {
      const code = b.areas[wrong]
      const is = code.length === 6 ? 'a commune code' : code.length === 8 ? 'a village code' : 'not a village or commune code'
      throw new HttpError(400, `areas[${wrong}]: ${code} is ${is}, but the plan's level is ${b.level}: give ${b.level} codes only`, 'areas')
    }
    const out = b.areas.find((a) => !withinScope(scope, a))
    if (out) throw new HttpError(403, `area ${out} is outside your area ${scope}`, 'areas')
    const unknown = await unknownCodes(db, b.level, b.areas)
    if (unknown.length) throw new HttpError(400, `no ${b.level} has the code ${unknown.slice(0, 5).join(', ')}`, 'areas')
  }
  /**
   * A plan the actor may change, whole: visible to them (an officer's area), and theirs unless they are an admin. An
   * officer may not change a plan of theirs that an admin has since extended beyond their area.
   */
  const ownPlan = async (id: number, actor: { id: number; role: string; scope: string | null }) => {
    const p = await visible(id, actor.scope)
    if (actor.role !== 'admin' && p.created_by !== actor.id)
      throw new HttpError(403, 'only the author of a plan or an admin may change it', 'id')
    const [whole] = await listPlans(db, null, id)
    if (!whole) throw new HttpError(404, `no pilot plan ${id}`, 'id')
    if (whole.areas.length !== p.areas.length)
      throw new HttpError(403, 'the plan reaches beyond your area: only an admin may change it', 'id')
    return whole
  }
  r.openapi(scores, async (c) => {
    const q = c.req.valid('query')
    checkUnitArea(q, 'scores')
    const weights = { ...DEFAULT_WEIGHTS }
    for (const k of SCORE_TERMS) weights[k] = q[weightKey(k)] ?? DEFAULT_WEIGHTS[k]
    if (!SCORE_TERMS.some((k) => weights[k] > 0)) throw new HttpError(400, 'at least one weight must be above 0', 'w_rate')
    return c.json(
      await scorePilots(db, {
        level: q.level,
        area: q.area,
        from: q.from,
        to: q.to,
        access: c.get('access'),
        weights,
        thresholds: policy.thresholds,
        limit: q.limit,
      }),
      200,
    )
  })
  r.openapi(list, async (c) => c.json(await listPlans(db, c.get('actor')!.scope), 200))
  r.openapi(one, async (c) => c.json(await visible(c.req.valid('param').id, c.get('actor')!.scope), 200))
  r.openapi(create, async (c) => {
    const b = c.req.valid('json')
    const actor = c.get('actor')!
    const areas = [...new Set(b.areas)].sort()
    await check({ level: b.level, areas }, actor.scope)
    const saved = await db.tx(async (q) => {
      const id = await insertPlan(q, { ...b, areas, rationale: b.rationale ?? '', author: actor.display_name || actor.username }, actor.id)
      const [p] = await listPlans(q, null, id)
      await audit(c, q, { action: 'create', entity: 'pilot_plan', entity_id: id, after: p })
      return p
    })
    return c.json(saved, 201)
  })
  r.openapi(update, async (c) => {
    const { id } = c.req.valid('param')
    const actor = c.get('actor')!
    const before = await ownPlan(id, actor)
    const b = {
      name: before.name,
      level: before.level,
      start_date: before.start_date,
      rationale: before.rationale,
      areas: before.areas.map((a) => a.code),
      ...c.req.valid('json'),
    }
    b.areas = [...new Set(b.areas)].sort()
    await check(b, actor.scope)
    const after = await db.tx(async (q) => {
      await updatePlan(q, id, { ...b, author: before.author })
      const [p] = await listPlans(q, null, id)
      await audit(c, q, { action: 'update', entity: 'pilot_plan', entity_id: id, before, after: p })
      return p
    })
    return c.json(after, 200)
  })
  r.openapi(remove, async (c) => {
    const { id } = c.req.valid('param')
    const actor = c.get('actor')!
    const before = await ownPlan(id, actor)
    await db.tx(async (q) => {
      if (!(await deletePlan(q, id))) throw new HttpError(404, `no pilot plan ${id}`, 'id')
      await audit(c, q, { action: 'delete', entity: 'pilot_plan', entity_id: id, before })
    })
    return c.json({ deleted: id }, 200)
  })
  r.openapi(evaluation, async (c) => {
    const { id } = c.req.valid('param')
    const q = c.req.valid('query')
    const plan = await visible(id, c.get('actor')!.scope)
    let planted = null
    if (plan.synthetic) {
      const raw = await demoPilot(db)
      const pilot = typeof raw === 'string' ? JSON.parse(raw) : raw
      if (pilot && pilot.start === plan.start_date) planted = { reduction: pilot.reduction, removed: pilot.removed }
    }
    try {
      return c.json(
        await evaluatePlan(db, plan, {
          access: c.get('access'),
          controls: q.controls,
          preMonths: q.pre_months,
          today: localToday(),
          planted,
        }),
        200,
      )
    } catch (e) {
      if (e instanceof NotYetError) throw new HttpError(409, e.message, 'start_date')
      throw e
    }
  })
  return r
}

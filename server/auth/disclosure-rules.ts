import type { Context, MiddlewareHandler } from 'hono'
import { aggregateMask } from '../db/queries/filters.ts'
import { maskedFloors } from '../domain/masking.ts'
import { MASKED_MIN_BANDWIDTH_M, MASKED_MIN_CELL_M, MASKED_MIN_WINDOW_DAYS, VIEWER_GRID_SIZES } from '../../common/privacy.ts'
import { daysBetween, periodOfRange } from '../../common/periods.ts'
import type { AppEnv } from '../routes/env.ts'
import { routeKey } from './middleware.ts'

/**
 * What a protected reader (a viewer, access.k > 0) may ask for. Every figure a viewer gets is a published cell of
 * the protected table (server/domain/disclosure.ts) on a fixed family of cells: an area or analysis unit × a
 * calendar period (or all dates) × one criterion or all five. Parameters that would cut new cells out of the same
 * records (any date window, any set of criteria, any threshold, any grid) would let repeated differences average
 * the perturbation away, so they are refused here with a 400 that says why. (Distance bands, bandwidths,
 * permutations only act on published values and stay free, within the budgets of server/compute.)
 */
const WINDOW_ROUTES = new Set([
  'GET /api/stats/areas',
  'GET /api/areas/:code',
  'GET /api/hotspots',
  'GET /api/density',
  'GET /api/exports/briefing.pdf',
  'GET /api/pilots/scores',
  'GET /api/posts/coverage',
  'GET /api/posts/service-areas',
  'GET /api/pilots/plans/:id/evaluation',
])
export const VIEWER_WINDOW_MESSAGE =
  'public figures are published for a calendar month, quarter, semester or year (from = its first day, to = its last day), or for all dates'

function refuse(c: Context, field: string, message: string) {
  return c.json({ error: message, issues: [{ field, path: [field], message }] }, 400)
}

function safePeriod(from: string, to: string) {
  try {
    return periodOfRange(from, to) != null
  } catch {
    return false
  }
}

/** The rule a viewer's query breaks, as [field, message], or null. */
export function viewerQueryProblem(key: string, q: Record<string, string | undefined>): [string, string] | null {
  if (WINDOW_ROUTES.has(key) && (q.from != null || q.to != null)) {
    // A malformed date is the route's own 400 (zod); here only whole calendar periods pass.
    const date = (s?: string) => s != null && /^\d{4}-\d{2}-\d{2}$/.test(s) && s >= '1990-01-01' && s <= '2100-12-31'
    if ((q.from == null) !== (q.to == null)) return [q.from == null ? 'from' : 'to', VIEWER_WINDOW_MESSAGE]
    if (date(q.from) && date(q.to) && !safePeriod(q.from!, q.to!)) return ['to', VIEWER_WINDOW_MESSAGE]
  }
  if (q.criteria != null) {
    const set = new Set(q.criteria.split(','))
    if (set.size > 1 && set.size < 5)
      return ['criteria', 'public figures are published for one criterion or for all five, not for other combinations']
  }
  if (q.thresholds != null)
    return [
      'thresholds',
      "public safe status uses the Ministry's thresholds; viewers cannot set their own (each threshold would test a withheld count)",
    ]
  if (key === 'GET /api/hotspots' && q.size != null && !VIEWER_GRID_SIZES.includes(Number(q.size))) {
    return [
      'size',
      `public hot spot grids come in ${VIEWER_GRID_SIZES.map((s) => s / 1000).join(' or ')} km cells (or the automatic size of optimized hot spots)`,
    ]
  }
  return null
}

/** Applies viewerQueryProblem to every API request of a protected reader (after authorize has set the access). */
export const viewerRules: MiddlewareHandler<AppEnv> = async (c, next) => {
  const access = c.get('access')
  if (!access || access.k <= 0 || !c.get('actor')) return next()
  const key = routeKey(c)
  if (!key) return next()
  const q: Record<string, string | undefined> = {}
  for (const name of ['from', 'to', 'criteria', 'thresholds', 'size']) q[name] = c.req.query(name)
  const problem = viewerQueryProblem(key, q)
  return problem ? refuse(c, problem[0], problem[1]) : next()
}

const SURFACE_ROUTES = new Set(['GET /api/hotspots', 'GET /api/density', 'GET /api/exports/briefing.pdf'])

/** Applies maskedFloors to an analyst's surface requests: short windows and fine grids refused, bandwidth raised. */
export const maskedRules: MiddlewareHandler<AppEnv> = async (c, next) => {
  const access = c.get('access')
  if (!access || access.k > 0 || !c.get('actor')) return next()
  const key = routeKey(c)
  if (!key || !SURFACE_ROUTES.has(key)) return next()
  const floors = maskedFloors(aggregateMask(access), c.req.query('criteria'))
  if (!floors) return next()
  const from = c.req.query('from'),
    to = c.req.query('to')
  const why = `criteria ${floors.criteria.join(',')} are masked for your role`
  if (
    from &&
    to &&
    /^\d{4}-\d{2}-\d{2}$/.test(from) &&
    /^\d{4}-\d{2}-\d{2}$/.test(to) &&
    daysBetween(from, to) + 1 < MASKED_MIN_WINDOW_DAYS
  ) {
    return refuse(c, 'to', `${why}: surfaces of them span at least ${MASKED_MIN_WINDOW_DAYS} days`)
  }
  for (const name of ['cell', 'size']) {
    const v = c.req.query(name)
    if (v != null && Number(v) > 0 && Number(v) < MASKED_MIN_CELL_M)
      return refuse(c, name, `${why}: their cells are at least ${MASKED_MIN_CELL_M} m`)
  }
  c.set('access', { ...access, minBandwidthM: Math.max(access.minBandwidthM, MASKED_MIN_BANDWIDTH_M) })
  c.set('masking', floors)
  return next()
}

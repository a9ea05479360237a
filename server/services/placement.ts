import { randomUUID } from 'node:crypto'
import proj4 from 'proj4'
import type { SolveInput } from '../analysis/location/solve.ts'
import { solveInThread } from '../compute/solve-thread.ts'
import type { Access, Actor } from '../auth/roles.ts'
import { UTM48N } from '../../common/geo.ts'
import { checkPlacement, CAPS } from '../compute/budgets.ts'
import { ComputeError, isComputeError } from '../compute/errors.ts'
import { demandVillages, incidentsByVillage, postPoints, villagePointCount } from '../db/queries/coverage-data.ts'
import { createJob, updateJob } from '../db/queries/jobs.ts'
import { buildInstance, demandWeights } from './placement-instance.ts'
import { placementResult } from './placement-result.ts'
import { coveredBy, postReach } from './placement-cover.ts'
import { COVERAGE_DEFINITION, DEFAULT_RADIUS } from '../../common/posts.ts'
import type { Db } from '../db/types.ts'

export type { PlacementRequest } from './placement-types.ts'
import type { PlacementRequest } from './placement-types.ts'

const toUtm = proj4('WGS84', UTM48N)

// Jobs and exact jobs running or queued, per user (this process).
const jobs = new Map<number, number>()
const exactJobs = new Map<number, number>()

/**
 * Builds the instance (villages of the area as demand and candidate sites, existing posts kept, the user's extra
 * candidates), starts the solve in a worker thread as a job, and returns the job id at once. Refused before any
 * work: over the placement budget (422 naming `exact` or `k`), a second exact job of the user, or more than
 * CAPS.jobsPerUser jobs of the user at once (429).
 */
export async function startPlacement(db: Db, actor: Actor, access: Access, r: PlacementRequest): Promise<string> {
  const demand = await demandCount(db, access, r.area)
  checkPlacement({ demand, sites: demand + (r.candidates?.length ?? 0), k: r.k, exact: r.exact })
  // Reserved with no await between the check and the reservation, so two requests cannot both pass.
  const all = jobs.get(actor.id) ?? 0,
    exact = exactJobs.get(actor.id) ?? 0
  if (r.exact && exact >= CAPS.exactJobsPerUser) {
    throw new ComputeError(
      'job_cap',
      `you already have ${exact} exact placement job running; at most ${CAPS.exactJobsPerUser} at once per user`,
      CAPS.retryAfterS,
    )
  }
  if (all >= CAPS.jobsPerUser)
    throw new ComputeError(
      'job_cap',
      `you already have ${all} placement jobs running; at most ${CAPS.jobsPerUser} at once per user`,
      CAPS.retryAfterS,
    )
  const count = (m: Map<number, number>, d: number) => m.set(actor.id, (m.get(actor.id) ?? 0) + d)
  count(jobs, 1)
  if (r.exact) count(exactJobs, 1)
  let held = true
  const release = () => {
    if (!held) return
    held = false
    count(jobs, -1)
    if (r.exact) count(exactJobs, -1)
  }
  const id = randomUUID()
  try {
    await createJob(db, { id, user_id: actor.id, kind: `posts.optimize.${r.problem}`, params: r })
  } catch (e) {
    release()
    throw e
  }
  // The reservations end before the final status is written, so a client that sees it may start the next job.
  void run(db, id, access, r, release)
    .catch(async (e) => {
      release()
      await updateJob(db, id, { status: 'failed', error: (e as Error).message }).catch(() => {})
    })
    .finally(release)
  return id
}

/** Villages with a point in the area (the demand and candidate sites of the instance). */
function demandCount(db: Db, access: Access, area?: string): Promise<number> {
  return villagePointCount(db, access, area)
}

/** The job: load villages and posts, weigh the demand, solve in a thread, write the result. */
async function run(db: Db, id: string, access: Access, r: PlacementRequest, release: () => void) {
  await updateJob(db, id, { status: 'running', progress: 0.02, stage: 'loading villages and posts' })
  const [villages, posts, inc] = await Promise.all([
    demandVillages(db, access, r.area),
    postPoints(db, access, r.area),
    r.weight === 'risk' ? incidentsByVillage(db, { access, area: r.area, from: r.from, to: r.to }) : Promise.resolve([]),
  ])
  if (!villages.length) throw new Error('no villages with a point in this area')
  const { w, note } = await demandWeights(db, id, access, r, villages, inc)
  const inst = buildInstance(r, villages, posts, w)
  await updateJob(db, id, { progress: 0.05, stage: 'solving' })
  const out = await solveWithProgress(db, id, inst.input, r.time_limit_s)
  const result = placementResult(r, inst, villages, posts, note, out)
  release()
  await updateJob(db, id, { status: 'done', progress: 1, stage: 'done', result })
}

/** Solves in a worker thread, writing progress at most every 250 ms; a time-out names time_limit_s. */
function solveWithProgress(db: Db, id: string, input: SolveInput, timeLimitS: number) {
  let last = 0
  return solveInThread(
    input,
    (p, stage) => {
      const now = Date.now()
      if (now - last > 250) {
        last = now
        void updateJob(db, id, { progress: 0.05 + 0.9 * p, stage }).catch(() => {})
      }
    },
    { timeoutMs: timeLimitS * 1000 },
  ).catch((e) => {
    if (isComputeError(e, 'time_limit'))
      throw new Error(`stopped: the solve passed its time limit (time_limit_s = ${timeLimitS}) and its thread was terminated`)
    throw e
  })
}

/**
 * Covered population with the existing posts (their type's radius, as the coverage endpoint) and with them plus the
 * proposed points (the planner's radius), for a dragged proposal.
 */
export async function evaluateProposal(
  db: Db,
  access: Access,
  r: { area?: string; radius_m: number; proposed: { lon: number; lat: number }[] },
) {
  const [villages, posts] = await Promise.all([demandVillages(db, access, r.area), postPoints(db, access, r.area)])
  const existing = posts.map(postReach)
  const extra = r.proposed.map((c) => {
    const [x, y] = toUtm.forward([c.lon, c.lat])
    return { x, y, radius: r.radius_m }
  })
  const before = coveredBy(villages, existing)
  const after = coveredBy(villages, [...existing, ...extra])
  return {
    population: Math.round(villages.reduce((s, v) => s + v.pop, 0)),
    villages: villages.length,
    radius_m: r.radius_m,
    existing_radius_m: DEFAULT_RADIUS,
    coverage: COVERAGE_DEFINITION,
    covered_before: before.population,
    covered_after: after.population,
    villages_covered_before: before.villages,
    villages_covered_after: after.villages,
  }
}

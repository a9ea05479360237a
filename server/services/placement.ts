import { randomUUID } from 'node:crypto'
import proj4 from 'proj4'
import { coverSets } from '../analysis/location/coverage.ts'
import type { SolveInput } from '../analysis/location/solve.ts'
import { solveInThread } from '../compute/solve-thread.ts'
import type { Access, Actor } from '../auth/roles.ts'
import { UTM48N } from '../../common/geo.ts'
import { checkPlacement, CAPS } from '../compute/budgets.ts'
import { ComputeError, isComputeError } from '../compute/errors.ts'
import { demandVillages, incidentsByVillage, postPoints, villagePointCount } from '../db/queries/coverage-data.ts'
import { createJob, updateJob } from '../db/queries/jobs.ts'
import type { HotspotsResponse } from '../../common/api/hotspots.ts'
import { hotspots } from './hotspots.ts'
import type { Db } from '../db/types.ts'

export interface PlacementRequest {
  problem: 'mclp' | 'lscp' | 'pmedian'
  k: number
  radius_m: number
  area?: string
  weight: 'population' | 'risk' | 'hotspot'
  exact: boolean
  coverage: number
  time_limit_s: number
  budget?: Record<string, number>
  candidates?: { lon: number; lat: number; name?: string }[]
  /** MCLP: how many existing posts may move (relocation). */
  relocate?: number
  from?: string
  to?: string
}

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

async function run(db: Db, id: string, access: Access, r: PlacementRequest, release: () => void) {
  await updateJob(db, id, { status: 'running', progress: 0.02, stage: 'loading villages and posts' })
  const [villages, posts, inc] = await Promise.all([
    demandVillages(db, access, r.area),
    postPoints(db, access, r.area),
    r.weight === 'risk' ? incidentsByVillage(db, { access, area: r.area, from: r.from, to: r.to }) : Promise.resolve([]),
  ])
  if (!villages.length) throw new Error('no villages with a point in this area')
  // Risk: population × (1 + the village's incident rate relative to the area's mean rate).
  const w = Float64Array.from(villages, (v) => v.pop)
  let weightNote = 'estimated village population'
  if (r.weight === 'risk') {
    const count = new Map<string, number>()
    for (const row of inc) count.set(row.village_code, (count.get(row.village_code) ?? 0) + row.n)
    const totalPop = villages.reduce((s, v) => s + v.pop, 0),
      totalInc = villages.reduce((s, v) => s + (count.get(v.code) ?? 0), 0)
    const mean = totalPop > 0 ? totalInc / totalPop : 0
    villages.forEach((v, i) => {
      const rate = v.pop > 0 ? (count.get(v.code) ?? 0) / v.pop : 0
      w[i] = v.pop * (1 + (mean > 0 ? rate / mean : 0))
    })
    weightNote = 'population × (1 + incident rate ÷ mean rate of the area)'
  }
  if (r.weight === 'hotspot') {
    // Gi* on villages (8 nearest neighbours) over the same incidents: villages in a hot spot at 95% or more count double.
    await updateJob(db, id, { progress: 0.03, stage: 'hot spots (Gi*)' })
    const fc: HotspotsResponse = JSON.parse(
      await hotspots(db, {
        method: 'gistar',
        unit: 'village',
        rate: false,
        fdr: false,
        permutations: 999,
        seed: 1,
        alpha: 0.05,
        step: 'month',
        filters: { access, from: r.from, to: r.to },
      }),
    )
    const hot = new Set<string>(fc.features.filter((f) => (f.properties.bin ?? 0) >= 2).map((f) => String(f.id)))
    villages.forEach((v, i) => {
      if (hot.has(v.code)) w[i] = v.pop * 2
    })
    weightNote = `population, doubled in the ${hot.size} villages of a Gi* hot spot (95% or more)`
  }
  const extra = (r.candidates ?? []).map((c) => {
    const [x, y] = toUtm.forward([c.lon, c.lat])
    return { ...c, x, y }
  })
  const provinces = [...new Set(villages.map((v) => v.province_code))].sort()
  const pIndex = new Map(provinces.map((p, i) => [p, i]))
  // A user-added candidate belongs to the province of its nearest village.
  const nearestVillage = (x: number, y: number) => {
    let b = 0,
      bd = Infinity
    villages.forEach((v, i) => {
      const d = (v.x - x) ** 2 + (v.y - y) ** 2
      if (d < bd) {
        bd = d
        b = i
      }
    })
    return b
  }
  const extraProv = extra.map((c) => villages[nearestVillage(c.x, c.y)].province_code)
  const input: SolveInput = {
    // HiGHS stops itself at 80% of the limit with its best answer; the pool terminates the thread at 100%.
    problem: r.problem,
    k: r.k,
    fraction: r.coverage,
    radius: r.radius_m,
    exact: r.exact,
    timeLimitS: Math.max(0.5, 0.8 * r.time_limit_s),
    demand: { x: Float64Array.from(villages, (v) => v.x), y: Float64Array.from(villages, (v) => v.y), w },
    sites: {
      x: Float64Array.from([...villages.map((v) => v.x), ...extra.map((c) => c.x)]),
      y: Float64Array.from([...villages.map((v) => v.y), ...extra.map((c) => c.y)]),
      group: Int32Array.from([...villages.map((v) => pIndex.get(v.province_code)!), ...extraProv.map((p) => pIndex.get(p)!)]),
    },
    existing: { x: Float64Array.from(posts, (p) => p.x), y: Float64Array.from(posts, (p) => p.y) },
    budget: Object.entries(r.budget ?? {})
      .filter(([p]) => pIndex.has(p))
      .map(([p, n]) => [pIndex.get(p)!, n]),
    moves: r.problem === 'mclp' ? (r.relocate ?? 0) : 0,
  }
  await updateJob(db, id, { progress: 0.05, stage: 'solving' })
  let last = 0
  const out = await solveInThread(
    input,
    (p, stage) => {
      const now = Date.now()
      if (now - last > 250) {
        last = now
        void updateJob(db, id, { progress: 0.05 + 0.9 * p, stage }).catch(() => {})
      }
    },
    { timeoutMs: r.time_limit_s * 1000 },
  ).catch((e) => {
    if (isComputeError(e, 'time_limit'))
      throw new Error(`stopped: the solve passed its time limit (time_limit_s = ${r.time_limit_s}) and its thread was terminated`)
    throw e
  })
  // Covered population before and after, within the radius, whatever the problem.
  const covered = (sites: number[], closed: number[] = []) => {
    const keep = posts.map((_, e) => e).filter((e) => !closed.includes(e))
    const all = coverSets(
      input.demand.x,
      input.demand.y,
      Float64Array.from([...keep.map((e) => input.existing.x[e]), ...sites.map((j) => input.sites.x[j])]),
      Float64Array.from([...keep.map((e) => input.existing.y[e]), ...sites.map((j) => input.sites.y[j])]),
      r.radius_m,
    )
    const hit = new Uint8Array(villages.length)
    for (const i of all.items) hit[i] = 1
    let pop = 0
    villages.forEach((v, i) => {
      if (hit[i]) pop += v.pop
    })
    return Math.round(pop)
  }
  const proposed = out.chosen.map((j) => {
    if (j < villages.length) {
      const v = villages[j]
      const [lon, lat] = toUtm.inverse([v.x, v.y])
      return {
        lon,
        lat,
        village_code: v.code,
        name_en: v.name_en,
        name_km: v.name_km,
        commune_code: v.commune_code,
        province_code: v.province_code,
        user_candidate: false,
      }
    }
    const c = extra[j - villages.length]
    return {
      lon: c.lon,
      lat: c.lat,
      village_code: null,
      name_en: c.name ?? 'Candidate',
      name_km: null,
      commune_code: null,
      province_code: extraProv[j - villages.length],
      user_candidate: true,
    }
  })
  const result = {
    problem: r.problem,
    solver: out.solver,
    status: out.status,
    objective: out.objective,
    bound: out.bound,
    gap: out.gap,
    ms: Math.round(out.ms),
    greedy: out.greedy,
    weight: weightNote,
    radius_m: r.radius_m,
    distances: 'planar in EPSG:32648 (UTM 48N)',
    demand_points: villages.length,
    candidate_sites: villages.length + extra.length,
    existing_posts: posts.length,
    population: Math.round(villages.reduce((s, v) => s + v.pop, 0)),
    covered_before: covered([]),
    covered_after: covered(out.chosen, out.closed),
    ...(r.problem === 'pmedian'
      ? { weighted_distance_before: Math.round(out.before), weighted_distance_after: Math.round(out.after) }
      : {}),
    ...(out.closed
      ? {
          relocate: r.relocate,
          moved_away: out.closed.map((e) => ({
            id: posts[e].id,
            code: posts[e].code,
            name_en: posts[e].name_en,
            name_km: posts[e].name_km,
            lon: posts[e].lon,
            lat: posts[e].lat,
          })),
        }
      : {}),
    proposed,
  }
  release()
  await updateJob(db, id, { status: 'done', progress: 1, stage: 'done', result })
}

/** Covered population with the existing posts and with them plus the proposed points (for a dragged proposal). */
export async function evaluateProposal(
  db: Db,
  access: Access,
  r: { area?: string; radius_m: number; proposed: { lon: number; lat: number }[] },
) {
  const [villages, posts] = await Promise.all([demandVillages(db, access, r.area), postPoints(db, access, r.area)])
  const dx = Float64Array.from(villages, (v) => v.x),
    dy = Float64Array.from(villages, (v) => v.y)
  const extra = r.proposed.map((c) => toUtm.forward([c.lon, c.lat]))
  const count = (sx: number[], sy: number[]) => {
    const hit = new Uint8Array(villages.length)
    for (const i of coverSets(dx, dy, Float64Array.from(sx), Float64Array.from(sy), r.radius_m).items) hit[i] = 1
    let pop = 0,
      n = 0
    villages.forEach((v, i) => {
      if (hit[i]) {
        pop += v.pop
        n++
      }
    })
    return { population: Math.round(pop), villages: n }
  }
  const before = count(
    posts.map((p) => p.x),
    posts.map((p) => p.y),
  )
  const after = count([...posts.map((p) => p.x), ...extra.map((e) => e[0])], [...posts.map((p) => p.y), ...extra.map((e) => e[1])])
  return {
    population: Math.round(villages.reduce((s, v) => s + v.pop, 0)),
    villages: villages.length,
    radius_m: r.radius_m,
    covered_before: before.population,
    covered_after: after.population,
    villages_covered_before: before.villages,
    villages_covered_after: after.villages,
  }
}

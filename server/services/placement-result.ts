import proj4 from 'proj4'
import type { SolveInput, SolveOutput } from '../analysis/location/solve.ts'
import { UTM48N } from '../../common/geo.ts'
import type { VillageDemand } from '../db/queries/coverage-data.ts'
import type { PlacementRequest } from './placement-types.ts'
import type { Extra, Post } from './placement-instance.ts'
import { coveredBy, postReach } from './placement-cover.ts'
import { COVERAGE_DEFINITION, DEFAULT_RADIUS } from '../../common/posts.ts'

const toUtm = proj4('WGS84', UTM48N)

/** Population covered by the kept existing posts (their type's radius) and the given sites (the planner's radius). */
function coveredPopulation(input: SolveInput, villages: VillageDemand[], posts: Post[], sites: number[], closed: number[] = []) {
  const kept = posts.filter((_, e) => !closed.includes(e)).map(postReach)
  const added = sites.map((j) => ({ x: input.sites.x[j], y: input.sites.y[j], radius: input.radius }))
  return coveredBy(villages, [...kept, ...added]).population
}

/** A chosen site as a proposed point: a village, or one of the user's candidates. */
function proposedSite(j: number, villages: VillageDemand[], extra: Extra[], extraProv: string[]) {
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
}

/** The job's result: the solve, covered population before and after (within the radius, whatever the problem). */
export function placementResult(
  r: PlacementRequest,
  inst: { input: SolveInput; extra: Extra[]; extraProv: string[] },
  villages: VillageDemand[],
  posts: Post[],
  weightNote: string,
  out: SolveOutput,
) {
  const { input, extra, extraProv } = inst
  const proposed = out.chosen.map((j) => proposedSite(j, villages, extra, extraProv))
  return {
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
    existing_radius_m: DEFAULT_RADIUS,
    coverage: COVERAGE_DEFINITION,
    distances: 'planar in EPSG:32648 (UTM 48N)',
    demand_points: villages.length,
    candidate_sites: villages.length + extra.length,
    existing_posts: posts.length,
    population: Math.round(villages.reduce((s, v) => s + v.pop, 0)),
    covered_before: coveredPopulation(input, villages, posts, []),
    covered_after: coveredPopulation(input, villages, posts, out.chosen, out.closed),
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
}

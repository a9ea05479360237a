import proj4 from 'proj4'
import type { SolveInput } from '../analysis/location/solve.ts'
import type { Access } from '../auth/roles.ts'
import { UTM48N } from '../../common/geo.ts'
import type { HotspotsResponse } from '../../common/api/hotspots.ts'
import type { incidentsByVillage, postPoints, VillageDemand } from '../db/queries/coverage-data.ts'
import { updateJob } from '../db/queries/jobs.ts'
import type { Db } from '../db/types.ts'
import { hotspots } from './hotspots.ts'
import { postReach } from './placement-cover.ts'
import type { PlacementRequest } from './placement-types.ts'

export type Post = Awaited<ReturnType<typeof postPoints>>[number]
type VillageIncidents = Awaited<ReturnType<typeof incidentsByVillage>>
/** A user-added candidate site, with its UTM 48N metres. */
export type Extra = NonNullable<PlacementRequest['candidates']>[number] & { x: number; y: number }

const toUtm = proj4('WGS84', UTM48N)

/** The demand weight of each village and a note saying how it was made. */
export async function demandWeights(
  db: Db,
  id: string,
  access: Access,
  r: PlacementRequest,
  villages: VillageDemand[],
  inc: VillageIncidents,
): Promise<{ w: Float64Array; note: string }> {
  if (r.weight === 'risk') return riskWeights(villages, inc)
  if (r.weight === 'hotspot') {
    await updateJob(db, id, { progress: 0.03, stage: 'hot spots (Gi*)' })
    return hotspotWeights(db, access, r, villages)
  }
  return { w: Float64Array.from(villages, (v) => v.pop), note: 'estimated village population' }
}

/** Risk: population × (1 + the village's incident rate relative to the area's mean rate). */
function riskWeights(villages: VillageDemand[], inc: VillageIncidents) {
  const count = new Map<string, number>()
  for (const row of inc) count.set(row.village_code, (count.get(row.village_code) ?? 0) + row.n)
  const totalPop = villages.reduce((s, v) => s + v.pop, 0),
    totalInc = villages.reduce((s, v) => s + (count.get(v.code) ?? 0), 0)
  const mean = totalPop > 0 ? totalInc / totalPop : 0
  const w = Float64Array.from(villages, (v) => {
    const rate = v.pop > 0 ? (count.get(v.code) ?? 0) / v.pop : 0
    return v.pop * (1 + (mean > 0 ? rate / mean : 0))
  })
  return { w, note: 'population × (1 + incident rate ÷ mean rate of the area)' }
}

/** Gi* on villages (8 nearest neighbours) over the same incidents: villages in a hot spot at 95% or more count double. */
async function hotspotWeights(db: Db, access: Access, r: PlacementRequest, villages: VillageDemand[]) {
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
  const w = Float64Array.from(villages, (v) => (hot.has(v.code) ? v.pop * 2 : v.pop))
  return { w, note: `population, doubled in the ${hot.size} villages of a Gi* hot spot (95% or more)` }
}

/** Index of the village nearest to (x, y). */
function nearestVillage(villages: VillageDemand[], x: number, y: number) {
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

/** The solver's instance: villages as demand and sites, then the user's candidates; existing posts kept. */
export function buildInstance(r: PlacementRequest, villages: VillageDemand[], posts: Post[], w: Float64Array) {
  const extra: Extra[] = (r.candidates ?? []).map((c) => {
    const [x, y] = toUtm.forward([c.lon, c.lat])
    return { ...c, x, y }
  })
  const provinces = [...new Set(villages.map((v) => v.province_code))].sort()
  const pIndex = new Map(provinces.map((p, i) => [p, i]))
  // A user-added candidate belongs to the province of its nearest village.
  const extraProv = extra.map((c) => villages[nearestVillage(villages, c.x, c.y)].province_code)
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
    // Existing posts reach their type's radius (common/posts.ts), as in the coverage endpoint.
    existing: {
      x: Float64Array.from(posts, (p) => p.x),
      y: Float64Array.from(posts, (p) => p.y),
      radius: Float64Array.from(posts, (p) => postReach(p).radius),
    },
    budget: Object.entries(r.budget ?? {})
      .filter(([p]) => pIndex.has(p))
      .map(([p, n]) => [pIndex.get(p)!, n]),
    moves: r.problem === 'mclp' ? (r.relocate ?? 0) : 0,
  }
  return { input, extra, extraProv }
}

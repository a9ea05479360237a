import { serviceAreas, sumByPost, type ServiceResult } from '../analysis/location/service.ts'
import type { Access } from '../auth/roles.ts'
import { demandVillages, incidentsByVillage, postPoints, type VillageDemand } from '../db/queries/coverage-data.ts'
import type { PostType } from '../db/queries/posts.ts'
import type { Db } from '../db/types.ts'
import { DEFAULT_RADIUS } from '../domain/posts.ts'
import { CellSums, KEY_MOD } from '../domain/disclosure.ts'
import { suppressCount } from '../domain/suppression.ts'

export interface CoverageParams {
  access: Access
  area?: string
  radius?: Partial<Record<PostType, number>>
  from?: string
  to?: string
  gaps?: number
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d

type Post = Awaited<ReturnType<typeof postPoints>>[number]
type Incidents = Awaited<ReturnType<typeof incidentsByVillage>>

/** Who is covered, the load on each post (population, villages, incidents by criterion, each per officer), and the gaps. */
export async function coverage(db: Db, p: CoverageParams) {
  const t0 = performance.now()
  const radius = { ...DEFAULT_RADIUS, ...p.radius }
  const [posts, villages, inc] = await Promise.all([
    postPoints(db, p.access, p.area),
    demandVillages(db, p.access, p.area),
    incidentsByVillage(db, { access: p.access, area: p.area, from: p.from, to: p.to }),
  ])
  const r = serviceAreas(
    {
      x: Float64Array.from(posts, (q) => q.x),
      y: Float64Array.from(posts, (q) => q.y),
      radius: Float64Array.from(posts, (q) => radius[q.post_type as PostType] ?? 5000),
      staff: Float64Array.from(posts, (q) => q.staff),
    },
    {
      x: Float64Array.from(villages, (v) => v.x),
      y: Float64Array.from(villages, (v) => v.y),
      w: Float64Array.from(villages, (v) => v.pop),
    },
  )
  const load = incidentLoads(villages, inc, r, posts.length)
  const postRows = posts.map((q, j) => postRow(q, j, r, radius, load, p.access.k))
  return {
    method: {
      distances: 'planar in EPSG:32648 (UTM 48N; scale error under 0.1% across Cambodia)',
      load: 'each village counts for its nearest post (Voronoi cell)',
      radius_m: radius,
      population: 'village estimates from the 2011 commune census (estimated)',
    },
    totals: {
      posts: posts.length,
      staff: posts.reduce((s, q) => s + q.staff, 0),
      population: Math.round(r.totalWeight),
      covered: Math.round(r.coveredWeight),
      share: r.totalWeight > 0 ? round(r.coveredWeight / r.totalWeight, 4) : null,
      villages: villages.length,
      villages_covered: r.covered.reduce((s, c) => s + c, 0),
    },
    posts: postRows,
    gaps: gapList(villages, r, p.gaps ?? 500),
    communes: rollUp(villages, r, 'commune_code'),
    provinces: rollUp(villages, r, 'province_code'),
    synthetic_posts: posts.some((q) => q.synthetic),
    took_ms: Math.round(performance.now() - t0),
  }
}

/**
 * Counts and key sums per post and criterion, from its villages' incidents; a post's load is a cell of its own,
 * published for a viewer (server/domain/disclosure.ts).
 */
function incidentLoads(villages: VillageDemand[], inc: Incidents, r: ServiceResult, nPosts: number) {
  const vIndex = new Map(villages.map((v, i) => [v.code, i]))
  const byCrit = Array.from({ length: 5 }, () => new Float64Array(villages.length))
  const keyCrit = Array.from({ length: 5 }, () => new Float64Array(villages.length))
  for (const row of inc) {
    const i = vIndex.get(row.village_code)
    if (i != null) {
      byCrit[row.criterion - 1][i] += row.n
      keyCrit[row.criterion - 1][i] += row.ks
    }
  }
  return { perPost: byCrit.map((a) => sumByPost(r, nPosts, a)), keysPerPost: keyCrit.map((a) => sumByPost(r, nPosts, a)) }
}

/** One post: who it serves and its published incident load, each per officer. */
function postRow(
  q: Post,
  j: number,
  r: ServiceResult,
  radius: Record<PostType, number>,
  load: { perPost: Float64Array[]; keysPerPost: Float64Array[] },
  k: number,
) {
  const { perPost, keysPerPost } = load
  const cells = new CellSums(6)
  for (let c = 0; c < 5; c++) {
    cells.add(c, perPost[c][j], keysPerPost[c][j] % KEY_MOD)
    cells.add(5, perPost[c][j], keysPerPost[c][j] % KEY_MOD)
  }
  const v = cells.values(k)
  const counts: Record<string, number | null> = {}
  for (let c = 0; c < 5; c++) counts[String(c + 1)] = suppressCount(v[c])
  const total = v[5]
  const shownTotal = suppressCount(total)
  return {
    id: q.id,
    code: q.code,
    name_en: q.name_en,
    name_km: q.name_km,
    post_type: q.post_type,
    staff: q.staff,
    commune_code: q.commune_code,
    synthetic: q.synthetic,
    lon: q.lon,
    lat: q.lat,
    radius_m: radius[q.post_type as PostType],
    population_served: Math.round(r.served[j]),
    villages: r.servedCount[j],
    incidents: { ...counts, total: shownTotal },
    // Each figure per officer (none for a post without staff); withheld counts stay withheld.
    per_officer:
      q.staff > 0
        ? {
            population: round(r.served[j] / q.staff, 1),
            villages: round(r.servedCount[j] / q.staff, 2),
            incidents: Object.fromEntries([
              ...Object.entries(counts).map(([c, v]) => [c, v == null ? null : round(v / q.staff, 3)]),
              ['total', shownTotal == null ? null : round(total / q.staff, 3)],
            ]),
          }
        : null,
  }
}

/** Coverage per commune or per province. */
function rollUp(villages: VillageDemand[], r: ServiceResult, key: 'commune_code' | 'province_code') {
  const m = new Map<string, { population: number; covered: number; villages: number; villages_covered: number }>()
  villages.forEach((v, i) => {
    const a = m.get(v[key]) ?? { population: 0, covered: 0, villages: 0, villages_covered: 0 }
    a.population += v.pop
    a.villages++
    if (r.covered[i]) {
      a.covered += v.pop
      a.villages_covered++
    }
    m.set(v[key], a)
  })
  return [...m].map(([code, a]) => ({
    code,
    population: Math.round(a.population),
    covered: Math.round(a.covered),
    share: a.population > 0 ? round(a.covered / a.population, 4) : null,
    villages: a.villages,
    villages_covered: a.villages_covered,
  }))
}

/** The uncovered villages, largest first (the first `limit` listed). */
function gapList(villages: VillageDemand[], r: ServiceResult, limit: number) {
  const gaps = villages
    .map((v, i) => ({ v, i }))
    .filter(({ i }) => !r.covered[i])
    .sort((a, b) => b.v.pop - a.v.pop)
  return {
    villages: gaps.length,
    population: Math.round(gaps.reduce((s, g) => s + g.v.pop, 0)),
    list: gaps.slice(0, limit).map(({ v, i }) => ({
      code: v.code,
      lon: v.lon,
      lat: v.lat,
      name_en: v.name_en,
      name_km: v.name_km,
      commune_code: v.commune_code,
      population: Math.round(v.pop),
      population_estimated: true,
      nearest_post_m: Math.round(r.distance[i]),
    })),
  }
}

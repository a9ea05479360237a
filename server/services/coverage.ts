import { serviceAreas, type ServiceResult } from '../analysis/location/service.ts'
import type { Access } from '../auth/roles.ts'
import { demandVillages, incidentsByVillage, postPoints, type VillageDemand } from '../db/queries/coverage-data.ts'
import { COVERAGE_DEFINITION, POPULATION_BASIS } from '../../common/posts.ts'
import { backedPosts, nearestLoad, publishedLoad, takesNearest, type RawLoad } from './coverage-load.ts'
import type { PostType } from '../db/queries/posts.ts'
import type { Db } from '../db/types.ts'
import { DEFAULT_RADIUS } from '../domain/posts.ts'

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

/**
 * Who is covered (common/posts.ts: radius by post type), the load on each post (population, villages, incidents by
 * criterion, each per officer: nearest-post load for commune posts, backing-up load for district stations and
 * provincial HQs), and the gaps.
 */
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
      radius: Float64Array.from(posts, (q) => radius[q.post_type as PostType] ?? DEFAULT_RADIUS.commune_post),
      staff: Float64Array.from(posts, (q) => q.staff),
    },
    {
      x: Float64Array.from(villages, (v) => v.x),
      y: Float64Array.from(villages, (v) => v.y),
      w: Float64Array.from(villages, (v) => v.pop),
    },
  )
  const raw = nearestLoad(posts, villages, inc)
  const postRows = posts.map((q, j) => postRow(posts, j, raw, radius, p.access.k))
  return {
    method: {
      distances: 'planar in EPSG:32648 (UTM 48N; scale error under 0.1% across Cambodia)',
      load: 'each village counts for its nearest commune post (Voronoi cell of the commune posts)',
      radius_m: radius,
      population: POPULATION_BASIS,
      coverage: COVERAGE_DEFINITION,
      backup:
        'district stations and provincial HQs take no nearest-post load; each backs up the commune posts of its district or province, its backup load the sum of theirs',
    },
    totals: {
      posts: posts.length,
      staff: posts.reduce((s, q) => s + q.staff, 0),
      population: Math.round(r.totalWeight),
      population_basis: 'villages_with_point_estimated' as const,
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

/** One post: its nearest-post load, and for a district station or provincial HQ the load of the posts it backs up. */
function postRow(posts: Post[], j: number, raw: RawLoad, radius: Record<PostType, number>, k: number) {
  const q = posts[j]
  const own = publishedLoad(raw, [j], q.staff, k)
  const backed = takesNearest(q) ? null : backedPosts(posts, j)
  const backup = backed ? publishedLoad(raw, backed, q.staff, k) : null
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
    population_served: own.population,
    villages: own.villages,
    incidents: own.incidents,
    per_officer: own.per_officer,
    load_basis: takesNearest(q) ? ('nearest' as const) : ('backup' as const),
    backup: backup && backed ? { posts: backed.length, ...backup } : null,
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

import { serviceAreas, sumByPost } from '../analysis/location/service.ts'
import type { incidentsByVillage, postPoints, VillageDemand } from '../db/queries/coverage-data.ts'
import { BACKUP_PREFIX, NEAREST_LOAD_TYPES, type PostType } from '../../common/posts.ts'
import { CellSums, KEY_MOD } from '../domain/disclosure.ts'
import { suppressCount } from '../domain/suppression.ts'

type Post = Awaited<ReturnType<typeof postPoints>>[number]
type Incidents = Awaited<ReturnType<typeof incidentsByVillage>>

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d

/** Raw load per post (index over all posts): population, villages, incidents and key sums by criterion. */
export interface RawLoad {
  served: Float64Array
  villages: Float64Array
  crit: Float64Array[]
  keys: Float64Array[]
}

export const takesNearest = (p: Post) => NEAREST_LOAD_TYPES.includes(p.post_type as PostType)

/**
 * Nearest-post load: each village counts for its nearest post among those that take it (commune posts); district
 * stations and provincial HQs get none.
 */
export function nearestLoad(posts: Post[], villages: VillageDemand[], inc: Incidents): RawLoad {
  const idx = posts.flatMap((p, j) => (takesNearest(p) ? [j] : []))
  const r = serviceAreas(
    {
      x: Float64Array.from(idx, (j) => posts[j].x),
      y: Float64Array.from(idx, (j) => posts[j].y),
      radius: new Float64Array(idx.length),
      staff: Float64Array.from(idx, (j) => posts[j].staff),
    },
    {
      x: Float64Array.from(villages, (v) => v.x),
      y: Float64Array.from(villages, (v) => v.y),
      w: Float64Array.from(villages, (v) => v.pop),
    },
  )
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
  // Spread the sums over the subset back onto all posts.
  const spread = (a: ArrayLike<number>) => {
    const out = new Float64Array(posts.length)
    idx.forEach((j, s) => {
      out[j] = a[s]
    })
    return out
  }
  return {
    served: spread(r.served),
    villages: spread(r.servedCount),
    crit: byCrit.map((a) => spread(sumByPost(r, idx.length, a))),
    keys: keyCrit.map((a) => spread(sumByPost(r, idx.length, a))),
  }
}

/** The nearest-load posts a district station (same district) or provincial HQ (same province) backs up. */
export function backedPosts(posts: Post[], j: number): number[] | null {
  const len = BACKUP_PREFIX[posts[j].post_type as PostType]
  const code = posts[j].commune_code
  if (!len || !code) return null
  const prefix = code.slice(0, len)
  return posts.flatMap((p, i) => (takesNearest(p) && p.commune_code?.startsWith(prefix) ? [i] : []))
}

/** The published load of a set of posts (one post, or those backed up), each figure also per officer of `staff`. */
export function publishedLoad(raw: RawLoad, of: number[], staff: number, k: number) {
  const cells = new CellSums(6)
  let served = 0,
    villages = 0
  for (const j of of) {
    served += raw.served[j]
    villages += raw.villages[j]
    for (let c = 0; c < 5; c++) {
      cells.add(c, raw.crit[c][j], raw.keys[c][j] % KEY_MOD)
      cells.add(5, raw.crit[c][j], raw.keys[c][j] % KEY_MOD)
    }
  }
  const v = cells.values(k)
  const counts: Record<string, number | null> = {}
  for (let c = 0; c < 5; c++) counts[String(c + 1)] = suppressCount(v[c])
  const shownTotal = suppressCount(v[5])
  return {
    population: Math.round(served),
    villages,
    incidents: { ...counts, total: shownTotal },
    // Each figure per officer (none without staff); withheld counts stay withheld.
    per_officer:
      staff > 0
        ? {
            population: round(served / staff, 1),
            villages: round(villages / staff, 2),
            incidents: Object.fromEntries([
              ...Object.entries(counts).map(([c, n]) => [c, n == null ? null : round(n / staff, 3)]),
              ['total', shownTotal == null ? null : round(v[5] / staff, 3)],
            ]),
          }
        : null,
  }
}

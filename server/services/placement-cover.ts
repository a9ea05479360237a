import KDBush from 'kdbush'
import { DEFAULT_RADIUS, type PostType } from '../../common/posts.ts'
import type { VillageDemand } from '../db/queries/coverage-data.ts'

/** A point that covers villages within its radius (UTM 48N metres). */
export interface Reach {
  x: number
  y: number
  radius: number
}

/** Existing posts reach as far as their type's radius (common/posts.ts), as in the coverage endpoint. */
export const postReach = (p: { x: number; y: number; post_type: string }): Reach => ({
  x: p.x,
  y: p.y,
  radius: DEFAULT_RADIUS[p.post_type as PostType] ?? DEFAULT_RADIUS.commune_post,
})

/**
 * Population and villages within reach of any of the points: the one definition of coverage (COVERAGE_DEFINITION),
 * so adding points never lowers it.
 */
export function coveredBy(villages: VillageDemand[], points: Reach[]) {
  const hit = new Uint8Array(villages.length)
  if (villages.length) {
    const index = new KDBush(villages.length)
    for (const v of villages) index.add(v.x, v.y)
    index.finish()
    for (const p of points) for (const i of index.within(p.x, p.y, p.radius)) hit[i] = 1
  }
  let population = 0,
    n = 0
  villages.forEach((v, i) => {
    if (hit[i]) {
      population += v.pop
      n++
    }
  })
  return { population: Math.round(population), villages: n }
}

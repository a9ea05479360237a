import Flatbush from 'flatbush'
import KDBush from 'kdbush'

/**
 * Coverage and load of existing posts, on planar UTM 48N metres (scale error under 0.1% across Cambodia).
 * A village is covered when it lies within the service radius of at least one post (radius by post type);
 * its load goes to its nearest post (the post's Voronoi cell), which is how a commune's contact point is chosen.
 */
export interface PostPoints {
  x: Float64Array
  y: Float64Array
  radius: Float64Array
  staff: Float64Array
}
export interface Demand {
  x: Float64Array
  y: Float64Array
  w: Float64Array
}

export interface ServiceResult {
  /** Per demand point: covered by some radius, its nearest post and the distance to it. */
  covered: Uint8Array
  nearest: Int32Array
  distance: Float64Array
  /** Per post: weight (population) and points served as nearest post. */
  served: Float64Array
  servedCount: Uint32Array
  totalWeight: number
  coveredWeight: number
}

export function serviceAreas(posts: PostPoints, d: Demand): ServiceResult {
  const n = d.x.length,
    m = posts.x.length
  const covered = new Uint8Array(n),
    nearest = new Int32Array(n).fill(-1),
    distance = new Float64Array(n).fill(Infinity)
  const served = new Float64Array(m),
    servedCount = new Uint32Array(m)
  if (n && m) {
    const demand = new KDBush(n)
    for (let i = 0; i < n; i++) demand.add(d.x[i], d.y[i])
    demand.finish()
    for (let j = 0; j < m; j++) for (const i of demand.within(posts.x[j], posts.y[j], posts.radius[j])) covered[i] = 1
    const index = new Flatbush(m)
    for (let j = 0; j < m; j++) index.add(posts.x[j], posts.y[j], posts.x[j], posts.y[j])
    index.finish()
    for (let i = 0; i < n; i++) {
      const [j] = index.neighbors(d.x[i], d.y[i], 1)
      nearest[i] = j
      distance[i] = Math.hypot(d.x[i] - posts.x[j], d.y[i] - posts.y[j])
      served[j] += d.w[i]
      servedCount[j]++
    }
  }
  let totalWeight = 0,
    coveredWeight = 0
  for (let i = 0; i < n; i++) {
    totalWeight += d.w[i]
    if (covered[i]) coveredWeight += d.w[i]
  }
  return { covered, nearest, distance, served, servedCount, totalWeight, coveredWeight }
}

/** Sums a per-point value into its nearest post. */
export function sumByPost(r: ServiceResult, posts: number, value: ArrayLike<number>): Float64Array {
  const out = new Float64Array(posts)
  for (let i = 0; i < r.nearest.length; i++) if (r.nearest[i] >= 0) out[r.nearest[i]] += value[i]
  return out
}

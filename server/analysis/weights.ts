import Flatbush from 'flatbush'
import KDBush from 'kdbush'

/**
 * Spatial weights in compressed sparse rows: the neighbours of i are neighbors[offsets[i] .. offsets[i+1]),
 * with their weights. Self is never listed (Gi* adds it). Islands (no neighbour) are reported.
 */
export interface Weights {
  n: number
  offsets: Uint32Array
  neighbors: Uint32Array
  weights: Float64Array
  style: 'binary' | 'row'
  islands: number[]
}

function fromLists(lists: number[][]): Weights {
  const n = lists.length
  const offsets = new Uint32Array(n + 1)
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + lists[i].length
  const neighbors = new Uint32Array(offsets[n])
  for (let i = 0; i < n; i++) {
    lists[i].sort((a, b) => a - b)
    neighbors.set(lists[i], offsets[i])
  }
  const islands: number[] = []
  for (let i = 0; i < n; i++) if (offsets[i + 1] === offsets[i]) islands.push(i)
  return { n, offsets, neighbors, weights: new Float64Array(offsets[n]).fill(1), style: 'binary', islands }
}

/** Every other point within `band` (Euclidean, same units as x/y), found with a k-d tree. */
export function distanceBand(x: Float64Array, y: Float64Array, band: number): Weights {
  const n = x.length
  if (!(band > 0)) throw new RangeError('the distance band must be positive')
  const index = new KDBush(n, 64, Float64Array)
  for (let i = 0; i < n; i++) index.add(x[i], y[i])
  index.finish()
  const lists: number[][] = new Array(n)
  for (let i = 0; i < n; i++) lists[i] = index.within(x[i], y[i], band).filter((j) => j !== i)
  return fromLists(lists)
}

/** The k nearest other points (ties broken by index), found with a packed R-tree. */
export function knn(x: Float64Array, y: Float64Array, k: number): Weights {
  const n = x.length
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer')
  if (k >= n) throw new RangeError(`k must be less than the number of units (${n})`)
  const index = new Flatbush(n, 16, Float64Array)
  for (let i = 0; i < n; i++) index.add(x[i], y[i], x[i], y[i])
  index.finish()
  const lists: number[][] = new Array(n)
  for (let i = 0; i < n; i++) lists[i] = index.neighbors(x[i], y[i], k, Infinity, (j) => j !== i)
  return fromLists(lists)
}

/**
 * Queen contiguity: polygons that share at least one vertex (within `snap`, in coordinate units), as spdep's
 * poly2nb(queen = TRUE). rings[i] lists the rings of unit i as flat [x0, y0, x1, y1, …] arrays.
 */
export function queen(rings: Float64Array[][], snap = 1e-7): Weights {
  const n = rings.length
  const cell = snap > 0 ? snap : 1e-12
  const owners = new Map<string, number[]>()
  for (let i = 0; i < n; i++) {
    const seen = new Set<string>()
    for (const r of rings[i])
      for (let k = 0; k < r.length; k += 2) {
        const key = `${Math.round(r[k] / cell)},${Math.round(r[k + 1] / cell)}`
        if (seen.has(key)) continue
        seen.add(key)
        const list = owners.get(key)
        if (list) list.push(i)
        else owners.set(key, [i])
      }
  }
  const sets: Set<number>[] = Array.from({ length: n }, () => new Set())
  for (const list of owners.values()) {
    if (list.length < 2) continue
    for (const a of list) for (const b of list) if (a !== b) sets[a].add(b)
  }
  return fromLists(sets.map((s) => [...s]))
}

/** Row-standardised copy: each row's weights sum to 1 (islands stay empty). */
export function rowStandardize(w: Weights): Weights {
  const weights = new Float64Array(w.weights.length)
  for (let i = 0; i < w.n; i++) {
    let s = 0
    for (let k = w.offsets[i]; k < w.offsets[i + 1]; k++) s += w.weights[k]
    for (let k = w.offsets[i]; k < w.offsets[i + 1]; k++) weights[k] = s > 0 ? w.weights[k] / s : 0
  }
  return { ...w, weights, style: 'row' }
}

/** Mean distance from each point to its k-th nearest neighbour (Esri's fallback band). */
export function meanKthNeighborDistance(x: Float64Array, y: Float64Array, k: number): number {
  const n = x.length
  const index = new Flatbush(n, 16, Float64Array)
  for (let i = 0; i < n; i++) index.add(x[i], y[i], x[i], y[i])
  index.finish()
  let sum = 0
  for (let i = 0; i < n; i++) {
    const nb = index.neighbors(x[i], y[i], k, Infinity, (j) => j !== i)
    const j = nb[Math.min(k, nb.length) - 1]
    sum += Math.hypot(x[j] - x[i], y[j] - y[i])
  }
  return sum / n
}

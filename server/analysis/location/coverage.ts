import KDBush from 'kdbush'

/**
 * Which demand points each candidate site covers within a radius, as CSR arrays (site-major).
 * Coordinates are planar metres in EPSG:32648 (UTM 48N): across Cambodia (102.3°–107.7°E) its scale error is
 * under 0.1%, a few metres on a 5 km radius, so distances are planar. A k-d tree (kdbush) finds the points.
 */
export interface Cover {
  offsets: Uint32Array
  items: Uint32Array
  sites: number
  demand: number
}

/** `radius`: one for every site, or one per site. */
export function coverSets(dx: Float64Array, dy: Float64Array, sx: Float64Array, sy: Float64Array, radius: number | Float64Array): Cover {
  const index = new KDBush(Math.max(1, dx.length))
  for (let i = 0; i < dx.length; i++) index.add(dx[i], dy[i])
  if (!dx.length) index.add(Infinity, Infinity)
  index.finish()
  const offsets = new Uint32Array(sx.length + 1)
  let items = new Uint32Array(Math.max(16, sx.length * 8))
  let n = 0
  for (let j = 0; j < sx.length; j++) {
    const ids = dx.length ? index.within(sx[j], sy[j], typeof radius === 'number' ? radius : radius[j]) : []
    if (n + ids.length > items.length) {
      const grown = new Uint32Array(Math.max(items.length * 2, n + ids.length))
      grown.set(items)
      items = grown
    }
    for (const i of ids) items[n++] = i
    offsets[j + 1] = n
  }
  return { offsets, items: items.slice(0, n), sites: sx.length, demand: dx.length }
}

/** For each demand point, how many of the given sites cover it. */
export function coverCounts(cover: Cover, open: Iterable<number>): Uint32Array {
  const count = new Uint32Array(cover.demand)
  for (const j of open) for (let k = cover.offsets[j]; k < cover.offsets[j + 1]; k++) count[cover.items[k]]++
  return count
}

/** Weighted demand covered at least once. */
export function coveredWeight(count: Uint32Array, w: Float64Array): number {
  let s = 0
  for (let i = 0; i < count.length; i++) if (count[i] > 0) s += w[i]
  return s
}

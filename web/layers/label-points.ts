/**
 * Where an area's name goes: the pole of inaccessibility of its largest part (the inside point farthest from the
 * boundary), so a name sits inside a crescent-shaped district or a coastal province, where a centroid can fall
 * outside. The search is Mapbox's polylabel (ISC, Agafonkin 2016): a priority queue of square cells, each split while
 * it might hold a point farther from the edges than the best found, to `precision` (a fraction of the part's size).
 */

type Ring = number[][]
type Poly = Ring[]

/** The part of a (multi)polygon with the largest outer ring, or null for other geometries. */
function largestPart(g: GeoJSON.Geometry | null): Poly | null {
  if (!g) return null
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []
  let best: Poly | null = null
  let bestArea = -1
  for (const p of parts) {
    const a = p[0] ? Math.abs(ringArea(p[0])) : 0
    if (a > bestArea) {
      bestArea = a
      best = p
    }
  }
  return best
}

function ringArea(r: Ring): number {
  let s = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
  return s / 2
}

/** Signed distance from (x, y) to the polygon's edges: positive inside (even-odd over all rings), negative outside. */
function signedDistance(x: number, y: number, poly: Poly): number {
  let inside = false
  let min = Number.POSITIVE_INFINITY
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[i]
      const [bx, by] = ring[j]
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside
      min = Math.min(min, segmentDistance2(x, y, ax, ay, bx, by))
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(min)
}

function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let x = ax
  let y = ay
  let dx = bx - x
  let dy = by - y
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy)
    if (t > 1) {
      x = bx
      y = by
    } else if (t > 0) {
      x += dx * t
      y += dy * t
    }
  }
  dx = px - x
  dy = py - y
  return dx * dx + dy * dy
}

interface Cell {
  x: number
  y: number
  h: number // half its side
  d: number // distance from its centre to the polygon
  max: number // the farthest a point in it can be
}
const cell = (x: number, y: number, h: number, poly: Poly): Cell => {
  const d = signedDistance(x, y, poly)
  return { x, y, h, d, max: d + h * Math.SQRT2 }
}

/** A binary max-heap of cells by `max`. */
class Queue {
  private a: Cell[] = []
  get size() {
    return this.a.length
  }
  push(c: Cell) {
    const a = this.a
    let i = a.push(c) - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (a[p].max >= c.max) break
      a[i] = a[p]
      i = p
    }
    a[i] = c
  }
  pop(): Cell {
    const a = this.a
    const top = a[0]
    const last = a.pop()!
    if (a.length) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= a.length) break
        const r = l + 1
        const c = r < a.length && a[r].max > a[l].max ? r : l
        if (a[c].max <= last.max) break
        a[i] = a[c]
        i = c
      }
      a[i] = last
    }
    return top
  }
}

/** The pole of inaccessibility of one polygon, to within `precision` of its size. */
export function poleOf(poly: Poly, precision = 0.01): [number, number] {
  const outer = poly[0]
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (const [x, y] of outer) {
    minX = Math.min(minX, x)
    minY = Math.min(minY, y)
    maxX = Math.max(maxX, x)
    maxY = Math.max(maxY, y)
  }
  const w = maxX - minX
  const hgt = maxY - minY
  const size = Math.min(w, hgt)
  if (size === 0) return [minX, minY]
  const eps = Math.max(w, hgt) * precision
  const q = new Queue()
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) q.push(cell(x + size / 2, y + size / 2, size / 2, poly))
  // Start from the centroid of the outer ring and the bounding box's centre, whichever is farther inside.
  let best = cell(minX + w / 2, minY + hgt / 2, 0, poly)
  const a = ringArea(outer)
  if (a !== 0) {
    let cx = 0
    let cy = 0
    for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
      const f = outer[i][0] * outer[j][1] - outer[j][0] * outer[i][1]
      cx += (outer[i][0] + outer[j][0]) * f
      cy += (outer[i][1] + outer[j][1]) * f
    }
    const c = cell(cx / (6 * -a), cy / (6 * -a), 0, poly)
    if (c.d > best.d) best = c
  }
  while (q.size) {
    const c = q.pop()
    if (c.d > best.d) best = c
    if (c.max - best.d <= eps) continue
    const h = c.h / 2
    q.push(cell(c.x - h, c.y - h, h, poly))
    q.push(cell(c.x + h, c.y - h, h, poly))
    q.push(cell(c.x - h, c.y + h, h, poly))
    q.push(cell(c.x + h, c.y + h, h, poly))
  }
  return [best.x, best.y]
}

/** The label point of an area's geometry (its largest part's pole), or null when it has no polygon. */
export function labelPointOf(g: GeoJSON.Geometry | null): [number, number] | null {
  const part = largestPart(g)
  return part?.[0]?.length ? poleOf(part) : null
}

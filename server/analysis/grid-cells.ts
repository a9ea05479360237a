/**
 * The (i, j) of the PostGIS ST_SquareGrid / ST_HexagonGrid cell holding a point (metres, UTM 48N), by arithmetic
 * instead of a spatial join. Squares of side s: floor(x/s), floor(y/s). Hexagons (PostGIS layout, flat-topped,
 * edge s): centres at (1.5 s i, √3 s (j + (i mod 2)/2)); the cell is the nearer centre of the two columns that
 * can hold x. Float64 throughout, rounding half to even like PostgreSQL's round(float8).
 */
export type GridKind = 'hex' | 'square'

/** A cell's (i, j) as one number: |i|, |j| < 2^21 for any cell of 100 m or more. */
export const cellKey = (i: number, j: number) => i * 4_194_304 + j

/** The (i, j) of a cellKey. */
export function cellIJ(key: number): [number, number] {
  const i = Math.round(key / 4_194_304)
  return [i, key - i * 4_194_304]
}

/** round() of float8 in PostgreSQL (rint): nearest integer, ties to even. */
function rint(v: number): number {
  const r = Math.round(v)
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** The cell of every point, as cellKey(i, j). */
export function cellKeys(kind: GridKind, size: number, x: Float64Array, y: Float64Array): Float64Array {
  if (!(size > 0)) throw new RangeError('cell size must be positive')
  const n = x.length
  const out = new Float64Array(n)
  if (kind === 'square') {
    for (let k = 0; k < n; k++) out[k] = cellKey(Math.floor(x[k] / size), Math.floor(y[k] / size))
    return out
  }
  const w = 1.5 * size,
    h = Math.sqrt(3) * size
  for (let k = 0; k < n; k++) {
    const px = x[k],
      py = y[k]
    const a0 = Math.floor(px / w),
      a1 = a0 + 1
    const o0 = (a0 % 2) / 2,
      o1 = (a1 % 2) / 2
    const b0 = rint(py / h - o0),
      b1 = rint(py / h - o1)
    const dx0 = px - w * a0,
      dy0 = py - h * (b0 + o0)
    const dx1 = px - w * a1,
      dy1 = py - h * (b1 + o1)
    out[k] = dx0 * dx0 + dy0 * dy0 <= dx1 * dx1 + dy1 * dy1 ? cellKey(a0, b0) : cellKey(a1, b1)
  }
  return out
}

/** Distinct locations after snapping to `snap` metres (the snapped coordinates), in first-seen order. */
export function distinctLocations(x: Float64Array, y: Float64Array, snap = 1): { x: Float64Array; y: Float64Array } {
  const seen = new Set<string>()
  const ox: number[] = [],
    oy: number[] = []
  for (let k = 0; k < x.length; k++) {
    const sx = Math.round(x[k] / snap) * snap,
      sy = Math.round(y[k] / snap) * snap
    const key = `${sx},${sy}`
    if (seen.has(key)) continue
    seen.add(key)
    ox.push(sx)
    oy.push(sy)
  }
  return { x: Float64Array.from(ox), y: Float64Array.from(oy) }
}

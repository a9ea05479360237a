/** Kernel density on a regular grid, in projected metres. */
export type Kernel = 'quartic' | 'gaussian'

export interface Grid {
  /** Lower-left corner of cell (0, 0) and the cell size, in metres. */
  x0: number; y0: number; cell: number; cols: number; rows: number
  /** Row-major values, row 0 at the bottom (south). */
  values: Float64Array
}

export interface KdeOptions {
  bandwidth: number // metres; the quartic radius, or the Gaussian σ (truncated at 4σ)
  cell: number
  kernel?: Kernel
  bbox?: [number, number, number, number] // defaults to the points' extent grown by the kernel radius
  weights?: ArrayLike<number>
}

/**
 * Density per square kilometre: Σ_i w_i K(d_i / h) / h², with the quartic kernel 3/π (1 − u²)² for u < 1
 * (Silverman 1986, as Esri uses) or the Gaussian 1/(2π) e^(−u²/2). Each kernel integrates to one, so the grid
 * sums (× cell area) to the total weight inside the grid.
 */
export function kernelDensity(x: ArrayLike<number>, y: ArrayLike<number>, opts: KdeOptions): Grid {
  const kernel = opts.kernel ?? 'quartic'
  const h = opts.bandwidth, cell = opts.cell
  if (!(h > 0) || !(cell > 0)) throw new RangeError('bandwidth and cell must be positive')
  const reach = kernel === 'quartic' ? h : 4 * h
  let [minX, minY, maxX, maxY] = opts.bbox ?? extent(x, y, reach)
  const cols = Math.max(1, Math.ceil((maxX - minX) / cell)), rows = Math.max(1, Math.ceil((maxY - minY) / cell))
  if (cols * rows > 25_000_000) throw new RangeError(`grid of ${cols} × ${rows} cells is too large; use a larger cell`)
  const values = new Float64Array(cols * rows)
  const r = Math.ceil(reach / cell)
  // Kernel weights depend only on the offset from the point to each cell centre: tabulate per point row/col offset.
  const norm = kernel === 'quartic' ? 3 / (Math.PI * h * h) : 1 / (2 * Math.PI * h * h)
  const h2 = h * h
  const dxs = new Float64Array(2 * r + 2)
  for (let i = 0; i < x.length; i++) {
    const px = x[i], py = y[i], wt = opts.weights ? opts.weights[i] : 1
    const ci = Math.floor((px - minX) / cell), ri = Math.floor((py - minY) / cell)
    const c0 = Math.max(0, ci - r), c1 = Math.min(cols - 1, ci + r)
    const r0 = Math.max(0, ri - r), r1 = Math.min(rows - 1, ri + r)
    if (c0 > c1 || r0 > r1) continue
    for (let c = c0; c <= c1; c++) { const d = minX + (c + 0.5) * cell - px; dxs[c - c0] = d * d }
    for (let rr = r0; rr <= r1; rr++) {
      const dy = minY + (rr + 0.5) * cell - py, dy2 = dy * dy
      if (kernel === 'quartic' && dy2 >= h2) continue
      const base = rr * cols
      for (let c = c0; c <= c1; c++) {
        const u2 = (dxs[c - c0] + dy2) / h2
        if (kernel === 'quartic') { if (u2 < 1) { const t = 1 - u2; values[base + c] += wt * norm * t * t } }
        else if (u2 < 16) values[base + c] += wt * norm * Math.exp(-u2 / 2)
      }
    }
  }
  for (let k = 0; k < values.length; k++) values[k] *= 1e6 // per m² → per km²
  return { x0: minX, y0: minY, cell, cols, rows, values }
}

function extent(x: ArrayLike<number>, y: ArrayLike<number>, pad: number): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity
  for (let i = 0; i < x.length; i++) { a = Math.min(a, x[i]); b = Math.min(b, y[i]); c = Math.max(c, x[i]); d = Math.max(d, y[i]) }
  if (!Number.isFinite(a)) throw new RangeError('no points')
  return [a - pad, b - pad, c + pad, d + pad]
}

/**
 * Esri's default search radius (a spatial Silverman rule): 0.9 · min(SD, √(1/ln 2) · Dm) · n^−0.2, with SD the
 * standard distance and Dm the median distance to the mean centre.
 */
export function defaultBandwidth(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length
  if (n < 2) throw new RangeError('need at least two points to choose a bandwidth')
  let mx = 0, my = 0
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i] }
  mx /= n; my /= n
  const d = new Float64Array(n)
  let ss = 0
  for (let i = 0; i < n; i++) { const dx = x[i] - mx, dy = y[i] - my; ss += dx * dx + dy * dy; d[i] = Math.sqrt(dx * dx + dy * dy) }
  d.sort()
  const median = n % 2 ? d[(n - 1) / 2] : (d[n / 2 - 1] + d[n / 2]) / 2
  const sd = Math.sqrt(ss / n)
  return 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * median) * Math.pow(n, -0.2)
}

/** Kernel density on a regular grid, in projected metres. */
export type Kernel = 'quartic' | 'gaussian'

export interface Grid {
  /** Lower-left corner of cell (0, 0) and the cell size, in metres. */
  x0: number
  y0: number
  cell: number
  cols: number
  rows: number
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
  const h = opts.bandwidth,
    cell = opts.cell
  if (!(h > 0) || !(cell > 0)) throw new RangeError('bandwidth and cell must be positive')
  const reach = kernel === 'quartic' ? h : 4 * h
  const [minX, minY, maxX, maxY] = opts.bbox ?? extent(x, y, reach)
  const cols = Math.max(1, Math.ceil((maxX - minX) / cell)),
    rows = Math.max(1, Math.ceil((maxY - minY) / cell))
  if (cols * rows > 25_000_000) throw new RangeError(`grid of ${cols} × ${rows} cells is too large; use a larger cell`)
  const values = new Float64Array(cols * rows)
  const r = Math.ceil(reach / cell)
  // Kernel weights depend only on the offset from the point to each cell centre: tabulate per point row/col offset.
  const norm = kernel === 'quartic' ? 3 / (Math.PI * h * h) : 1 / (2 * Math.PI * h * h)
  const half = cell / 2
  for (const i of cellOrder(x, y, minX, minY, cell, cols, rows)) {
    const px = x[i],
      py = y[i],
      wt = (opts.weights ? opts.weights[i] : 1) * norm
    const ri = Math.floor((py - minY) / cell)
    const r0 = Math.max(0, ri - r),
      r1 = Math.min(rows - 1, ri + r)
    // u = (cell centre − point) / h, in x and y; walked incrementally along each row.
    const ux0 = (minX + half - px) / h,
      du = cell / h
    for (let rr = r0; rr <= r1; rr++) {
      const uy = (minY + (rr + 0.5) * cell - py) / h,
        uy2 = uy * uy
      const lim = kernel === 'quartic' ? 1 - uy2 : 16 - uy2
      if (lim <= 0) continue
      // Columns whose centre lies inside the kernel's reach on this row.
      const span = (Math.sqrt(lim) * h) / cell
      const c0 = Math.max(0, Math.ceil((px - minX - half) / cell - span)),
        c1 = Math.min(cols - 1, Math.floor((px - minX - half) / cell + span))
      const base = rr * cols
      let ux = ux0 + c0 * du
      if (kernel === 'quartic') {
        // c0..c1 lie inside the disc, so t ≥ 0 up to rounding (a negative t of 1e−16 adds 1e−32): no branch.
        const a = 1 - uy2
        for (let c = c0; c <= c1; c++, ux += du) {
          const t = a - ux * ux
          values[base + c] += wt * t * t
        }
      } else {
        const ey = Math.exp(-uy2 / 2)
        for (let c = c0; c <= c1; c++, ux += du) values[base + c] += wt * ey * Math.exp(-(ux * ux) / 2)
      }
    }
  }
  for (let k = 0; k < values.length; k++) values[k] *= 1e6 // per m² → per km²
  return { x0: minX, y0: minY, cell, cols, rows, values }
}

/** Point indices sorted by grid cell (counting sort), so that neighbouring points touch the grid where it is cached. */
function cellOrder(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  minX: number,
  minY: number,
  cell: number,
  cols: number,
  rows: number,
): Uint32Array {
  const n = x.length
  const key = new Uint32Array(n)
  const count = new Uint32Array(cols * rows + 2)
  for (let i = 0; i < n; i++) {
    const c = Math.min(cols - 1, Math.max(0, Math.floor((x[i] - minX) / cell)))
    const r = Math.min(rows - 1, Math.max(0, Math.floor((y[i] - minY) / cell)))
    key[i] = r * cols + c
    count[key[i] + 1]++
  }
  for (let k = 1; k < count.length; k++) count[k] += count[k - 1]
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[count[key[i]]++] = i
  return order
}

function extent(x: ArrayLike<number>, y: ArrayLike<number>, pad: number): [number, number, number, number] {
  let a = Infinity,
    b = Infinity,
    c = -Infinity,
    d = -Infinity
  for (let i = 0; i < x.length; i++) {
    a = Math.min(a, x[i])
    b = Math.min(b, y[i])
    c = Math.max(c, x[i])
    d = Math.max(d, y[i])
  }
  if (!Number.isFinite(a)) throw new RangeError('no points')
  return [a - pad, b - pad, c + pad, d + pad]
}

/**
 * Esri's default search radius (a spatial Silverman rule): 0.9 · min(SD, √(1/ln 2) · Dm) · n^−0.2, with SD the
 * standard distance and Dm the median distance to the mean centre; with weights, n is their sum and SD, Dm and
 * the centre are weighted.
 */
export function defaultBandwidth(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const m = x.length
  const wt = (i: number) => (weights ? weights[i] : 1)
  let n = 0,
    mx = 0,
    my = 0
  for (let i = 0; i < m; i++) {
    n += wt(i)
    mx += wt(i) * x[i]
    my += wt(i) * y[i]
  }
  if (m < 2 || n < 2) throw new RangeError('need at least two points to choose a bandwidth')
  mx /= n
  my /= n
  const order = new Uint32Array(m)
  const d = new Float64Array(m)
  let ss = 0
  for (let i = 0; i < m; i++) {
    const dx = x[i] - mx,
      dy = y[i] - my
    ss += wt(i) * (dx * dx + dy * dy)
    d[i] = Math.sqrt(dx * dx + dy * dy)
    order[i] = i
  }
  order.sort((a, b) => d[a] - d[b])
  // Weighted median: the first distance at which half the weight is reached (the mean of the two middle ones at a tie).
  let acc = 0,
    median = d[order[m - 1]]
  for (let k = 0; k < m; k++) {
    acc += wt(order[k])
    if (acc > n / 2) {
      median = d[order[k]]
      break
    }
    if (acc === n / 2) {
      median = (d[order[k]] + d[order[Math.min(m - 1, k + 1)]]) / 2
      break
    }
  }
  const sd = Math.sqrt(ss / n)
  return 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * median) * n ** -0.2
}

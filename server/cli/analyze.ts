import { emergingHotSpots } from '../analysis/ehsa.ts'
import { giStar } from '../analysis/gistar.ts'
import { defaultBandwidth, kernelDensity, type Kernel } from '../analysis/kde.ts'
import { localMoran } from '../analysis/local-moran.ts'
import { globalMoran } from '../analysis/moran.ts'
import { optimizedHotSpots } from '../analysis/optimized.ts'
import { distanceBand, knn, queen, rowStandardize, type Weights } from '../analysis/weights.ts'
import { gridToGeoTiff } from '../formats/geotiff.ts'
import { InputError, type Units } from './input.ts'
import type { Method } from './methods.ts'

export { METHODS, type Method } from './methods.ts'

export interface AnalyzeOptions {
  band?: number
  knn?: number
  weights?: 'binary' | 'row'
  permutations?: number
  seed?: number
  fdr?: boolean
  alpha?: number
  cell?: number
  bandwidth?: number
  kernel?: Kernel
  kTime?: number
  tiff?: boolean
}
export interface AnalyzeOutput {
  text?: string
  bytes?: Uint8Array
  notes: string[]
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : '')
const MIN_UNITS = 5

/** Runs one method on parsed units; everything it says about its choices goes into notes (stderr). */
export function analyze(method: Method, u: Units, o: AnalyzeOptions): AnalyzeOutput {
  const notes: string[] = []
  if (method === 'kde') return kde(u, o, notes)
  if (method === 'ehsa') return ehsa(u, o, notes)
  const n = u.ids.length
  if (n < MIN_UNITS) throw new InputError(`too few features: ${n} (at least ${MIN_UNITS})`)
  if (method === 'optimized') {
    const r = optimizedHotSpots(u.x, u.y, u.value)
    notes.push(`band: ${r.band.toFixed(1)} m (${r.bandRule}; k = ${r.k}); FDR applied`)
    return { text: localCsv(u, r.z, r.p, r.bin), notes }
  }
  const w = weightsFor(u, o, notes, method === 'gistar' ? 'binary' : 'row')
  if (method === 'gistar') {
    const r = giStar(u.value, w, { fdr: o.fdr })
    return { text: localCsv(u, r.z, r.p, r.bin), notes }
  }
  if (method === 'moran') {
    const m = globalMoran(u.value, w)
    return { text: `${JSON.stringify({ I: m.I, expected: m.expected, variance: m.variance, z: m.z, p: m.p, n: m.n })}\n`, notes }
  }
  const r = localMoran(u.value, w, { permutations: o.permutations, seed: o.seed, alpha: o.alpha })
  notes.push(`permutations: ${r.permutations}, seed: ${r.seed}, alpha: ${r.alpha}`)
  const lines = ['id,value,I,z,p_sim,quadrant']
  for (let i = 0; i < n; i++)
    lines.push([csvId(u.ids[i]), num(u.value[i]), num(r.I[i]), num(r.z[i]), num(r.pSim[i]), r.quadrant[i]].join(','))
  return { text: `${lines.join('\n')}\n`, notes }
}

function localCsv(u: Units, z: Float64Array, p: Float64Array, bin: Int8Array): string {
  const lines = ['id,value,z,p,bin']
  for (let i = 0; i < u.ids.length; i++) lines.push([csvId(u.ids[i]), num(u.value[i]), num(z[i]), num(p[i]), bin[i]].join(','))
  return `${lines.join('\n')}\n`
}

const csvId = (id: string) => (/[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id)

/** --band, --knn, queen for polygons, or else the smallest band that gives every unit a neighbour. */
export function weightsFor(
  u: { x: Float64Array; y: Float64Array; rings?: Float64Array[][] },
  o: AnalyzeOptions,
  notes: string[],
  style: 'binary' | 'row',
): Weights {
  let w: Weights
  if (o.band != null && o.knn != null) throw new InputError('give --band or --knn, not both')
  if (o.band != null) w = distanceBand(u.x, u.y, o.band)
  else if (o.knn != null) {
    if (o.knn >= u.x.length) throw new InputError(`--knn ${o.knn} needs more than ${o.knn} features`)
    w = knn(u.x, u.y, o.knn)
  } else if (u.rings) {
    w = queen(u.rings, 0.01)
    notes.push('weights: queen contiguity of the polygons')
  } else {
    const nn = knn(u.x, u.y, 1)
    let band = 0
    for (let i = 0; i < nn.n; i++) {
      const j = nn.neighbors[nn.offsets[i]]
      band = Math.max(band, Math.hypot(u.x[i] - u.x[j], u.y[i] - u.y[j]))
    }
    band *= 1 + 1e-9
    w = distanceBand(u.x, u.y, band)
    notes.push(`band: ${band.toFixed(1)} m (the smallest that gives every feature a neighbour)`)
  }
  if (w.islands.length)
    notes.push(
      `warning: ${w.islands.length} feature(s) have no neighbour: ${w.islands.slice(0, 10).join(', ')}${w.islands.length > 10 ? ', …' : ''}`,
    )
  return (o.weights ?? style) === 'row' ? rowStandardize(w) : w
}

function kde(u: Units, o: AnalyzeOptions, notes: string[]): AnalyzeOutput {
  if (u.ids.length < 2) throw new InputError(`too few features: ${u.ids.length} (at least 2)`)
  const bandwidth = o.bandwidth ?? defaultBandwidth(u.x, u.y)
  if (o.bandwidth == null) notes.push(`bandwidth: ${bandwidth.toFixed(1)} m (Esri's default rule)`)
  const cell = o.cell ?? bandwidth / 5
  if (o.cell == null) notes.push(`cell: ${cell.toFixed(1)} m (bandwidth / 5)`)
  const g = kernelDensity(u.x, u.y, { bandwidth, cell, kernel: o.kernel, weights: u.value })
  notes.push(`grid: ${g.cols} × ${g.rows} cells of ${cell} m; density per km²`)
  if (o.tiff) return { bytes: gridToGeoTiff(g), notes }
  const lines = ['x,y,density']
  for (let r = 0; r < g.rows; r++)
    for (let c = 0; c < g.cols; c++) {
      lines.push(`${g.x0 + (c + 0.5) * cell},${g.y0 + (r + 0.5) * cell},${g.values[r * g.cols + c]}`)
    }
  return { text: `${lines.join('\n')}\n`, notes }
}

function ehsa(u: Units, o: AnalyzeOptions, notes: string[]): AnalyzeOutput {
  const t = u.t!
  const loc = new Map<string, number>()
  const xs: number[] = [],
    ys: number[] = [],
    ids: string[] = []
  let T = 0
  for (let r = 0; r < u.ids.length; r++) {
    if (!loc.has(u.ids[r])) {
      loc.set(u.ids[r], ids.length)
      ids.push(u.ids[r])
      xs.push(u.x[r])
      ys.push(u.y[r])
    }
    T = Math.max(T, t[r] + 1)
  }
  const n = ids.length
  if (n < MIN_UNITS) throw new InputError(`too few locations: ${n} (at least ${MIN_UNITS})`)
  if (T < 10) throw new InputError(`too few time steps: ${T} (at least 10 for the trend test)`)
  const values = new Float64Array(n * T)
  for (let r = 0; r < u.ids.length; r++) values[loc.get(u.ids[r])! * T + t[r]] += u.value[r]
  const w = weightsFor({ x: Float64Array.from(xs), y: Float64Array.from(ys) }, o, notes, 'binary')
  const res = emergingHotSpots(values, T, w, { k: o.kTime ?? 1, alpha: o.alpha, fdr: o.fdr })
  notes.push(`${n} locations × ${T} time steps; time neighbourhood ${o.kTime ?? 1} step(s)`)
  const lines = ['id,category,trend_z,trend_p']
  for (let i = 0; i < n; i++) lines.push([csvId(ids[i]), res.category[i], num(res.trendZ[i]), num(res.trendP[i])].join(','))
  return { text: `${lines.join('\n')}\n`, notes }
}

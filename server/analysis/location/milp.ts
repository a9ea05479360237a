import loadHighs from 'highs'
import type { Cover } from './coverage.ts'
import type { CoverProblem } from './greedy.ts'

type Highs = Awaited<ReturnType<typeof loadHighs>>
let highsP: Promise<Highs> | null = null
/** HiGHS (WASM), loaded once. */
export function highs(): Promise<Highs> {
  return (highsP ??= loadHighs())
}

export interface ExactResult {
  status: string
  chosen: number[]
  /** Best solution's objective, the proven bound, and their relative gap (0 when optimal). */
  objective: number
  bound: number
  gap: number
  ms: number
}

/** Demand-major lists (which sites cover each demand point), from the site-major cover. */
function byDemand(cover: Cover): { offsets: Uint32Array; items: Uint32Array } {
  const offsets = new Uint32Array(cover.demand + 1)
  for (const i of cover.items) offsets[i + 1]++
  for (let i = 0; i < cover.demand; i++) offsets[i + 1] += offsets[i]
  const fill = offsets.slice(0, cover.demand)
  const items = new Uint32Array(cover.items.length)
  for (let j = 0; j < cover.sites; j++) for (let k = cover.offsets[j]; k < cover.offsets[j + 1]; k++) items[fill[cover.items[k]]++] = j
  return { offsets, items }
}

/**
 * MCLP or partial LSCP as a MILP for HiGHS. Variables: x_j ∈ {0,1} per site, y_i ∈ [0,1] per demand point not yet
 * covered by existing posts but coverable (y_i ≤ Σ_{j covers i} x_j). MCLP: max Σ w_i y_i with Σ x_j ≤ k;
 * LSCP: min Σ x_j with Σ w_i y_i ≥ fraction·W − (already covered). Group budgets: Σ_{j∈g} x_j ≤ B_g.
 */
export async function solveCoverMilp(
  p: CoverProblem,
  spec: { problem: 'mclp'; k: number } | { problem: 'lscp'; fraction: number },
  opts: { timeLimitS?: number; keep?: { sites: number[]; min: number } } = {},
): Promise<ExactResult> {
  const t0 = performance.now()
  const h = await highs()
  const { cover, w } = p
  const rev = byDemand(cover)
  const base = p.base
  // Demand rows: points not already covered that some site can cover.
  const rowOf = new Int32Array(cover.demand).fill(-1)
  const demandRows: number[] = []
  let already = 0,
    total = 0
  for (let i = 0; i < cover.demand; i++) {
    total += w[i]
    if (base && base[i] > 0) {
      already += w[i]
      continue
    }
    if (rev.offsets[i + 1] > rev.offsets[i] && w[i] > 0) {
      rowOf[i] = demandRows.length
      demandRows.push(i)
    }
  }
  const nx = cover.sites,
    ny = demandRows.length
  const groups = p.budget ? [...p.budget.keys()] : []
  const groupRow = new Map(groups.map((g, r) => [g, ny + 1 + r]))
  // Relocation: at least `keep.min` of the existing posts (sites keep.sites) stay where they are.
  const keepRow = opts.keep ? ny + 1 + groups.length : -1
  const keepSet = new Set(opts.keep?.sites ?? [])
  const numRows = ny + 1 + groups.length + (opts.keep ? 1 : 0)
  const starts: number[] = [0],
    indices: number[] = [],
    values: number[] = []
  const colCost = new Float64Array(nx + ny),
    colLower = new Float64Array(nx + ny),
    colUpper = new Float64Array(nx + ny).fill(1)
  const integrality = new Int32Array(nx + ny)
  for (let j = 0; j < nx; j++) {
    for (let k = cover.offsets[j]; k < cover.offsets[j + 1]; k++) {
      const r = rowOf[cover.items[k]]
      if (r >= 0) {
        indices.push(r)
        values.push(-1)
      }
    }
    if (spec.problem === 'mclp') {
      indices.push(ny)
      values.push(1)
    } // the cardinality row Σ x_j ≤ k
    const g = p.group?.[j]
    if (g != null && groupRow.has(g) && !keepSet.has(j)) {
      indices.push(groupRow.get(g)!)
      values.push(1)
    }
    if (keepSet.has(j)) {
      indices.push(keepRow)
      values.push(1)
    }
    starts.push(indices.length)
    integrality[j] = 1
    colCost[j] = spec.problem === 'lscp' ? 1 : 0
  }
  for (let r = 0; r < ny; r++) {
    const i = demandRows[r]
    indices.push(r)
    values.push(1)
    if (spec.problem === 'lscp') {
      indices.push(ny)
      values.push(w[i])
    }
    starts.push(indices.length)
    colCost[nx + r] = spec.problem === 'mclp' ? w[i] : 0
  }
  // Row ny: Σ x_j ≤ k (MCLP), or Σ w_i y_i ≥ target (LSCP).
  const rowLower = new Float64Array(numRows).fill(-Infinity),
    rowUpper = new Float64Array(numRows)
  for (let r = 0; r < ny; r++) rowUpper[r] = 0
  if (spec.problem === 'mclp') {
    rowUpper[ny] = spec.k
  } else {
    rowLower[ny] = spec.fraction * total - already - 1e-6
    rowUpper[ny] = Infinity
  }
  for (const g of groups) rowUpper[groupRow.get(g)!] = p.budget!.get(g)!
  if (opts.keep) {
    rowLower[keepRow] = opts.keep.min
    rowUpper[keepRow] = Infinity
  }
  const model = h.createModel()
  try {
    model.passModel({
      numCols: nx + ny,
      numRows,
      sense: spec.problem === 'mclp' ? h.constants.objectiveSense.maximize : h.constants.objectiveSense.minimize,
      colCost,
      colLower,
      colUpper,
      rowLower: rowLower.map((v) => (v === -Infinity ? -h.infinity : v)),
      rowUpper: rowUpper.map((v) => (v === Infinity ? h.infinity : v)),
      matrix: { format: 'csc', numRows, numCols: nx + ny, starts, indices, values },
      integrality,
    })
    model.options.set({ output_flag: false, time_limit: opts.timeLimitS ?? 60, mip_rel_gap: 1e-6 })
    const run = model.run()
    const status = statusName(h, run.modelStatus)
    const sol = model.getSolution()
    const chosen: number[] = []
    for (let j = 0; j < nx; j++) if (sol.colValue[j] > 0.5) chosen.push(j)
    const obj = model.getObjectiveValue() + (spec.problem === 'mclp' ? already : 0)
    const info = (name: string) => {
      try {
        return Number(model.info.get(name))
      } catch {
        return NaN
      }
    }
    const bound = info('mip_dual_bound') + (spec.problem === 'mclp' ? already : 0)
    const gap = status === 'Optimal' ? Math.max(0, info('mip_gap') || 0) : info('mip_gap')
    return { status, chosen, objective: obj, bound, gap, ms: performance.now() - t0 }
  } finally {
    model.dispose()
  }
}

function statusName(h: Highs, code: number): string {
  const names: Readonly<Record<string, number>> | undefined = h.constants.modelStatus
  if (names) for (const [k, v] of Object.entries(names)) if (v === code) return k === 'optimal' ? 'Optimal' : k
  return code === 7 ? 'Optimal' : String(code)
}

/**
 * p-median on the same candidate lists as pmedianGreedy: min Σ w_i d_ij z_ij + Σ w_i base_i a_i with
 * Σ_j z_ij + a_i = 1, z_ij ≤ x_j, Σ x_j = p (a_i: served by the existing post, or the cap).
 */
export async function solvePMedianMilp(
  inst: import('./pmedian.ts').PMedianInstance,
  p: number,
  opts: { timeLimitS?: number } = {},
): Promise<ExactResult> {
  const t0 = performance.now()
  const h = await highs()
  const n = inst.demand,
    m = inst.sites,
    pairs = inst.dSite.length
  // Columns: x_j (m), z_k per pair (pairs), a_i (n). Rows: assign_i (n), link_k (pairs), card (1).
  const numCols = m + pairs + n,
    numRows = n + pairs + 1
  const colCost = new Float64Array(numCols),
    colLower = new Float64Array(numCols),
    colUpper = new Float64Array(numCols).fill(1)
  const integrality = new Int32Array(numCols)
  const starts = new Int32Array(numCols + 1)
  const indices: number[] = [],
    values: number[] = []
  // x_j: -1 in every link row of its pairs, +1 in the cardinality row. Pairs are demand-major: find them per site.
  const pairsOfSite: number[][] = Array.from({ length: m }, () => [])
  for (let k = 0; k < pairs; k++) pairsOfSite[inst.dSite[k]].push(k)
  let c = 0
  for (let j = 0; j < m; j++, c++) {
    for (const k of pairsOfSite[j]) {
      indices.push(n + k)
      values.push(-1)
    }
    indices.push(n + pairs)
    values.push(1)
    integrality[c] = 1
    starts[c + 1] = indices.length
  }
  for (let i = 0; i < n; i++)
    for (let k = inst.dOff[i]; k < inst.dOff[i + 1]; k++, c++) {
      indices.push(i, n + k)
      values.push(1, 1)
      colCost[c] = inst.w[i] * inst.dDist[k]
      starts[c + 1] = indices.length
    }
  for (let i = 0; i < n; i++, c++) {
    indices.push(i)
    values.push(1)
    colCost[c] = inst.w[i] * inst.base[i]
    starts[c + 1] = indices.length
  }
  const rowLower = new Float64Array(numRows),
    rowUpper = new Float64Array(numRows)
  for (let i = 0; i < n; i++) {
    rowLower[i] = 1
    rowUpper[i] = 1
  }
  for (let k = 0; k < pairs; k++) {
    rowLower[n + k] = -h.infinity
    rowUpper[n + k] = 0
  }
  rowLower[n + pairs] = -h.infinity
  rowUpper[n + pairs] = p
  const model = h.createModel()
  try {
    model.passModel({
      numCols,
      numRows,
      sense: h.constants.objectiveSense.minimize,
      colCost,
      colLower,
      colUpper,
      rowLower,
      rowUpper,
      matrix: { format: 'csc', numRows, numCols, starts, indices, values },
      integrality,
    })
    model.options.set({ output_flag: false, time_limit: opts.timeLimitS ?? 60, mip_rel_gap: 1e-6 })
    const run = model.run()
    const status = statusName(h, run.modelStatus)
    const sol = model.getSolution()
    const chosen: number[] = []
    for (let j = 0; j < m; j++) if (sol.colValue[j] > 0.5) chosen.push(j)
    const info = (name: string) => {
      try {
        return Number(model.info.get(name))
      } catch {
        return NaN
      }
    }
    return {
      status,
      chosen,
      objective: model.getObjectiveValue(),
      bound: info('mip_dual_bound'),
      gap: status === 'Optimal' ? Math.max(0, info('mip_gap') || 0) : info('mip_gap'),
      ms: performance.now() - t0,
    }
  } finally {
    model.dispose()
  }
}

import { coverSets } from './coverage.ts'
import { lscpGreedy, mclpGreedy, relocateGreedy } from './greedy.ts'
import { solveCoverMilp, solvePMedianMilp } from './milp.ts'
import { pmedianGreedy, pmedianInstance } from './pmedian.ts'

/** Everything a placement solve needs, as plain arrays (it crosses into a worker thread). */
export interface SolveInput {
  problem: 'mclp' | 'lscp' | 'pmedian'
  k: number
  fraction: number
  radius: number
  exact: boolean
  timeLimitS: number
  demand: { x: Float64Array; y: Float64Array; w: Float64Array }
  sites: { x: Float64Array; y: Float64Array; group: Int32Array }
  /** Existing posts; `radius`, one per post (their type's), else the planner's radius. */
  existing: { x: Float64Array; y: Float64Array; radius?: Float64Array }
  budget: [number, number][]
  /** Relocation: existing posts become sites (appended after `sites`), and up to `moves` of them may move. */
  moves: number
}

export interface SolveOutput {
  chosen: number[]
  solver: string
  status: string
  objective: number
  bound: number | null
  gap: number | null
  /** Coverage problems: weighted demand covered before and after; p-median: weighted distance (m) before and after. */
  before: number
  after: number
  total: number
  greedy: { objective: number; ms: number }
  ms: number
  /** Relocation: the existing posts (indices) that move away; `chosen` holds every new location. */
  closed?: number[]
}

/** Greedy (always, as the answer or the warm reference) and, with exact, HiGHS within the time limit. */
export async function solvePlacement(s: SolveInput, progress: (p: number, stage: string) => void = () => {}): Promise<SolveOutput> {
  const t0 = performance.now()
  const budget = s.budget.length ? new Map(s.budget) : undefined
  if (s.problem === 'pmedian') {
    progress(0.1, 'candidate lists')
    const inst = pmedianInstance(s.demand.x, s.demand.y, s.demand.w, s.sites.x, s.sites.y, {
      existingX: s.existing.x,
      existingY: s.existing.y,
    })
    progress(0.3, 'greedy')
    const g = pmedianGreedy(inst, s.k)
    if (!s.exact)
      return {
        chosen: g.chosen,
        solver: 'greedy+interchange',
        status: 'heuristic',
        objective: g.cost,
        bound: null,
        gap: null,
        before: g.before,
        after: g.cost,
        total: 0,
        greedy: { objective: g.cost, ms: g.ms },
        ms: performance.now() - t0,
      }
    progress(0.5, 'highs')
    const e = await solvePMedianMilp(inst, s.k, { timeLimitS: s.timeLimitS })
    const useExact = e.chosen.length && e.objective <= g.cost
    return {
      chosen: useExact ? e.chosen : g.chosen,
      solver: useExact ? 'highs' : 'greedy+interchange (HiGHS found no better)',
      status: e.status,
      objective: useExact ? e.objective : g.cost,
      bound: e.bound,
      gap: e.gap,
      before: g.before,
      after: useExact ? e.objective : g.cost,
      total: 0,
      greedy: { objective: g.cost, ms: g.ms },
      ms: performance.now() - t0,
    }
  }
  if (s.problem === 'mclp' && s.moves > 0) return relocation(s, progress, t0, budget)
  progress(0.1, 'coverage sets')
  const cover = coverSets(s.demand.x, s.demand.y, s.sites.x, s.sites.y, s.radius)
  const existingCover = coverSets(s.demand.x, s.demand.y, s.existing.x, s.existing.y, s.existing.radius ?? s.radius)
  const base = new Uint32Array(cover.demand)
  for (const i of existingCover.items) base[i]++
  const p = { cover, w: s.demand.w, base, group: s.sites.group, budget }
  progress(0.3, 'greedy')
  const g = s.problem === 'mclp' ? mclpGreedy(p, s.k) : lscpGreedy(p, s.fraction)
  const gObj = s.problem === 'mclp' ? g.covered : g.chosen.length
  if (!s.exact)
    return {
      chosen: g.chosen,
      solver: 'greedy+interchange',
      status: 'heuristic',
      objective: gObj,
      bound: null,
      gap: null,
      before: g.before,
      after: g.covered,
      total: g.total,
      greedy: { objective: gObj, ms: g.ms },
      ms: performance.now() - t0,
    }
  progress(0.5, 'highs')
  const e = await solveCoverMilp(p, s.problem === 'mclp' ? { problem: 'mclp', k: s.k } : { problem: 'lscp', fraction: s.fraction }, {
    timeLimitS: s.timeLimitS,
  })
  const better = e.chosen.length > 0 && (s.problem === 'mclp' ? e.objective >= g.covered : e.objective <= gObj)
  let after = g.covered
  if (better) {
    const c = new Uint32Array(base)
    for (const j of e.chosen) for (let q = cover.offsets[j]; q < cover.offsets[j + 1]; q++) c[cover.items[q]]++
    after = 0
    for (let i = 0; i < c.length; i++) if (c[i]) after += s.demand.w[i]
  }
  return {
    chosen: better ? e.chosen : g.chosen,
    solver: better ? 'highs' : 'greedy+interchange (HiGHS found no better)',
    status: e.status,
    objective: better ? e.objective : gObj,
    bound: e.bound,
    gap: e.gap,
    before: g.before,
    after,
    total: g.total,
    greedy: { objective: gObj, ms: g.ms },
    ms: performance.now() - t0,
  }
}

/** MCLP with relocation: existing posts are sites that start open; K are added and up to `moves` existing ones move. */
async function relocation(
  s: SolveInput,
  progress: (p: number, stage: string) => void,
  t0: number,
  budget?: Map<number, number>,
): Promise<SolveOutput> {
  const m = s.sites.x.length,
    E = s.existing.x.length
  const sx = Float64Array.from([...s.sites.x, ...s.existing.x]),
    sy = Float64Array.from([...s.sites.y, ...s.existing.y])
  const group = Int32Array.from([...s.sites.group, ...new Array(E).fill(-1)])
  const existing = Array.from({ length: E }, (_, e) => m + e)
  progress(0.1, 'coverage sets')
  // New sites reach the planner's radius; existing posts, where they stand, their own.
  const radius = Float64Array.from({ length: m + E }, (_, j) => (j < m ? s.radius : (s.existing.radius?.[j - m] ?? s.radius)))
  const p = { cover: coverSets(s.demand.x, s.demand.y, sx, sy, radius), w: s.demand.w, group, budget }
  progress(0.3, 'greedy')
  const g = relocateGreedy(p, existing, s.k, s.moves)
  const pick = (chosen: number[]) => chosen.filter((j) => j < m)
  const movedFrom = (chosen: number[]) => existing.filter((e) => !chosen.includes(e)).map((e) => e - m)
  if (!s.exact) {
    return {
      chosen: pick(g.chosen),
      closed: movedFrom(g.chosen),
      solver: 'greedy+swaps',
      status: 'heuristic',
      objective: g.covered,
      bound: null,
      gap: null,
      before: g.before,
      after: g.covered,
      total: g.total,
      greedy: { objective: g.covered, ms: g.ms },
      ms: performance.now() - t0,
    }
  }
  progress(0.5, 'highs')
  const e = await solveCoverMilp(
    p,
    { problem: 'mclp', k: E + s.k },
    { timeLimitS: s.timeLimitS, keep: { sites: existing, min: Math.max(0, E - s.moves) } },
  )
  const better = e.chosen.length > 0 && e.objective >= g.covered
  const chosen = better ? e.chosen : g.chosen
  return {
    chosen: pick(chosen),
    closed: movedFrom(chosen),
    solver: better ? 'highs' : 'greedy+swaps (HiGHS found no better)',
    status: e.status,
    objective: better ? e.objective : g.covered,
    bound: e.bound,
    gap: e.gap,
    before: g.before,
    after: better ? e.objective : g.covered,
    total: g.total,
    greedy: { objective: g.covered, ms: g.ms },
    ms: performance.now() - t0,
  }
}

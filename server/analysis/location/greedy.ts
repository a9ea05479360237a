import { coveredWeight, type Cover } from './coverage.ts'
import { MaxHeap } from './heap.ts'

export interface CoverProblem {
  cover: Cover
  /** Demand weights (population, or population × risk). */
  w: Float64Array
  /** How many existing posts already cover each demand point (they stay open). */
  base?: Uint32Array
  /** Optional group of each site (a province) and the most new posts each group may get. */
  group?: Int32Array
  budget?: ReadonlyMap<number, number>
}

export interface Placement {
  chosen: number[]
  /** Weighted demand covered before (existing posts) and after. */
  before: number
  covered: number
  total: number
  ms: number
  passes: number
}

const EPS = 1e-9

/** Mutable coverage state: cover counts and the budget used per group. */
class State {
  count: Uint32Array
  used = new Map<number, number>()
  chosen: number[] = []
  isChosen: Uint8Array
  constructor(readonly p: CoverProblem) {
    this.count = p.base ? Uint32Array.from(p.base) : new Uint32Array(p.cover.demand)
    this.isChosen = new Uint8Array(p.cover.sites)
  }
  allowed(j: number, freeing = -1): boolean {
    const g = this.p.group?.[j]
    if (g == null || !this.p.budget?.has(g)) return true
    const used = (this.used.get(g) ?? 0) - (freeing >= 0 && this.p.group![freeing] === g ? 1 : 0)
    return used < this.p.budget.get(g)!
  }
  gain(j: number): number {
    const { offsets, items } = this.p.cover
    let s = 0
    for (let k = offsets[j]; k < offsets[j + 1]; k++) if (this.count[items[k]] === 0) s += this.p.w[items[k]]
    return s
  }
  add(j: number) {
    const { offsets, items } = this.p.cover
    for (let k = offsets[j]; k < offsets[j + 1]; k++) this.count[items[k]]++
    this.isChosen[j] = 1
    this.chosen.push(j)
    const g = this.p.group?.[j]
    if (g != null) this.used.set(g, (this.used.get(g) ?? 0) + 1)
  }
  remove(j: number) {
    const { offsets, items } = this.p.cover
    for (let k = offsets[j]; k < offsets[j + 1]; k++) this.count[items[k]]--
    this.isChosen[j] = 0
    this.chosen.splice(this.chosen.indexOf(j), 1)
    const g = this.p.group?.[j]
    if (g != null) this.used.set(g, (this.used.get(g) ?? 0) - 1)
  }
  covered(): number {
    return coveredWeight(this.count, this.p.w)
  }
}

/** Lazy greedy: adds the site with the largest marginal coverage until `stop` says so (gains only shrink). */
function lazyGreedy(st: State, stop: (added: number, gain: number) => boolean) {
  const heap = new MaxHeap(st.p.cover.sites)
  for (let j = 0; j < st.p.cover.sites; j++)
    if (!st.isChosen[j]) {
      const g = st.gain(j)
      if (g > 0) heap.push(g, j)
    }
  let added = 0
  while (heap.size) {
    const j = heap.pop()
    if (!st.allowed(j)) continue
    const g = st.gain(j)
    if (heap.size && g + EPS < heap.topKey()) {
      if (g > 0) heap.push(g, j)
      continue
    }
    if (stop(added, g)) return
    st.add(j)
    added++
  }
}

/**
 * Interchange (Teitz–Bart style) for coverage: swap a chosen site for an unchosen one while it raises the covered
 * weight, best swap per chosen site, until a pass improves nothing or the time is up.
 */
function interchange(st: State, deadline: number): number {
  const { offsets, items, sites } = st.p.cover
  const w = st.p.w
  const flag = new Uint8Array(st.p.cover.demand)
  let passes = 0
  for (let improved = true; improved && performance.now() < deadline; ) {
    improved = false
    passes++
    for (const s of [...st.chosen]) {
      if (performance.now() > deadline) break
      let loss = 0
      for (let k = offsets[s]; k < offsets[s + 1]; k++) {
        const i = items[k]
        if (st.count[i] === 1) {
          loss += w[i]
          flag[i] = 1
        }
      }
      let best = EPS,
        bestC = -1
      for (let c = 0; c < sites; c++) {
        if (st.isChosen[c] || !st.allowed(c, s)) continue
        let g = 0
        for (let k = offsets[c]; k < offsets[c + 1]; k++) {
          const i = items[k]
          if (st.count[i] === 0 || flag[i]) g += w[i]
        }
        if (g - loss > best) {
          best = g - loss
          bestC = c
        }
      }
      for (let k = offsets[s]; k < offsets[s + 1]; k++) flag[items[k]] = 0
      if (bestC >= 0) {
        st.remove(s)
        st.add(bestC)
        improved = true
      }
    }
  }
  return passes
}

const totalWeight = (w: Float64Array) => w.reduce((a, b) => a + b, 0)

/** MCLP: K new sites maximising the weighted demand covered (existing posts kept), greedy then interchange. */
export function mclpGreedy(p: CoverProblem, k: number, opts: { interchange?: boolean; timeLimitMs?: number } = {}): Placement {
  const t0 = performance.now()
  const st = new State(p)
  const before = st.covered()
  lazyGreedy(st, (added, gain) => added >= k || gain <= 0)
  const passes = opts.interchange === false ? 0 : interchange(st, t0 + (opts.timeLimitMs ?? 10_000))
  return {
    chosen: [...st.chosen].sort((a, b) => a - b),
    before,
    covered: st.covered(),
    total: totalWeight(p.w),
    ms: performance.now() - t0,
    passes,
  }
}

/**
 * LSCP (partial): the fewest new sites that cover at least `fraction` of the weighted demand. Greedy until the
 * target is met, then drops any site the target does not need. Infeasible targets return what is reachable.
 */
export function lscpGreedy(p: CoverProblem, fraction: number): Placement & { feasible: boolean } {
  const t0 = performance.now()
  const st = new State(p)
  const before = st.covered()
  const total = totalWeight(p.w)
  const target = fraction * total - EPS
  let covered = before
  // The stop test sees each site's exact gain just before it is added.
  lazyGreedy(st, (_, gain) => {
    if (covered >= target || gain <= 0) return true
    covered += gain
    return false
  })
  // Redundant sites: drop the least useful while the target still holds.
  for (const j of [...st.chosen].reverse()) {
    st.remove(j)
    if (st.covered() < target) st.add(j)
  }
  covered = st.covered()
  return {
    chosen: [...st.chosen].sort((a, b) => a - b),
    before,
    covered,
    total,
    ms: performance.now() - t0,
    passes: 0,
    feasible: covered >= target,
  }
}

/**
 * Relocation: the existing posts are sites `existing` (open at the start); K new sites are added greedily, then up to
 * `moves` times the best swap of an existing post for an unchosen site is made while it raises the covered weight.
 */
export function relocateGreedy(p: CoverProblem, existing: number[], k: number, moves: number): Placement & { moved: [number, number][] } {
  const t0 = performance.now()
  const st = new State(p)
  for (const e of existing) st.add(e)
  const before = st.covered()
  lazyGreedy(st, (added, gain) => added >= k || gain <= 0)
  const { offsets, items, sites } = p.cover
  const w = p.w
  const isExisting = new Uint8Array(sites)
  for (const e of existing) isExisting[e] = 1
  // Which sites cover each demand point (the cover sets inverted), so a move's bonus is found from its neighbours only.
  const dOff = new Uint32Array(p.cover.demand + 1)
  for (let q = 0; q < items.length; q++) dOff[items[q] + 1]++
  for (let i = 0; i < p.cover.demand; i++) dOff[i + 1] += dOff[i]
  const dSites = new Uint32Array(items.length)
  const fill = dOff.slice(0, p.cover.demand)
  for (let j = 0; j < sites; j++) for (let q = offsets[j]; q < offsets[j + 1]; q++) dSites[fill[items[q]]++] = j
  const gain = new Float64Array(sites),
    bonus = new Float64Array(sites)
  const moved: [number, number][] = []
  for (let m = 0; m < moves; m++) {
    // Moving s to c gains what c covers that nobody covers, plus what only s covered and c covers too, less what only s covered.
    const free: number[] = []
    for (let c = 0; c < sites; c++) {
      if (st.isChosen[c] || isExisting[c]) {
        gain[c] = -1
        continue
      }
      let g = 0
      for (let q = offsets[c]; q < offsets[c + 1]; q++) if (st.count[items[q]] === 0) g += w[items[q]]
      gain[c] = g
      free.push(c)
    }
    free.sort((a, b) => gain[b] - gain[a] || a - b)
    let best = EPS,
      pair: [number, number] | null = null
    for (const s of st.chosen) {
      if (!isExisting[s]) continue
      let loss = 0
      const touched: number[] = []
      for (let q = offsets[s]; q < offsets[s + 1]; q++) {
        const i = items[q]
        if (st.count[i] !== 1) continue
        loss += w[i]
        for (let r = dOff[i]; r < dOff[i + 1]; r++) {
          const c = dSites[r]
          if (gain[c] >= 0) {
            if (bonus[c] === 0) touched.push(c)
            bonus[c] += w[i]
          }
        }
      }
      for (const c of touched)
        if (gain[c] + bonus[c] - loss > best && st.allowed(c, s)) {
          best = gain[c] + bonus[c] - loss
          pair = [s, c]
        }
      // Untouched sites gain only their own g: the first allowed one in descending order is the best of them.
      for (const c of free) {
        if (gain[c] - loss <= best) break
        if (bonus[c] === 0 && st.allowed(c, s)) {
          best = gain[c] - loss
          pair = [s, c]
          break
        }
      }
      for (const c of touched) bonus[c] = 0
    }
    if (!pair) break
    st.remove(pair[0])
    st.add(pair[1])
    moved.push(pair)
  }
  return {
    chosen: [...st.chosen].sort((a, b) => a - b),
    before,
    covered: st.covered(),
    total: totalWeight(w),
    ms: performance.now() - t0,
    passes: moved.length,
    moved,
  }
}

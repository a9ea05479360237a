import Flatbush from 'flatbush'
import { MaxHeap } from './heap.ts'

/**
 * p-median on nearest-candidate lists: each demand point may be served by its L nearest candidate sites (within
 * maxDist) or by the nearest existing post; distances are planar metres (EPSG:32648) and capped at maxDist, so a
 * point far from everything costs w × maxDist. Lists keep the problem sparse on 14k villages; L and maxDist are in
 * the result so a figure can be reproduced.
 */
export interface PMedianInstance {
  demand: number
  sites: number
  w: Float64Array
  /** Demand-major candidate lists, nearest first. */
  dOff: Uint32Array
  dSite: Uint32Array
  dDist: Float64Array
  /** Site-major lists (the same pairs). */
  sOff: Uint32Array
  sDem: Uint32Array
  sDist: Float64Array
  /** Distance to the nearest existing post, capped at maxDist. */
  base: Float64Array
  maxDist: number
  L: number
}

export function pmedianInstance(
  dx: Float64Array,
  dy: Float64Array,
  w: Float64Array,
  sx: Float64Array,
  sy: Float64Array,
  opts: { L?: number; maxDist?: number; existingX?: Float64Array; existingY?: Float64Array } = {},
): PMedianInstance {
  const L = opts.L ?? 30,
    maxDist = opts.maxDist ?? 30_000
  const n = dx.length,
    m = sx.length
  const index = new Flatbush(Math.max(1, m))
  for (let j = 0; j < m; j++) index.add(sx[j], sy[j], sx[j], sy[j])
  if (!m) index.add(Infinity, Infinity, Infinity, Infinity)
  index.finish()
  const dOff = new Uint32Array(n + 1)
  const site: number[] = [],
    dist: number[] = []
  for (let i = 0; i < n; i++) {
    const near = m ? index.neighbors(dx[i], dy[i], L, maxDist) : []
    for (const j of near) {
      site.push(j)
      dist.push(Math.hypot(dx[i] - sx[j], dy[i] - sy[j]))
    }
    dOff[i + 1] = site.length
  }
  const base = new Float64Array(n).fill(maxDist)
  if (opts.existingX?.length) {
    const ex = new Flatbush(opts.existingX.length)
    for (let k = 0; k < opts.existingX.length; k++) ex.add(opts.existingX[k], opts.existingY![k], opts.existingX[k], opts.existingY![k])
    ex.finish()
    for (let i = 0; i < n; i++) {
      const [k] = ex.neighbors(dx[i], dy[i], 1, maxDist)
      if (k != null) base[i] = Math.hypot(dx[i] - opts.existingX[k], dy[i] - opts.existingY![k])
    }
  }
  // Site-major copy.
  const sOff = new Uint32Array(m + 1)
  for (const j of site) sOff[j + 1]++
  for (let j = 0; j < m; j++) sOff[j + 1] += sOff[j]
  const fill = sOff.slice(0, m)
  const sDem = new Uint32Array(site.length),
    sDist = new Float64Array(site.length)
  for (let i = 0; i < n; i++)
    for (let k = dOff[i]; k < dOff[i + 1]; k++) {
      const at = fill[site[k]]++
      sDem[at] = i
      sDist[at] = dist[k]
    }
  return {
    demand: n,
    sites: m,
    w,
    dOff,
    dSite: Uint32Array.from(site),
    dDist: Float64Array.from(dist),
    sOff,
    sDem,
    sDist,
    base,
    maxDist,
    L,
  }
}

export interface PMedianResult {
  chosen: number[]
  before: number
  cost: number
  ms: number
  passes: number
}

/** Weighted distance of each point to its nearest open site (or existing post, or the cap). */
function nearest(inst: PMedianInstance, open: Uint8Array, d1: Float64Array, by: Int32Array, d2: Float64Array) {
  for (let i = 0; i < inst.demand; i++) {
    // The existing post (or the cap) is always there: nearest a (site ai, -1 for it) and second nearest b.
    let a = inst.base[i],
      ai = -1,
      b = inst.maxDist
    for (let k = inst.dOff[i]; k < inst.dOff[i + 1]; k++) {
      const j = inst.dSite[k]
      if (!open[j]) continue
      const d = inst.dDist[k]
      if (d < a) {
        b = a
        a = d
        ai = j
      } else if (d < b) b = d
    }
    d1[i] = a
    by[i] = ai
    d2[i] = b
  }
}

const cost = (inst: PMedianInstance, d1: Float64Array) => {
  let s = 0
  for (let i = 0; i < inst.demand; i++) s += inst.w[i] * d1[i]
  return s
}

/** Lazy greedy (adds the site saving the most weighted distance), then swap interchange until no swap helps. */
export function pmedianGreedy(inst: PMedianInstance, p: number, opts: { timeLimitMs?: number } = {}): PMedianResult {
  const t0 = performance.now()
  const { w, sOff, sDem, sDist } = inst
  const cur = Float64Array.from(inst.base)
  const before = cost(inst, cur)
  const open = new Uint8Array(inst.sites)
  const saving = (j: number) => {
    let s = 0
    for (let k = sOff[j]; k < sOff[j + 1]; k++) {
      const i = sDem[k]
      if (sDist[k] < cur[i]) s += w[i] * (cur[i] - sDist[k])
    }
    return s
  }
  const heap = new MaxHeap(inst.sites)
  for (let j = 0; j < inst.sites; j++) {
    const s = saving(j)
    if (s > 0) heap.push(s, j)
  }
  const chosen: number[] = []
  while (chosen.length < p && heap.size) {
    const j = heap.pop()
    const s = saving(j)
    if (heap.size && s + 1e-9 < heap.topKey()) {
      if (s > 0) heap.push(s, j)
      continue
    }
    if (s <= 0) break
    open[j] = 1
    chosen.push(j)
    for (let k = sOff[j]; k < sOff[j + 1]; k++) if (sDist[k] < cur[sDem[k]]) cur[sDem[k]] = sDist[k]
  }
  // Interchange: removing s sends its points to their second nearest; adding c pulls in those closer to c.
  const d1 = new Float64Array(inst.demand),
    d2 = new Float64Array(inst.demand),
    by = new Int32Array(inst.demand)
  const after = new Float64Array(inst.demand)
  const deadline = t0 + (opts.timeLimitMs ?? 10_000)
  let passes = 0
  for (let improved = true; improved && performance.now() < deadline; ) {
    improved = false
    passes++
    for (const s of [...chosen]) {
      if (performance.now() > deadline) break
      nearest(inst, open, d1, by, d2)
      let removeCost = 0
      for (let i = 0; i < inst.demand; i++) {
        after[i] = by[i] === s ? d2[i] : d1[i]
        removeCost += w[i] * (after[i] - d1[i])
      }
      let best = -1e-9,
        bestC = -1
      for (let c = 0; c < inst.sites; c++) {
        if (open[c]) continue
        let gain = 0
        for (let k = sOff[c]; k < sOff[c + 1]; k++) {
          const i = sDem[k]
          if (sDist[k] < after[i]) gain += w[i] * (after[i] - sDist[k])
        }
        const delta = removeCost - gain
        if (delta < best) {
          best = delta
          bestC = c
        }
      }
      if (bestC >= 0) {
        open[s] = 0
        open[bestC] = 1
        chosen[chosen.indexOf(s)] = bestC
        improved = true
      }
    }
  }
  nearest(inst, open, d1, by, d2)
  return { chosen: chosen.sort((a, b) => a - b), before, cost: cost(inst, d1), ms: performance.now() - t0, passes }
}

import os from 'node:os'
import { HttpError } from '../routes/errors.ts'

/**
 * Every limit on heavy work, in one place (docs/limits.md explains each). Cost estimates are made before any
 * heavy work starts; over a budget the request is refused with 422 naming the parameter to change.
 */

/** Threads of the interactive pool (density, hot spots, briefing drawing), and of the job pool (placement solves). */
export const POOL = {
  size: Math.max(1, Number(process.env.COMPUTE_THREADS) || (os.availableParallelism?.() ?? 2)),
  maxQueue: 16,
  jobThreads: Math.max(1, Math.floor((os.availableParallelism?.() ?? 2) / 2)),
  jobMaxQueue: 16,
  /** V8 heap bound of each thread (typed arrays are outside it: the budgets below bound those). */
  heapMb: 768,
  youngMb: 64,
}

/** Wall-clock limits of one task once it runs on a thread (mutable so tests can shorten them). */
export const TIME_LIMIT_MS = { kde: 30_000, render: 15_000, hotspots: 30_000, briefing: 60_000 }

/** Heavy requests at once (density, hot spots not in the cache, briefings), and placement jobs. */
export const CAPS = {
  perUser: 2,
  perRole: { admin: 8, officer: 6, analyst: 6, viewer: 4 } as Record<string, number>,
  /** Placement jobs running or queued per user (they have their own pool), and exact (HiGHS) ones among them. */
  jobsPerUser: 8,
  exactJobsPerUser: 1,
  retryAfterS: 5,
}

export const BUDGET = {
  /** Density grid cells (each a float64, twice with per=population). */
  kdeCells: 4_000_000,
  /** Kernel evaluations: points × grid cells within the kernel's reach, ×4 for the Gaussian (exp is costlier). */
  kdeWork: 1_200_000_000,
  /** Hexagons or squares of a grid analysis. */
  gridUnits: 50_000,
  /** Neighbour pairs of the spatial weights (units × mean neighbours); optimized hot spots build 11 sets. */
  weightPairs: 5_000_000,
  /** Local Moran's conditional permutations: permutations × neighbour pairs. */
  permutationDraws: 500_000_000,
  /** Emerging hot spots: neighbour pairs × time steps × 3 (the step before and after). */
  spaceTimePairs: 200_000_000,
  /** Exact placement: demand points × candidate sites. */
  exactPairs: 40_000_000,
  /** Greedy placement: demand points × new posts (the interchange passes). */
  greedyWork: 20_000_000,
}

/** Cambodia's land area (km²), the region of a national analysis. */
export const CAMBODIA_KM2 = 181_035
/** A hexagon of edge s covers (3√3/2) s². */
export const HEX_AREA_FACTOR = (3 * Math.sqrt(3)) / 2

/** A budget refusal: 422 naming the parameter, with the estimate and the budget. */
export class BudgetError extends HttpError {
  constructor(field: string, message: string) {
    super(422, message, field)
  }
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toPrecision(3)} million` : Math.round(n).toLocaleString('en-US'))
const refuse = (field: string, what: string, estimate: number, budget: number, hint: string) =>
  new BudgetError(field, `${what}: about ${fmt(estimate)}, over the budget of ${fmt(budget)} (docs/limits.md); ${hint}`)

/** Grid cells of a kernel density run, then kernel evaluations over every surface (incidents, population). */
export function checkKde(p: {
  cells: number
  cell: number
  reach: number
  kernel: 'quartic' | 'gaussian'
  points: number[]
  bandwidthGiven: boolean
}) {
  if (p.cells > BUDGET.kdeCells)
    throw refuse('cell', `a ${p.cell} m cell makes ${fmt(p.cells)} grid cells`, p.cells, BUDGET.kdeCells, 'use a larger cell')
  const work = kdeWork(p)
  if (work > BUDGET.kdeWork) {
    throw refuse(
      p.bandwidthGiven ? 'bandwidth' : 'cell',
      `kernel evaluations (points × cells within the ${Math.round(p.reach)} m reach of the ${p.kernel} kernel at a ${p.cell} m cell)`,
      work,
      BUDGET.kdeWork,
      p.bandwidthGiven ? 'use a smaller bandwidth or a larger cell' : 'use a larger cell',
    )
  }
  return work
}

/** Points × min(grid cells, cells in the disc of the kernel's reach) per surface; ×4 for the Gaussian. */
export function kdeWork(p: { cells: number; cell: number; reach: number; kernel: 'quartic' | 'gaussian'; points: number[] }) {
  const footprint = Math.min(p.cells, Math.PI * (p.reach / p.cell) ** 2 + 1)
  return p.points.reduce((s, n) => s + n * footprint, 0) * (p.kernel === 'gaussian' ? 4 : 1)
}

/** Hexagons or squares of `size` over a region of `areaKm2` (cells touching the edge add a ring). */
export function gridUnitCount(kind: 'hex' | 'square', size: number, areaKm2: number): number {
  const cellM2 = kind === 'hex' ? HEX_AREA_FACTOR * size * size : size * size
  const perimeterKm = 4 * Math.sqrt(areaKm2)
  return (areaKm2 * 1e6) / cellM2 + (perimeterKm * 1000) / size
}

export interface HotspotCost {
  method: 'gistar' | 'localmoran' | 'optimized' | 'ehsa'
  unit: 'hex' | 'square' | 'commune' | 'village'
  size: number
  band?: number
  knn?: number
  permutations: number
  /** Units analysed (for grids: estimated from the region), and the region's area in km². */
  units: number
  areaKm2: number
  /** Time steps (emerging hot spots). */
  steps?: number
}

/** Mean neighbours per unit of the weights a request asks for (a band: the units in its disc at uniform density). */
export function meanNeighbours(c: HotspotCost): number {
  const n = c.units
  if (c.knn != null) return Math.min(c.knn, n - 1)
  if (c.band != null) return Math.min(n - 1, (Math.PI * c.band * c.band * n) / (c.areaKm2 * 1e6))
  if (c.unit === 'village') return 8
  return 6 // queen contiguity of communes, the first ring of a grid
}

/** Refuses a hot spot request whose units, weights or permutations are over budget. */
export function checkHotspots(c: HotspotCost) {
  const grid = c.unit === 'hex' || c.unit === 'square'
  if (grid && c.units > BUDGET.gridUnits) {
    throw refuse(
      'size',
      `${c.unit === 'hex' ? 'hexagons' : 'squares'} of ${c.size} m over the region`,
      c.units,
      BUDGET.gridUnits,
      'use a larger size',
    )
  }
  const pairs = c.units * meanNeighbours(c)
  if (pairs > BUDGET.weightPairs) {
    const field = c.band != null ? 'band' : c.knn != null ? 'knn' : 'size'
    throw refuse(
      field,
      `neighbour pairs of the spatial weights (${fmt(c.units)} units × ${fmt(pairs / c.units)} neighbours)`,
      pairs,
      BUDGET.weightPairs,
      `use a smaller ${field === 'size' ? 'number of units (a larger size)' : field}`,
    )
  }
  if (c.method === 'optimized') {
    // Its bands reach about 3.6 × 30 neighbours (k ≤ 30 grown by 90%), for 11 weight sets.
    const opt = c.units * Math.min(c.units - 1, 110)
    if (opt > BUDGET.weightPairs)
      throw refuse('size', 'neighbour pairs of the widest band optimized hot spots try', opt, BUDGET.weightPairs, 'use a larger size')
  }
  if (c.method === 'localmoran') {
    const draws = c.permutations * pairs
    if (draws > BUDGET.permutationDraws)
      throw refuse(
        'permutations',
        `permutation draws (${c.permutations} × ${fmt(pairs)} neighbour pairs)`,
        draws,
        BUDGET.permutationDraws,
        'use fewer permutations or fewer units',
      )
  }
  if (c.method === 'ehsa' && c.steps != null) {
    const st = pairs * c.steps * 3
    if (st > BUDGET.spaceTimePairs)
      throw refuse(
        'step',
        `space-time neighbour pairs (${fmt(pairs)} × ${c.steps} steps × 3)`,
        st,
        BUDGET.spaceTimePairs,
        'use step=quarter, a shorter period or a larger size',
      )
  }
  return pairs
}

/** Refuses a placement whose exact model or greedy passes are over budget. */
export function checkPlacement(p: { demand: number; sites: number; k: number; exact: boolean }) {
  if (p.exact && p.demand * p.sites > BUDGET.exactPairs) {
    throw refuse(
      'exact',
      `an exact model of ${fmt(p.demand)} villages × ${fmt(p.sites)} candidate sites`,
      p.demand * p.sites,
      BUDGET.exactPairs,
      'choose a smaller area or exact=false',
    )
  }
  if (p.demand * p.k > BUDGET.greedyWork)
    throw refuse(
      'k',
      `${fmt(p.demand)} villages × ${p.k} new posts`,
      p.demand * p.k,
      BUDGET.greedyWork,
      'ask for fewer posts or a smaller area',
    )
}

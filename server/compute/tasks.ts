// The work a compute thread can do. Each task takes plain data (typed arrays, numbers, strings) and returns plain
// data; modules load on first use, so a thread starts quickly. The main thread imports only the types.
import type { Grid, KdeOptions } from '../analysis/kde.ts'
import type { SolveInput } from '../analysis/location/solve.ts'
import type { BriefingMeta } from '../pdf/briefing-pdf.ts'
import type { BriefingData } from '../pdf/briefing-types.ts'
import type { DensityMeta } from '../formats/density-image.ts'
import type { HotspotInput } from './hotspot-analysis.ts'

export interface TaskContext {
  progress: (p: number, stage: string) => void
}

export const TASKS = {
  /** Kernel density of (a share of) the points on a grid. */
  async kde(a: { x: Float64Array; y: Float64Array; w: Float64Array | null; opts: Omit<KdeOptions, 'weights'> }): Promise<Grid> {
    const { kernelDensity } = await import('../analysis/kde.ts')
    return kernelDensity(a.x, a.y, { ...a.opts, weights: a.w ?? undefined })
  },
  /** Esri's default KDE bandwidth of weighted points. */
  async defaultBandwidth(a: { x: Float64Array; y: Float64Array; w: Float64Array }): Promise<number> {
    const { defaultBandwidth } = await import('../analysis/kde.ts')
    return defaultBandwidth(a.x, a.y, a.w)
  },
  /** A density grid's rate (per=population), maximum and colour-scale top. */
  async densityScale(a: { values: Float64Array; population: Float64Array | null }) {
    const { scaleDensity } = await import('../formats/density-image.ts')
    return scaleDensity(a.values, a.population)
  },
  /** The density answer as a PNG. */
  async densityPng(a: { grid: Grid; meta: DensityMeta }): Promise<Uint8Array<ArrayBuffer>> {
    const { densityPng } = await import('../formats/density-image.ts')
    const png = densityPng(a.grid, a.meta.scale_max)
    return png.buffer instanceof ArrayBuffer ? new Uint8Array(png.buffer, png.byteOffset, png.byteLength) : new Uint8Array(png)
  },
  /** The density answer as GeoJSON contours (text). */
  async densityContours(a: { grid: Grid; meta: DensityMeta; levels: number }): Promise<string> {
    const { densityContours } = await import('../formats/density-image.ts')
    return densityContours(a.grid, a.meta, a.levels)
  },
  /** Weights and the local statistic of a hot spot method on units already loaded. */
  async hotspots(a: HotspotInput) {
    const { analyseHotspots } = await import('./hotspot-analysis.ts')
    return analyseHotspots(a)
  },
  /** Mean distance from each point to its nearest other one (optimized hot spots' automatic cell size). */
  async meanNearest(a: { x: Float64Array; y: Float64Array }): Promise<number> {
    const { meanKthNeighborDistance } = await import('../analysis/weights.ts')
    return meanKthNeighborDistance(a.x, a.y, 1)
  },
  /** A placement solve (greedy, and HiGHS when exact), reporting progress. */
  async placement(a: SolveInput, ctx: TaskContext) {
    const { solvePlacement } = await import('../analysis/location/solve.ts')
    return solvePlacement(a, ctx.progress)
  },
  /** The briefing PDF drawn from its gathered data. */
  async briefingPdf(a: { data: BriefingData; meta: BriefingMeta }): Promise<Uint8Array> {
    const { renderBriefing } = await import('../pdf/briefing-pdf.ts')
    return renderBriefing(a.data, a.meta)
  },
  /** Test probes (never reached from a route): spin for ms, grow the JS heap without end, fail, echo. */
  async probeSpin(a: { ms: number }): Promise<number> {
    const end = Date.now() + a.ms
    let n = 0
    while (Date.now() < end) n++
    return n
  },
  async probeAlloc(): Promise<number> {
    const keep: number[][] = []
    for (;;) keep.push(Array.from({ length: 10_000 }, (_, i) => i + keep.length))
  },
  async probeFail(a: { message: string; range?: boolean }): Promise<never> {
    throw a.range ? new RangeError(a.message) : new Error(a.message)
  },
  async probeEcho(a: { values: Float64Array }): Promise<{ values: Float64Array; sum: number; threadId: number }> {
    const { threadId } = await import('node:worker_threads')
    let sum = 0
    for (const v of a.values) sum += v
    return { values: a.values, sum, threadId }
  },
}

export type TaskName = keyof typeof TASKS
export type TaskArgs<K extends TaskName> = Parameters<(typeof TASKS)[K]>[0]
export type TaskResult<K extends TaskName> = Awaited<ReturnType<(typeof TASKS)[K]>>

import os from 'node:os'
import { TIME_LIMIT_MS } from './budgets.ts'
import { computePool } from './index.ts'
import type { Grid, KdeOptions } from '../analysis/kde.ts'

export interface KdeRun {
  signal?: AbortSignal
  timeoutMs?: number
}

/**
 * kernelDensity on the compute pool's threads, never on the caller's: a large job is split by points (each thread
 * splats its share onto a private grid of the same extent; the grids are summed), a small one is one task. The
 * pool's time limit, cancellation and heap bound apply (compute/pool.ts).
 */
export async function kernelDensityParallel(
  x: Float64Array,
  y: Float64Array,
  opts: KdeOptions & { bbox: [number, number, number, number] },
  threads = os.availableParallelism?.() ?? 2,
  run: KdeRun = {},
): Promise<Grid> {
  const n = x.length
  const pool = computePool()
  const k = n < 200_000 ? 1 : Math.max(1, Math.min(threads, pool.opts.size, 8))
  const { weights, ...rest } = opts
  const w = weights ? Float64Array.from(weights) : null
  const parts = Array.from({ length: k }, (_, t) => [Math.floor((t * n) / k), Math.floor(((t + 1) * n) / k)])
  const grids = await Promise.all(
    parts.map(([a, b]) => {
      // Copies of the slice, moved (not copied again) into the thread.
      const xs = x.slice(a, b),
        ys = y.slice(a, b),
        ws = w ? w.slice(a, b) : null
      return pool.run(
        'kde',
        { x: xs, y: ys, w: ws, opts: rest },
        {
          timeoutMs: run.timeoutMs ?? TIME_LIMIT_MS.kde,
          signal: run.signal,
          transfer: [xs.buffer, ys.buffer, ...(ws ? [ws.buffer] : [])],
        },
      )
    }),
  )
  const base = grids[0]
  for (const g of grids.slice(1)) for (let i = 0; i < g.values.length; i++) base.values[i] += g.values[i]
  return base
}

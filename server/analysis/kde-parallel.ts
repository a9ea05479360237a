import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { kernelDensity, type Grid, type KdeOptions } from './kde.ts'

/**
 * kernelDensity split over worker threads by points (each worker splats its share onto a private grid of the same
 * extent; the grids are summed). Falls back to one thread when workers cannot load TypeScript (e.g. under a test
 * runner) or when the job is small.
 */
export async function kernelDensityParallel(x: Float64Array, y: Float64Array, opts: KdeOptions & { bbox: [number, number, number, number] }, threads = os.availableParallelism?.() ?? 2): Promise<Grid> {
  const n = x.length
  const k = Math.min(threads, 8)
  if (k < 2 || n < 200_000) return kernelDensity(x, y, opts)
  const { weights, ...rest } = opts
  const w = weights ? Float64Array.from(weights) : null
  const parts = Array.from({ length: k }, (_, t) => [Math.floor((t * n) / k), Math.floor(((t + 1) * n) / k)])
  try {
    const results = await Promise.all(parts.map(([a, b]) => new Promise<Float64Array>((resolve, reject) => {
      const worker = new Worker(new URL('./kde-worker.mjs', import.meta.url), {
        workerData: { x: x.slice(a, b), y: y.slice(a, b), w: w ? w.slice(a, b) : null, opts: rest },
      })
      worker.once('message', (v: Float64Array) => { resolve(v); void worker.terminate() })
      worker.once('error', reject)
      worker.once('exit', (code) => { if (code !== 0) reject(new Error(`KDE worker exited with ${code}`)) })
    })))
    const base = kernelDensity(new Float64Array(0), new Float64Array(0), opts) // the empty grid of this extent
    for (const v of results) for (let i = 0; i < v.length; i++) base.values[i] += v[i]
    return base
  } catch (e) {
    if (process.env.SV_DEBUG) console.error('KDE workers unavailable:', (e as Error).message)
    return kernelDensity(x, y, opts)
  }
}

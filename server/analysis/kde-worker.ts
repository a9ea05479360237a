// Worker side of kernelDensityParallel: one slice of the points onto a private grid.
import { parentPort, workerData } from 'node:worker_threads'
import { kernelDensity } from './kde.ts'

const { x, y, w, opts } = workerData as { x: Float64Array; y: Float64Array; w: Float64Array | null; opts: any }
const g = kernelDensity(x, y, { ...opts, weights: w ?? undefined })
parentPort!.postMessage(g.values, [g.values.buffer as ArrayBuffer])

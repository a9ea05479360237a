import { parentPort, workerData } from 'node:worker_threads'
import { solvePlacement, type SolveInput } from './solve.ts'

// Runs a placement solve off the main thread (HiGHS blocks while it works), reporting progress.
const input = workerData as SolveInput
solvePlacement(input, (progress, stage) => parentPort!.postMessage({ type: 'progress', progress, stage }))
  .then((result) => parentPort!.postMessage({ type: 'done', result }))
  .catch((e) => parentPort!.postMessage({ type: 'error', message: (e as Error).message }))

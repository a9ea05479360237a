import { Worker } from 'node:worker_threads'
import type { SolveInput, SolveOutput } from './solve.ts'

/** solvePlacement in a worker thread, so the server keeps answering while HiGHS works. */
export function solveInThread(input: SolveInput, progress: (p: number, stage: string) => void): Promise<SolveOutput> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./solve-worker.mjs', import.meta.url), { workerData: input })
    w.on('message', (m) => {
      if (m.type === 'progress') progress(m.progress, m.stage)
      else if (m.type === 'done') { resolve(m.result); void w.terminate() }
      else if (m.type === 'error') { reject(new Error(m.message)); void w.terminate() }
    })
    w.on('error', reject)
    w.on('exit', (code) => { if (code !== 0) reject(new Error(`solver thread exited with ${code}`)) })
  })
}

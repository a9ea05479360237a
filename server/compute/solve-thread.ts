import { jobPool } from './index.ts'
import type { SolveInput, SolveOutput } from '../analysis/location/solve.ts'

/**
 * solvePlacement on the job pool's thread, so the server keeps answering while HiGHS works. The pool enforces the
 * time limit (the thread is terminated when it passes), the abort signal and the heap bound (compute/pool.ts).
 */
export function solveInThread(
  input: SolveInput,
  progress: (p: number, stage: string) => void,
  run: { timeoutMs: number; signal?: AbortSignal },
): Promise<SolveOutput> {
  return jobPool().run('placement', input, { timeoutMs: run.timeoutMs, signal: run.signal, onProgress: progress })
}

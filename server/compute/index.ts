import { POOL } from './budgets.ts'
import { ComputePool } from './pool.ts'

export { ComputeError, isComputeError } from './errors.ts'

let interactive: ComputePool | null = null
let jobs: ComputePool | null = null

/** The pool of the request thread's heavy work: density, hot spots, briefing drawing. */
export function computePool(): ComputePool {
  return (interactive ??= new ComputePool({
    name: 'interactive',
    size: POOL.size,
    maxQueue: POOL.maxQueue,
    heapMb: POOL.heapMb,
    youngMb: POOL.youngMb,
  }))
}

/** The pool of placement jobs (long solves), apart so they never hold up interactive analyses. */
export function jobPool(): ComputePool {
  return (jobs ??= new ComputePool({
    name: 'jobs',
    size: POOL.jobThreads,
    maxQueue: POOL.jobMaxQueue,
    heapMb: POOL.heapMb,
    youngMb: POOL.youngMb,
  }))
}

/** Both pools' state: threads, running tasks, queue, heap seen, counters (for benchmarks and tests). */
export function computeStats() {
  return { interactive: interactive?.stats() ?? null, jobs: jobs?.stats() ?? null }
}

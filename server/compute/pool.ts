import { Worker } from 'node:worker_threads'
import { ComputeError, isComputeReason } from './errors.ts'
import type { TaskArgs, TaskName, TaskResult } from './tasks.ts'

export interface PoolOptions {
  name: string
  /** Worker threads at most. */
  size: number
  /** Tasks waiting for a thread at most; one more is refused (busy). */
  maxQueue: number
  /** V8 heap bounds of each worker (resourceLimits): a task that needs more fails with memory_limit. */
  heapMb: number
  youngMb: number
  /** A thread not ready after this long is replaced (default START_LIMIT_MS). */
  startLimitMs?: number
  /** The worker's entry (a .mjs that registers tsx, then loads compute/worker.ts). */
  entry?: URL
}

export interface RunOptions {
  /** Wall-clock limit from the moment the task starts on a thread; past it the thread is terminated. */
  timeoutMs: number
  /** Aborting removes the task from the queue, or terminates its thread. */
  signal?: AbortSignal
  /** Buffers to move (not copy) into the worker; they are detached here once the task starts. */
  transfer?: ArrayBuffer[]
  onProgress?: (progress: number, stage: string) => void
}

interface Job {
  id: number
  task: string
  args: unknown
  opts: RunOptions
  resolve: (v: unknown) => void
  reject: (e: Error) => void
  slot?: Slot
  timer?: NodeJS.Timeout
  onAbort?: () => void
  startedAt?: number
}
interface Slot {
  worker: Worker
  ready: boolean
  job: Job | null
  heapMb: number | null
  tasks: number
  watchdog?: NodeJS.Timeout
}

/** A thread that has not said it is ready by then is stuck starting: it is terminated and replaced. */
export const START_LIMIT_MS = 30_000

/** What a compute thread posts (compute/worker.ts). */
export type WorkerMessage =
  | { type: 'ready' }
  | { id: number; type: 'progress'; progress: number; stage: string }
  | { id: number; type: 'done'; result: unknown; heapMb: number }
  | { id: number; type: 'error'; error: { name?: string; message?: string; reason?: string }; heapMb: number }

const DEFAULT_ENTRY = new URL('./worker.mjs', import.meta.url)

/**
 * A fixed set of worker threads with a bounded queue. Each task has a time limit that terminates its thread, an
 * AbortSignal that drops it from the queue or terminates its thread, and the thread's heap bound; a terminated or
 * failed thread is replaced. Idle threads are unref'd, so they never keep the process alive.
 */
export class ComputePool {
  private slots: Slot[] = []
  private queue: Job[] = []
  private seq = 0
  private closed = false
  readonly counters = {
    started: 0,
    done: 0,
    failed: 0,
    timed_out: 0,
    cancelled: 0,
    out_of_memory: 0,
    refused_busy: 0,
    threads_started: 0,
    threads_replaced: 0,
  }

  constructor(readonly opts: PoolOptions) {}

  private get startLimit() {
    return this.opts.startLimitMs ?? START_LIMIT_MS
  }

  run<K extends TaskName>(task: K, args: TaskArgs<K>, opts: RunOptions): Promise<TaskResult<K>> {
    return new Promise<TaskResult<K>>((resolve, reject) => {
      if (this.closed) return reject(new ComputeError('busy', 'the compute pool is closed'))
      if (opts.signal?.aborted) {
        this.counters.cancelled++
        return reject(cancelled())
      }
      const idle = this.slots.some((s) => !s.job) || this.slots.length < this.opts.size
      if (!idle && this.queue.length >= this.opts.maxQueue) {
        this.counters.refused_busy++
        return reject(new ComputeError('busy', `the server is busy (${this.queue.length} analyses waiting); try again shortly`, 5))
      }
      // The worker answers with what TASKS[task] returned (compute/worker.ts): that task's result type.
      const job: Job = { id: ++this.seq, task, args, opts, resolve: (v) => resolve(v as TaskResult<K>), reject }
      if (opts.signal) {
        job.onAbort = () => this.stop(job, cancelled(), 'cancelled')
        opts.signal.addEventListener('abort', job.onAbort, { once: true })
      }
      // A task waits for a thread at most its own time limit plus a thread's start (a long queue, a stuck start).
      job.timer = setTimeout(
        () =>
          this.stop(
            job,
            new ComputeError(
              'time_limit',
              `the analysis waited longer than ${fmtSeconds(job.opts.timeoutMs + this.startLimit)} for a compute thread and was dropped; try again shortly`,
            ),
            'timed_out',
          ),
        job.opts.timeoutMs + this.startLimit,
      )
      this.queue.push(job)
      this.pump()
    })
  }

  /** Starts the threads now (the server at start-up), so the first heavy requests do not pay for loading them. */
  warm(): this {
    while (!this.closed && this.slots.length < this.opts.size) this.spawn()
    return this
  }

  /** Queue length, threads, running tasks (with their age), heap seen, and counters since start. */
  stats() {
    const now = performance.now()
    return {
      name: this.opts.name,
      size: this.opts.size,
      threads: this.slots.length,
      ready: this.slots.filter((s) => s.ready).length,
      running: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
      max_queue: this.opts.maxQueue,
      heap_limit_mb: this.opts.heapMb,
      heap_used_mb: this.slots.map((s) => s.heapMb),
      tasks: this.slots.filter((s) => s.job).map((s) => ({ task: s.job!.task, ms: Math.round(now - (s.job!.startedAt ?? now)) })),
      ...this.counters,
    }
  }

  /** Terminates every thread; queued and running tasks fail. */
  async close(): Promise<void> {
    this.closed = true
    for (const j of this.queue.splice(0)) this.settle(j, new ComputeError('busy', 'the compute pool closed'))
    await Promise.all(
      this.slots.splice(0).map((s) => {
        if (s.job) this.settle(s.job, new ComputeError('busy', 'the compute pool closed'))
        return s.worker.terminate()
      }),
    )
  }

  private pump() {
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && !s.job)
      if (!slot) break
      this.start(slot, this.queue.shift()!)
    }
    // Start threads for what waits, up to the size (a starting thread takes the next task when ready).
    const starting = this.slots.filter((s) => !s.ready).length
    for (let k = starting; k < this.queue.length && this.slots.length < this.opts.size; k++) this.spawn()
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.entry ?? DEFAULT_ENTRY, {
      name: `compute-${this.opts.name}`,
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb, maxYoungGenerationSizeMb: this.opts.youngMb },
    })
    const slot: Slot = { worker, ready: false, job: null, heapMb: null, tasks: 0 }
    this.slots.push(slot)
    this.counters.threads_started++
    worker.unref()
    slot.watchdog = setTimeout(() => {
      if (!slot.ready) this.lost(slot, new ComputeError('worker_failed', 'a compute thread did not start in time'))
    }, this.startLimit)
    slot.watchdog.unref()
    worker.on('message', (m) => this.onMessage(slot, m))
    worker.on('error', (e: Error & { code?: string }) =>
      this.lost(
        slot,
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ComputeError(
              'memory_limit',
              `the analysis needed more than the ${this.opts.heapMb} MB memory limit of a compute thread; ask for less (a larger cell, a smaller band, fewer permutations)`,
            )
          : new ComputeError('worker_failed', `a compute thread failed: ${e.message}`),
      ),
    )
    worker.on('exit', (code) => this.lost(slot, new ComputeError('worker_failed', `a compute thread stopped (exit code ${code})`)))
    return slot
  }

  private start(slot: Slot, job: Job) {
    slot.job = job
    slot.tasks++
    job.slot = slot
    job.startedAt = performance.now()
    this.counters.started++
    clearTimeout(job.timer)
    job.timer = setTimeout(
      () =>
        this.stop(
          job,
          new ComputeError(
            'time_limit',
            `the analysis passed its time limit of ${fmtSeconds(job.opts.timeoutMs)} and was stopped; ask for less (a larger cell or size, a smaller band, fewer permutations)`,
          ),
          'timed_out',
        ),
      job.opts.timeoutMs,
    )
    slot.worker.ref()
    try {
      const transfer = [...new Set(job.opts.transfer ?? [])].filter((b) => b.byteLength > 0)
      slot.worker.postMessage({ id: job.id, task: job.task, args: job.args }, transfer)
    } catch (e) {
      this.finish(slot, job)
      this.counters.failed++
      this.settle(job, e as Error)
    }
  }

  private onMessage(slot: Slot, m: WorkerMessage) {
    if (!this.slots.includes(slot)) return
    if (m.type === 'ready') {
      slot.ready = true
      clearTimeout(slot.watchdog)
      this.pump()
      return
    }
    const job = slot.job
    if (!job || m.id !== job.id) return
    if (m.type === 'progress') {
      job.opts.onProgress?.(m.progress, m.stage)
      return
    }
    if (typeof m.heapMb === 'number') slot.heapMb = m.heapMb
    this.finish(slot, job)
    if (m.type === 'done') {
      this.counters.done++
      this.settle(job, null, m.result)
    } else {
      this.counters.failed++
      this.settle(job, rebuild(m.error))
    }
    this.pump()
  }

  /** The time limit passed or the caller gave up: drop a queued task, or terminate the thread running it. */
  private stop(job: Job, err: ComputeError, counter: 'timed_out' | 'cancelled') {
    const q = this.queue.indexOf(job)
    if (q >= 0) {
      this.queue.splice(q, 1)
      clearTimeout(job.timer)
      this.counters[counter]++
      this.settle(job, err)
      return
    }
    const slot = job.slot
    if (!slot || slot.job !== job || !this.slots.includes(slot)) return
    this.counters[counter]++
    this.retire(slot)
    this.settle(job, err)
    void slot.worker.terminate()
    this.replace()
  }

  /** A thread died by itself (heap limit, crash): its task fails and the thread is replaced. */
  private lost(slot: Slot, err: ComputeError) {
    if (!this.slots.includes(slot)) return
    const job = slot.job
    this.retire(slot)
    if (job) {
      if (err.reason === 'memory_limit') this.counters.out_of_memory++
      else this.counters.failed++
      this.settle(job, err)
    }
    void slot.worker.terminate()
    this.replace()
  }

  private retire(slot: Slot) {
    clearTimeout(slot.watchdog)
    this.slots.splice(this.slots.indexOf(slot), 1)
    if (slot.job) this.finish(slot, slot.job)
  }

  private replace() {
    if (this.closed) return
    this.counters.threads_replaced++
    if (this.slots.length < this.opts.size) this.spawn()
    this.pump()
  }

  private finish(slot: Slot, job: Job) {
    clearTimeout(job.timer)
    if (job.onAbort) job.opts.signal?.removeEventListener('abort', job.onAbort)
    slot.job = null
    slot.worker.unref()
  }

  private settle(job: Job, err: Error | null, value?: unknown) {
    if (job.onAbort) job.opts.signal?.removeEventListener('abort', job.onAbort)
    if (err) job.reject(err)
    else job.resolve(value)
  }
}

const cancelled = () => new ComputeError('cancelled', 'the request was cancelled')
const fmtSeconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`)

/** A task's error as thrown in the worker: RangeError stays a RangeError (the routes answer it with 422). */
function rebuild(e: { name?: string; message?: string; reason?: string } | undefined): Error {
  const message = e?.message ?? 'the analysis failed'
  if (e?.name === 'RangeError') return new RangeError(message)
  if (e?.name === 'ComputeError') return new ComputeError(isComputeReason(e.reason) ? e.reason : 'worker_failed', message)
  const err = new Error(message)
  if (e?.name) err.name = e.name
  return err
}

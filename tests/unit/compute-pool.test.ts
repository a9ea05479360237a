import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { threadId } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { ComputeError } from '../../server/compute/errors.ts'
import { ComputePool } from '../../server/compute/pool.ts'

const pools: ComputePool[] = []
const pool = (o: Partial<ConstructorParameters<typeof ComputePool>[0]> = {}) => {
  const p = new ComputePool({ name: 'test', size: 1, maxQueue: 4, heapMb: 256, youngMb: 16, ...o })
  pools.push(p)
  return p
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()))
})

const until = async (cond: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached')
    await new Promise((r) => setTimeout(r, 10))
  }
}
const reason = (e: unknown) => (e instanceof ComputeError ? e.reason : String(e))

describe('compute pool', () => {
  it('runs a task on another thread, moving typed arrays instead of copying them', async () => {
    const p = pool()
    const values = Float64Array.from({ length: 1000 }, (_, i) => i)
    const r = await p.run('probeEcho', { values }, { timeoutMs: 20_000, transfer: [values.buffer] })
    expect(r.threadId).not.toBe(threadId) // really off this thread, under the test runner too
    expect(r.sum).toBe(499_500)
    expect(values.byteLength).toBe(0) // moved into the worker (detached here)
    expect(r.values.length).toBe(1000) // and moved back
  })

  it('replaces a thread stuck starting, and a task does not wait for one forever', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sv-pool-'))
    const entry = pathToFileURL(path.join(dir, 'stuck.mjs'))
    writeFileSync(entry, 'setInterval(() => {}, 1000) // never says ready\n')
    const p = pool({ entry, startLimitMs: 300 })
    const err = await p.run('probeSpin', { ms: 1 }, { timeoutMs: 500 }).catch((e) => e)
    expect(reason(err)).toBe('time_limit')
    expect(err.message).toMatch(/waited longer than/)
    expect(p.stats().threads_replaced).toBeGreaterThanOrEqual(1)
    expect(p.stats()).toMatchObject({ running: 0, queued: 0 })
  })

  it('stops a task past its time limit: the thread is terminated and replaced, the next task runs', async () => {
    const p = pool()
    const err = await p.run('probeSpin', { ms: 60_000 }, { timeoutMs: 300 }).catch((e) => e)
    expect(reason(err)).toBe('time_limit')
    expect(err.message).toMatch(/time limit of 300 ms/)
    expect(p.stats()).toMatchObject({ running: 0, timed_out: 1, threads_replaced: 1 })
    expect(p.stats().threads).toBeLessThanOrEqual(1)
    expect((await p.run('probeSpin', { ms: 1 }, { timeoutMs: 20_000 })) >= 0).toBe(true)
    expect(p.stats()).toMatchObject({ threads: 1, running: 0, done: 1 })
  })

  it('an aborted signal terminates the running task, or drops it from the queue', async () => {
    const p = pool()
    const running = new AbortController(),
      queued = new AbortController()
    const a = p.run('probeSpin', { ms: 60_000 }, { timeoutMs: 120_000, signal: running.signal }).catch((e) => e)
    const b = p.run('probeSpin', { ms: 60_000 }, { timeoutMs: 120_000, signal: queued.signal }).catch((e) => e)
    await until(() => p.stats().running === 1)
    expect(p.stats().queued).toBe(1)
    queued.abort()
    expect(reason(await b)).toBe('cancelled')
    expect(p.stats()).toMatchObject({ queued: 0, running: 1 })
    running.abort()
    expect(reason(await a)).toBe('cancelled')
    expect(p.stats()).toMatchObject({ running: 0, cancelled: 2 })
    // Already aborted: refused at once.
    expect(reason(await p.run('probeSpin', { ms: 1 }, { timeoutMs: 1000, signal: running.signal }).catch((e) => e))).toBe('cancelled')
    expect(await p.run('probeSpin', { ms: 1 }, { timeoutMs: 20_000 })).toBeGreaterThanOrEqual(0)
  })

  it('a task that outgrows the heap bound fails with memory_limit; this process and the pool carry on', async () => {
    const p = pool({ heapMb: 64 })
    const err = await p.run('probeAlloc', undefined, { timeoutMs: 60_000 }).catch((e) => e)
    expect(reason(err)).toBe('memory_limit')
    expect(err.message).toMatch(/64 MB memory limit/)
    expect(p.stats().out_of_memory).toBe(1)
    const values = new Float64Array([1, 2, 3])
    expect((await p.run('probeEcho', { values }, { timeoutMs: 20_000 })).sum).toBe(6)
  })

  it('passes errors back: a RangeError stays a RangeError, others keep their message', async () => {
    const p = pool()
    const range = await p.run('probeFail', { message: 'only 3 units', range: true }, { timeoutMs: 20_000 }).catch((e) => e)
    expect(range).toBeInstanceOf(RangeError)
    expect(range.message).toBe('only 3 units')
    const other = await p.run('probeFail', { message: 'boom' }, { timeoutMs: 20_000 }).catch((e) => e)
    expect(other).toBeInstanceOf(Error)
    expect(other.message).toBe('boom')
    expect(p.stats()).toMatchObject({ failed: 2, threads: 1, threads_replaced: 0 }) // the thread survives a thrown error
  })

  it('refuses a task when the queue is full (busy), and runs tasks on up to `size` threads at once', async () => {
    const p = pool({ size: 2, maxQueue: 1 })
    const stop = new AbortController()
    const spins = [0, 1, 2].map(() => p.run('probeSpin', { ms: 60_000 }, { timeoutMs: 120_000, signal: stop.signal }).catch((e) => e))
    await until(() => p.stats().running === 2)
    expect(p.stats()).toMatchObject({ threads: 2, running: 2, queued: 1 })
    const err = await p.run('probeSpin', { ms: 1 }, { timeoutMs: 1000 }).catch((e) => e)
    expect(reason(err)).toBe('busy')
    expect(err.retryAfterS).toBeGreaterThan(0)
    stop.abort()
    for (const s of await Promise.all(spins)) expect(reason(s)).toBe('cancelled')
  })
})

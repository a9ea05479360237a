import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import type { Db, Queryable, Row } from './types.ts'

/** A PGlite is a single session: every call is serialised through one queue. */
export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob | File }): Promise<Db & { pg: PGlite; queueStats(): PgliteQueueStats }> {
  const pg = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir, extensions: { postgis } })
  await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis;')
  let tail: Promise<unknown> = Promise.resolve()
  // PGlite runs on this thread: between jobs, let the event loop take in requests and send answers, or a queue
  // of promise callbacks can keep sockets waiting for seconds (long tails under load).
  // Queue depth and the longest single job (a transaction counts as one), for benchmarks: no job should hold it long.
  const stats = { pending: 0, jobs: 0, longest_ms: 0 }
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    try { return await fn() } finally { stats.pending--; stats.jobs++; stats.longest_ms = Math.max(stats.longest_ms, performance.now() - t0) }
  }
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    stats.pending++
    const run = tail.then(() => new Promise<void>((r) => setImmediate(r))).then(() => timed(fn))
    tail = run.catch(() => undefined)
    return run
  }
  const wrap = (t: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async <T extends Row>(sql: string, params: unknown[] = []) => (await t.query<T>(sql, params as any[])).rows,
    exec: async (sql: string) => { await t.exec(sql) },
  })
  const direct = wrap(pg)
  return {
    engine: 'pglite',
    pg,
    query: (sql, params) => serial(() => direct.query(sql, params)),
    exec: (sql) => serial(() => direct.exec(sql)),
    tx: (fn) => serial(() => pg.transaction((t) => fn(wrap(t)))),
    close: () => serial(() => pg.close()),
    queueStats: () => ({ ...stats, longest_ms: Math.round(stats.longest_ms) }),
  }
}

/** Jobs waiting or running in the PGlite queue, jobs done, and the longest one (ms) since opening. */
export interface PgliteQueueStats { pending: number; jobs: number; longest_ms: number }

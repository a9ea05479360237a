import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import type { Db, Queryable } from './types.ts'

/** A PGlite is a single session: every call is serialised through one queue. */
export async function openPglite(opts: {
  dataDir?: string
  loadDataDir?: Blob | File
}): Promise<Db & { pg: PGlite; queueStats(): PgliteQueueStats }> {
  const pg = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir, extensions: { postgis } })
  await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis;')
  // PGlite runs on this thread: one job at a time, and between jobs the event loop takes in requests and sends
  // answers (setImmediate), or a queue of promise callbacks can keep sockets waiting for seconds (long tails under
  // load). Two lanes: short indexed look-ups every request makes (the session check) go before queued bulk work,
  // so one user's heavy analysis delays another's page by at most the query running now, not the whole queue.
  // Queue depth and the longest single job (a transaction counts as one), for benchmarks: no job should hold it long.
  const stats = { pending: 0, jobs: 0, longest_ms: 0 }
  const lanes: { urgent: (() => void)[]; bulk: (() => void)[] } = { urgent: [], bulk: [] }
  let busy = false
  // SV_SLOW_MS=300 logs every job longer than that (which query holds the queue).
  const slowMs = Number(process.env.SV_SLOW_MS) || Infinity
  const pump = () => {
    if (busy) return
    const next = lanes.urgent.shift() ?? lanes.bulk.shift()
    if (!next) return
    busy = true
    setImmediate(next)
  }
  const serial = <T>(fn: () => Promise<T>, lane: 'urgent' | 'bulk' = 'bulk', sql = ''): Promise<T> => {
    stats.pending++
    return new Promise<T>((resolve, reject) => {
      lanes[lane].push(() => {
        const t0 = performance.now()
        fn()
          .then(resolve, reject)
          .finally(() => {
            const ms = performance.now() - t0
            stats.pending--
            stats.jobs++
            stats.longest_ms = Math.max(stats.longest_ms, ms)
            if (ms > slowMs) console.error(`[pglite] ${Math.round(ms)} ms: ${sql.slice(0, 160)}`)
            busy = false
            pump()
          })
      })
      pump()
    })
  }
  const wrap = (t: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async <T extends object>(sql: string, params: unknown[] = []) => (await t.query<T>(sql, params)).rows,
    exec: async (sql: string) => {
      await t.exec(sql)
    },
  })
  const direct = wrap(pg)
  return {
    engine: 'pglite',
    pg,
    query: <T extends object>(sql: string, params?: unknown[], opts?: { urgent?: boolean }) =>
      serial(() => direct.query<T>(sql, params), opts?.urgent ? 'urgent' : 'bulk', sql),
    exec: (sql) => serial(() => direct.exec(sql)),
    tx: (fn) => serial(() => pg.transaction((t) => fn(wrap(t)))),
    close: () => serial(() => pg.close()),
    queueStats: () => ({ ...stats, longest_ms: Math.round(stats.longest_ms) }),
  }
}

/** Jobs waiting or running in the PGlite queue, jobs done, and the longest one (ms) since opening. */
export interface PgliteQueueStats {
  pending: number
  jobs: number
  longest_ms: number
}

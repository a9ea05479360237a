import type { Db } from './types.ts'
export type { Db, Queryable, Row, Engine } from './types.ts'

/** Opens PostgreSQL when a URL is given, else the embedded PGlite in dataDir. */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string; loadDataDir?: Blob }): Promise<Db> {
  if (opts.databaseUrl) {
    const { openPostgres } = await import('./postgres.ts')
    return openPostgres(opts.databaseUrl)
  }
  const { openPglite } = await import('./pglite.ts')
  return openPglite({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir })
}

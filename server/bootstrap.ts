import type { Config } from './config.ts'
import { openDb } from './db/index.ts'
import { migrate } from './db/migrate.ts'
import type { Db } from './db/types.ts'
import { loadGeography } from './geo/load-geography.ts'
import { seedDemo, seedDemoForums } from './seed/seed-demo.ts'
import { announceDemoUsers, seedDemoUsers } from './seed/demo-users.ts'
import { countUsers } from './db/queries/users.ts'
import { abortStaleImports } from './db/queries/import-stage.ts'
import { purgeExpiredSessions } from './db/queries/sessions.ts'
import { failStaleJobs } from './db/queries/jobs.ts'

/** open db -> migrate -> load geography if absent -> seed demo data if empty. */
export async function bootstrap(cfg: Config, log: (s: string) => void = console.log): Promise<Db> {
  const t0 = Date.now()
  const db = await openDb({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.DATA_DIR })
  log(`database: ${db.engine}${db.engine === 'pglite' ? ` in ${cfg.DATA_DIR}` : ''} (${Date.now() - t0} ms)`)
  const applied = await migrate(db)
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`)
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')
  if (n === 0) {
    const t = Date.now()
    const s = await loadGeography(db, cfg.GEODATA_DIR)
    await db.exec('ANALYZE areas; ANALYZE villages')
    log(`geography loaded from ${cfg.GEODATA_DIR} in ${Date.now() - t} ms: ${JSON.stringify(s)}`)
  }
  const [{ m }] = await db.query<{ m: number }>('SELECT count(*)::int AS m FROM incidents')
  if (m === 0 && cfg.SEED_DEMO === 'auto' && cfg.DEMO_INCIDENTS > 0) {
    await seedDemo(db, { seed: cfg.DEMO_SEED, incidents: cfg.DEMO_INCIDENTS, password: cfg.DEMO_PASSWORD, log })
  }
  // A demo database from before the forums existed gets the synthetic forum history too.
  const [old] = await db.query<{ seed: number }>(`SELECT (value->>'seed')::int AS seed FROM dataset_meta WHERE key = 'demo' AND NOT EXISTS (SELECT 1 FROM forums)`)
  if (old && cfg.SEED_DEMO === 'auto') log(`synthetic forum history added: ${await db.tx((q) => seedDemoForums(q, Number(old.seed)))} forums`)
  if ((await countUsers(db)) === 0) {
    const [demo] = await db.query(`SELECT 1 FROM dataset_meta WHERE key = 'demo'`)
    if (demo && cfg.SEED_DEMO === 'auto') announceDemoUsers(await seedDemoUsers(db, cfg.DEMO_PASSWORD), log)
    else log('no users yet: create the first admin with  npm run create-admin -- --username <name>')
  }
  const aborted = await abortStaleImports(db, { all: db.engine === 'pglite' })
  if (aborted) log(`${aborted} unfinished import(s) from an earlier run aborted; nothing of them was kept`)
  await purgeExpiredSessions(db)
  await failStaleJobs(db, db.engine === 'pglite' ? 0 : 30)
  return db
}

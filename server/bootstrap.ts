import type { Config } from './config.ts'
import { openDb } from './db/index.ts'
import { engineName, ownedByThisProcess } from './db/engine.ts'
import { migrate } from './db/migrate.ts'
import type { Db } from './db/types.ts'
import { loadGeography } from './geo/load-geography.ts'
import { seedDemo, seedDemoForums } from './seed/seed-demo.ts'
import { announceDemoUsers, seedDemoUsers } from './seed/demo-users.ts'
import { countUsers } from './db/queries/users.ts'
import { abortStaleImports } from './db/queries/import-stage.ts'
import { purgeExpiredSessions } from './db/queries/sessions.ts'
import { failStaleJobs } from './db/queries/jobs.ts'
import { analyzeGeography } from './db/queries/geography.ts'
import { countAreas } from './db/queries/areas.ts'
import { countIncidents } from './db/queries/incidents.ts'
import { demoSeedWithoutForums, hasDemo } from './db/queries/dataset-meta.ts'

/** open db -> migrate -> load geography if absent -> seed demo data if empty. */
export async function bootstrap(cfg: Config, log: (s: string) => void = console.log): Promise<Db> {
  const t0 = Date.now()
  const db = await openDb({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.DATA_DIR })
  log(`database: ${engineName(db)}${ownedByThisProcess(db) ? ` in ${cfg.DATA_DIR}` : ''} (${Date.now() - t0} ms)`)
  const applied = await migrate(db)
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`)
  if ((await countAreas(db)) === 0) {
    const t = Date.now()
    const s = await loadGeography(db, cfg.GEODATA_DIR)
    await analyzeGeography(db)
    log(`geography loaded from ${cfg.GEODATA_DIR} in ${Date.now() - t} ms: ${JSON.stringify(s)}`)
  }
  if ((await countIncidents(db)) === 0 && cfg.SEED_DEMO === 'auto' && cfg.DEMO_INCIDENTS > 0) {
    await seedDemo(db, { seed: cfg.DEMO_SEED, incidents: cfg.DEMO_INCIDENTS, password: cfg.DEMO_PASSWORD, log })
  }
  // A demo database from before the forums existed gets the synthetic forum history too.
  const oldSeed = await demoSeedWithoutForums(db)
  if (oldSeed !== null && cfg.SEED_DEMO === 'auto')
    log(`synthetic forum history added: ${await db.tx((q) => seedDemoForums(q, oldSeed))} forums`)
  if ((await countUsers(db)) === 0) {
    if ((await hasDemo(db)) && cfg.SEED_DEMO === 'auto') announceDemoUsers(await seedDemoUsers(db, cfg.DEMO_PASSWORD), log)
    else log('no users yet: create the first admin with  npm run create-admin -- --username <name>')
  }
  const aborted = await abortStaleImports(db, { all: ownedByThisProcess(db) })
  if (aborted) log(`${aborted} unfinished import(s) from an earlier run aborted; nothing of them was kept`)
  await purgeExpiredSessions(db)
  await failStaleJobs(db, ownedByThisProcess(db) ? 0 : 30)
  return db
}

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { migrate } from '../../server/db/migrate.ts'
import { openPglite } from '../../server/db/pglite.ts'
import { openPostgres } from '../../server/db/postgres.ts'
import { loadGeography } from '../../server/geo/load-geography.ts'
import { seedDemo } from '../../server/seed/seed-demo.ts'
import {
  GEODATA_DIR,
  pgTemplateName,
  pgliteTemplatePath,
  templateKey,
  TEMPLATE_DIR,
  TEST_INCIDENTS,
  TEST_PASSWORD,
  TEST_SEED,
} from './template.ts'
import { withDatabase } from './pg-url.ts'

/** Builds the template database once per run (or reuses it when nothing it depends on changed). */
export default async function setup(project: { config: { env?: Record<string, unknown> } }) {
  const key = templateKey()
  process.env.SV_TEMPLATE_KEY = key
  if (project.config.env?.TEST_ENGINE === 'postgres') await postgresTemplate(key)
  else await pgliteTemplate(key)
}

async function pgliteTemplate(key: string) {
  const file = pgliteTemplatePath(key)
  if (existsSync(file)) return
  mkdirSync(TEMPLATE_DIR, { recursive: true })
  for (const f of readdirSync(TEMPLATE_DIR)) if (f.startsWith('template-')) rmSync(path.join(TEMPLATE_DIR, f))
  const t0 = Date.now()
  const db = await openPglite({})
  await migrate(db)
  await loadGeography(db, GEODATA_DIR)
  await seedDemo(db, { seed: TEST_SEED, incidents: TEST_INCIDENTS, password: TEST_PASSWORD })
  const dump = await db.pg.dumpDataDir('gzip')
  writeFileSync(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()))
  const { renameSync } = await import('node:fs')
  renameSync(`${file}.tmp`, file)
  await db.close()
  console.log(`[tests] PGlite template built in ${Date.now() - t0} ms`)
}

async function postgresTemplate(key: string) {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('TEST_ENGINE=postgres needs TEST_DATABASE_URL')
  const name = pgTemplateName(key)
  const admin = await openPostgres(url, { max: 1 })
  try {
    const [exists] = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists) return
    const t0 = Date.now()
    for (const r of await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'sv\\_%'`)) {
      await admin.exec(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`)
    }
    await admin.exec(`CREATE DATABASE "${name}_build"`)
    const db = await openPostgres(withDatabase(url, `${name}_build`), { max: 2 })
    await migrate(db)
    await loadGeography(db, GEODATA_DIR)
    await seedDemo(db, { seed: TEST_SEED, incidents: TEST_INCIDENTS, password: TEST_PASSWORD })
    await db.exec('ANALYZE')
    await db.close()
    await admin.exec(`ALTER DATABASE "${name}_build" RENAME TO "${name}"`)
    console.log(`[tests] PostgreSQL template ${name} built in ${Date.now() - t0} ms`)
  } finally {
    await admin.close()
  }
}

import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { openPglite } from '../../server/db/pglite.ts'
import { openPostgres } from '../../server/db/postgres.ts'
import type { Db } from '../../server/db/types.ts'
import { withDatabase } from './pg-url.ts'
import { pgTemplateName, pgliteTemplatePath, templateKey } from './template.ts'

export const TEST_ENGINE = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite'

/**
 * A private copy of the template database (geography + 20k synthetic incidents) for one test file:
 * a PGlite loaded from the dumped data dir, or a PostgreSQL database created from the template.
 */
export async function openTestDb(): Promise<Db> {
  const key = process.env.SV_TEMPLATE_KEY ?? templateKey()
  if (TEST_ENGINE === 'pglite') {
    const blob = new Blob([readFileSync(pgliteTemplatePath(key))])
    return openPglite({ loadDataDir: blob })
  }
  const url = process.env.TEST_DATABASE_URL!
  const name = `sv_t_${randomBytes(5).toString('hex')}`
  const admin = await openPostgres(url, { max: 1 })
  await admin.exec(`CREATE DATABASE "${name}" TEMPLATE "${pgTemplateName(key)}"`)
  const db = await openPostgres(withDatabase(url, name), { max: 4 })
  return {
    ...db,
    engine: db.engine,
    close: async () => {
      await db.close()
      await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await admin.close()
    },
  }
}

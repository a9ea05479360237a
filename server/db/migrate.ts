import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './types.ts'

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
const LOCK = 20_100_417 // advisory lock id: app processes sharing a server migrate one at a time

/** Applies each migrations/NNN_name.sql not yet recorded, each in its own transaction. */
export async function migrate(db: Db): Promise<string[]> {
  const files = (await readdir(DIR)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort()
  const applied: string[] = []
  for (const file of files) {
    const version = file.replace(/\.sql$/, '')
    const sql = await readFile(path.join(DIR, file), 'utf8')
    const did = await db.tx(async (q) => {
      await q.query(`SELECT pg_advisory_xact_lock(${LOCK})`)
      await q.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
      const [done] = await q.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version])
      if (done) return false
      await q.exec(sql)
      await q.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version])
      return true
    })
    if (did) applied.push(version)
  }
  return applied
}

// npm run import -- file.csv|file.geojson [--source name]: imports incidents, prints the result as JSON.
import { createReadStream } from 'node:fs'
import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { bootstrap } from '../server/bootstrap.ts'
import { loadConfig } from '../server/config.ts'
import { writeAudit } from '../server/db/queries/audit.ts'
import { importIncidents, ImportFileError } from '../server/import/index.ts'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { source: { type: 'string' } } })
if (positionals.length !== 1) {
  console.error('usage: npm run import -- <file.csv|file.geojson> [--source name]')
  process.exit(2)
}
const file = positionals[0]
const type = /\.(geo)?json$/i.test(file) ? 'application/geo+json' : 'text/csv'
const db = await bootstrap(loadConfig({ ...process.env, SEED_DEMO: 'never' }), (s) => console.error(s))
try {
  // The file streams through in bounded memory; the import is audited as run from the command line.
  const r = await importIncidents(db, createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>, type, {
    source: values.source,
    onCommit: (q, res) =>
      writeAudit(q, {
        user_id: null,
        username: `cli:${userInfo().username}`,
        action: 'import',
        method: 'CLI',
        route: 'npm run import',
        entity: 'incident',
        entity_id: res.import_id,
        summary: { ...res, file, source: values.source ?? 'import' },
      }),
  })
  console.log(JSON.stringify(r, null, 2))
  process.exitCode = r.errors_total ? 1 : 0
} catch (e) {
  if (!(e instanceof ImportFileError)) throw e
  console.error(`${file}: ${e.field}: ${e.message} (nothing was written)`)
  process.exitCode = 2
} finally {
  await db.close()
}

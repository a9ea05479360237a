// npm run import -- file.csv|file.geojson [--source name]: imports incidents, prints the result as JSON.
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { bootstrap } from '../server/bootstrap.ts'
import { loadConfig } from '../server/config.ts'
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
  const r = await importIncidents(db, await readFile(file, 'utf8'), type, { source: values.source })
  console.log(JSON.stringify(r, null, 2))
  process.exitCode = r.errors.length ? 1 : 0
} catch (e) {
  if (!(e instanceof ImportFileError)) throw e
  console.error(`${file}: ${e.field}: ${e.message} (nothing was written)`)
  process.exitCode = 2
} finally {
  await db.close()
}

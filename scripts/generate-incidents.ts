// npm run generate-incidents -- --count 1000000 --seed 7 (--out file.csv | --db) [--from YYYY-MM-DD --to YYYY-MM-DD]
// Generates SYNTHETIC incidents over the villages in the database: a CSV in the import format, or rows stored directly.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import { bootstrap } from '../server/bootstrap.ts'
import { loadConfig } from '../server/config.ts'
import { namedVillagePoints } from '../server/db/queries/demo-seed.ts'
import { insertIncidents, type IncidentInsert } from '../server/db/queries/insert-incidents.ts'
import type { Queryable } from '../server/db/types.ts'
import { generateDemoIncidents, type DemoVillage } from '../server/seed/demo-incidents.ts'

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    out: { type: 'string' },
    db: { type: 'boolean', default: false },
    from: { type: 'string' },
    to: { type: 'string' },
  },
})
if (!values.out === !values.db) {
  console.error('usage: npm run generate-incidents -- --count N [--seed S] (--out file.csv | --db) [--from D --to D]')
  process.exit(2)
}
const cfg = loadConfig({ ...process.env, SEED_DEMO: 'never' })
const count = Number(values.count)
const seed = values.seed != null ? Number(values.seed) : cfg.DEMO_SEED
if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed)) throw new Error('--count and --seed must be integers')

type NamedVillage = DemoVillage & { name_en: string }
async function loadVillages(q: Queryable): Promise<NamedVillage[]> {
  return namedVillagePoints(q)
}

const CSV_HEADER = 'external_id,occurred_at,criterion,subtype,lon,lat,village_code,village_name,description\n'
const cell = (s: string | null) => (s == null ? '' : /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** Writes the rows as CSV in blocks of 10,000 lines, honouring back-pressure. */
async function writeCsv(file: string, rows: IncidentInsert[], names: Map<string, string>) {
  const out = createWriteStream(file)
  out.write(CSV_HEADER)
  for (let i = 0; i < rows.length; i += 10_000) {
    let block = ''
    for (const r of rows.slice(i, i + 10_000)) {
      block +=
        `${r.external_id},${r.occurred_at},${r.criterion},${r.subtype},${r.lon},${r.lat},${r.village_code ?? ''},` +
        `${cell(r.village_code ? (names.get(r.village_code) ?? null) : null)},${cell(r.description)}\n`
    }
    if (!out.write(block)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

const db = await bootstrap(cfg, (s) => console.error(s))
try {
  const villages = await loadVillages(db)
  let t = performance.now()
  const rows = generateDemoIncidents(villages, { seed, count, from: values.from, to: values.to })
  console.log(`generated ${rows.length} synthetic incidents over ${villages.length} villages in ${Math.round(performance.now() - t)} ms`)
  t = performance.now()
  if (values.out) {
    await writeCsv(values.out, rows, new Map(villages.map((v) => [v.code, v.name_en])))
    console.log(`wrote ${values.out} in ${Math.round(performance.now() - t)} ms`)
  } else {
    const r = await db.tx((q) => insertIncidents(q, rows))
    const s = (performance.now() - t) / 1000
    console.log(
      `inserted ${r.inserted} (${r.duplicates.length} external_ids already present) in ${s.toFixed(1)} s, ${Math.round(r.inserted / s)} rows/s`,
    )
  }
} finally {
  await db.close()
}

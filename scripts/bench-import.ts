// npm run bench:import [-- --rows 1000000]: streams a generated CSV of N rows through the import into a fresh
// database (PGlite in a temp dir, or DATABASE_URL's PostgreSQL when set) and prints rows/s with the peak memory.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import { loadConfig } from '../server/config.ts'
import { openDb } from '../server/db/index.ts'
import { migrate } from '../server/db/migrate.ts'
import { loadGeography } from '../server/geo/load-geography.ts'
import { importIncidents } from '../server/import/index.ts'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } })
const N = Number(values.rows)
const cfg = loadConfig()
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sv-bench-import-'))
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`

const db = await openDb({ databaseUrl: cfg.DATABASE_URL, dataDir: path.join(tmp, 'db') })
try {
  if (db.engine === 'postgres') throw new Error('bench:import writes 1M rows: run it on the embedded database (unset DATABASE_URL)')
  await migrate(db)
  await loadGeography(db, cfg.GEODATA_DIR)
  const villages = (await db.query<{ code: string }>('SELECT code FROM villages WHERE geom IS NOT NULL ORDER BY code')).map((v) => v.code)

  // The file: N rows by village code (a third) or by point (two thirds), written as a stream.
  const file = path.join(tmp, 'incidents.csv')
  const out = createWriteStream(file)
  out.write('external_id,occurred_at,criterion,subtype,lon,lat,village_code,description\n')
  const SUB = ['theft', 'use', 'domestic_violence', 'gang_fight', 'gambling']
  for (let i = 0; i < N; i++) {
    const c = i % 5
    const byPoint = i % 3 !== 0
    const lon = (104.85 + (i % 997) * 0.0002).toFixed(5),
      lat = (11.5 + (i % 991) * 0.0002).toFixed(5)
    const line = `b-${i},2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T08:30,${c + 1},${SUB[c]},${byPoint ? lon : ''},${byPoint ? lat : ''},${byPoint ? '' : villages[i % villages.length]},"bench row ${i}"\n`
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  const size = statSync(file).size

  ;(globalThis as any).gc?.()
  const { rss: rss0, heapUsed: heap0 } = process.memoryUsage()
  let peakRss = rss0,
    peakHeap = heap0
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
  }, 100)
  const t0 = performance.now()
  const r = await importIncidents(
    db,
    createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>,
    'text/csv',
    { source: 'bench' },
  )
  const s = (performance.now() - t0) / 1000
  clearInterval(sampler)
  console.log(`import of ${N.toLocaleString('en-US')} rows (${mb(size)} CSV) on ${db.engine}`)
  console.log(
    `  inserted ${r.inserted.toLocaleString('en-US')}, errors ${r.errors_total}, ${s.toFixed(1)} s, ${Math.round(r.inserted / s).toLocaleString('en-US')} rows/s`,
  )
  console.log(`  JS heap: ${mb(heap0)} before, peak ${mb(peakHeap)} (+${mb(peakHeap - heap0)} for a ${mb(size)} file)`)
  console.log(`  RSS: ${mb(rss0)} before, peak ${mb(peakRss)} (PGlite's WASM memory is part of it and does not shrink)`)
} finally {
  await db.close()
  rmSync(tmp, { recursive: true, force: true })
}

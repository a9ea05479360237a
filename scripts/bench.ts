// npm run bench [-- --count 1000000 --seed 7 --bboxes 200 --ref 40 --reuse --engines pglite,postgres]
// On each engine: import N synthetic incidents with the app's insertIncidents, then time the app's bbox page
// query (GiST) against a sequential ST_X/ST_Y BETWEEN scan, and the commune stats (code column) against a spatial join.
// PostgreSQL runs when DATABASE_URL or TEST_DATABASE_URL is set, in its own database `safevillage_bench`.
// --reuse keeps the databases (bench-out/pglite, safevillage_bench) and skips the import when the count matches.
import { FULL_ACCESS } from '../server/auth/roles.ts'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ROOT, loadConfig } from '../server/config.ts'
import { migrate } from '../server/db/migrate.ts'
import { openPglite } from '../server/db/pglite.ts'
import { openPostgres } from '../server/db/postgres.ts'
import { incidentWhere, type IncidentFilters } from '../server/db/queries/filters.ts'
import { queryIncidentsPage } from '../server/db/queries/incidents.ts'
import { insertIncidents } from '../server/db/queries/insert-incidents.ts'
import { statsByArea } from '../server/db/queries/stats.ts'
import type { Db, Queryable } from '../server/db/types.ts'
import { loadGeography } from '../server/geo/load-geography.ts'
import { generateDemoIncidents, type DemoVillage } from '../server/seed/demo-incidents.ts'
import { AliasTable, Rng } from '../server/seed/prng.ts'

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '7' },
    bboxes: { type: 'string', default: '200' },
    ref: { type: 'string', default: '40' },
    reuse: { type: 'boolean', default: false },
    engines: { type: 'string', default: 'pglite,postgres' },
  },
})
const COUNT = Number(values.count)
const SEED = Number(values.seed)
const BBOXES = Number(values.bboxes)
const REF = Math.min(BBOXES, Number(values.ref))
const cfg = loadConfig({ ...process.env, SEED_DEMO: 'never' })
const OUT = path.join(ROOT, 'bench-out')
const BENCH_DB = 'safevillage_bench'
const STATS_FILTER: IncidentFilters = { from: '2025-11-01', to: '2026-10-31', criteria: [1, 2, 3], access: FULL_ACCESS }

const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`)
const ms = (t: number) => performance.now() - t
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]
const f1 = (x: number) => x.toFixed(1)

type Result = Record<string, number | string>

/** Geography once, then the incidents unless a reused database already holds COUNT of them. */
async function prepare(db: Db, r: Result) {
  await migrate(db)
  const [{ n: areas }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')
  if (areas === 0) {
    const t = performance.now()
    await loadGeography(db, cfg.GEODATA_DIR)
    log(`geography loaded in ${f1(ms(t) / 1000)} s`)
  }
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')
  if (n === COUNT) {
    await db.exec('ANALYZE') // PGlite has no autovacuum: planner statistics only exist once analysed
    log(`reusing ${n} incidents already stored`)
    r.import = 'reused'
    return
  }
  await db.exec('TRUNCATE incidents')
  const villages = await db.query<DemoVillage>(
    `SELECT code, commune_code, district_code, province_code, ST_X(geom) AS lon, ST_Y(geom) AS lat,
       coalesce(population_est, 0) AS population_est FROM villages WHERE has_geometry ORDER BY code`,
  )
  let t = performance.now()
  const rows = generateDemoIncidents(villages, { seed: SEED, count: COUNT })
  r.generate_ms = Math.round(ms(t))
  log(`generated ${COUNT} incidents in ${r.generate_ms} ms`)
  t = performance.now()
  const step = 100_000
  await db.tx(async (q) => {
    for (let i = 0; i < rows.length; i += step) {
      await insertIncidents(q, rows.slice(i, i + step))
      log(`  inserted ${Math.min(rows.length, i + step)} / ${rows.length} (${f1(ms(t) / 1000)} s)`)
    }
  })
  const s = ms(t) / 1000
  await db.exec('ANALYZE')
  r.import_s = Number(f1(s))
  r.import_rows_per_s = Math.round(COUNT / s)
  log(`import: ${COUNT} rows in ${f1(s)} s = ${r.import_rows_per_s} rows/s (then ANALYZE in ${f1(ms(t) / 1000 - s)} s)`)
}

/** City-scale boxes (about 9 × 7 km) around villages drawn by population, the same on every engine. */
async function cityBoxes(q: Queryable): Promise<[number, number, number, number][]> {
  const vs = await q.query<{ lon: number; lat: number; p: number }>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, coalesce(population_est, 0) + 1 AS p FROM villages WHERE has_geometry ORDER BY code`,
  )
  const rng = new Rng(SEED, 99)
  const pick = new AliasTable(vs.map((v) => v.p))
  return Array.from({ length: BBOXES }, () => {
    const v = vs[pick.sample(rng)]
    const w = rng.uniform(0.06, 0.1),
      h = rng.uniform(0.05, 0.08)
    return [v.lon - w / 2, v.lat - h / 2, v.lon + w / 2, v.lat + h / 2]
  })
}

/**
 * The reference: the same page by ST_X/ST_Y ranges with index and bitmap scans off, i.e. a sequential scan.
 * (Its own SQL text, so PostgreSQL cannot reuse a cached plan of the app query made with the indexes on.)
 */
const seqScanPage = (db: Db, [x0, y0, x1, y1]: number[]) =>
  db.tx(async (q) => {
    await q.exec('SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off')
    return q.query<{ id: number }>(
      `SELECT i.id::int AS id, i.external_id, i.criterion, i.subtype, i.occurred_at, i.village_code, i.commune_code,
       i.precision, i.source, i.description, i.synthetic, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
     FROM incidents i WHERE ST_X(i.geom) BETWEEN $1 AND $3 AND ST_Y(i.geom) BETWEEN $2 AND $4
     ORDER BY i.id LIMIT 5000`,
      [x0, y0, x1, y1],
    )
  })

async function benchBbox(db: Db, r: Result) {
  const boxes = await cityBoxes(db)
  await queryIncidentsPage(db, { bbox: boxes[0], limit: 5000, access: FULL_ACCESS }) // warm-up
  const lat: number[] = []
  const ids: number[][] = [] // first REF pages, to check the reference returns the same rows
  let rows = 0
  for (const [k, bbox] of boxes.entries()) {
    const t = performance.now()
    const page = await queryIncidentsPage(db, { bbox, limit: 5000, access: FULL_ACCESS })
    lat.push(ms(t))
    rows += page.rows.length
    if (k < REF) ids.push(page.rows.map((x) => x.id))
    if ((k + 1) % 50 === 0) log(`  bbox ${k + 1}/${boxes.length}`)
  }
  const ref: number[] = []
  let mismatched = 0
  for (const [k, bbox] of boxes.slice(0, REF).entries()) {
    const t = performance.now()
    const got = await seqScanPage(db, bbox)
    ref.push(ms(t))
    // && compares float4-rounded boxes, so a point within ~1e-6° of an edge may differ; anything more is a bug.
    const mine = new Set(ids[k]),
      other = got.filter((x) => !mine.has(x.id)).length
    mismatched += other
    if (other > 5 + got.length / 1000) throw new Error(`seq-scan page ${k} differs from the index page in ${other} rows`)
    if ((k + 1) % 10 === 0) log(`  bbox seq-scan ${k + 1}/${REF}`)
  }
  Object.assign(r, {
    bbox_queries: boxes.length,
    bbox_mean_rows: Math.round(rows / boxes.length),
    bbox_p50_ms: Number(f1(pct(lat, 0.5))),
    bbox_p95_ms: Number(f1(pct(lat, 0.95))),
    bbox_seq_queries: REF,
    bbox_seq_p50_ms: Number(f1(pct(ref, 0.5))),
    bbox_seq_p95_ms: Number(f1(pct(ref, 0.95))),
    bbox_seq_over_index_p50: Number(f1(pct(ref, 0.5) / pct(lat.slice(0, REF), 0.5))),
    bbox_seq_rows_not_in_index_page: mismatched,
  })
  log(
    `bbox page (LIMIT 5000, mean ${r.bbox_mean_rows} rows): p50 ${r.bbox_p50_ms} ms, p95 ${r.bbox_p95_ms} ms; ` +
      `seq scan p50 ${r.bbox_seq_p50_ms} ms, p95 ${r.bbox_seq_p95_ms} ms (x${r.bbox_seq_over_index_p50} at p50)`,
  )
}

async function benchStats(db: Db, r: Result) {
  const times: number[] = []
  let rows: Awaited<ReturnType<typeof statsByArea>> = []
  for (let k = 0; k < 6; k++) {
    const t = performance.now()
    rows = await statsByArea(db, 'commune', STATS_FILTER)
    if (k > 0) times.push(ms(t)) // first run is a warm-up
  }
  const params: unknown[] = []
  const where = incidentWhere(STATS_FILTER, params)
  const t = performance.now()
  const spatial = await db.query<{ code: string; n: number }>(
    `SELECT a.code, count(i.id)::int AS n FROM areas a
     LEFT JOIN incidents i ON ST_Contains(a.geom, i.geom) AND ${where}
     WHERE a.level = 'commune' GROUP BY a.code ORDER BY a.code`,
    params,
  )
  const spatialMs = ms(t)
  const byCode = new Map(spatial.map((s) => [s.code, s.n]))
  const total = rows.reduce((s, a) => s + a.counts[5], 0)
  const same = rows.reduce((s, a) => s + Math.min(a.counts[5], byCode.get(a.code) ?? 0), 0)
  Object.assign(r, {
    stats_communes: rows.length,
    stats_communes_zero: rows.filter((a) => a.counts[5] === 0).length,
    stats_incidents: total,
    stats_ms: Number(f1(pct(times, 0.5))),
    stats_spatial_join_ms: Math.round(spatialMs),
    stats_spatial_over_column: Number(f1(spatialMs / pct(times, 0.5))),
    stats_same_commune_share: Number((same / Math.max(1, total)).toFixed(3)),
  })
  log(
    `commune stats (${rows.length} communes, ${r.stats_communes_zero} with zero, ${total} incidents): median ${r.stats_ms} ms; ` +
      `spatial join ST_Contains ${r.stats_spatial_join_ms} ms (x${r.stats_spatial_over_column}); ` +
      `${(Number(r.stats_same_commune_share) * 100).toFixed(1)}% of incidents counted in the same commune by both`,
  )
}

async function run(engine: string, open: () => Promise<Db>): Promise<Result> {
  const r: Result = { engine, count: COUNT }
  log(`== ${engine} ==`)
  const t = performance.now()
  const db = await open()
  try {
    await prepare(db, r)
    await benchBbox(db, r)
    await benchStats(db, r)
  } finally {
    await db.close()
  }
  r.total_s = Number(f1(ms(t) / 1000))
  return r
}

async function openBenchPostgres(url: string): Promise<Db> {
  const u = new URL(url)
  u.pathname = `/${BENCH_DB}`
  const admin = await openPostgres(url, { max: 1 })
  try {
    const [exists] = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB])
    if (exists && !values.reuse) await admin.exec(`DROP DATABASE "${BENCH_DB}" WITH (FORCE)`)
    if (!exists || !values.reuse) await admin.exec(`CREATE DATABASE "${BENCH_DB}"`)
  } finally {
    await admin.close()
  }
  return openPostgres(u.toString(), { max: 4 })
}

const results: Result[] = []
const engines = values.engines.split(',')
if (engines.includes('pglite')) {
  const dir = values.reuse ? path.join(OUT, 'pglite') : mkdtempSync(path.join(os.tmpdir(), 'sv-bench-'))
  mkdirSync(dir, { recursive: true })
  try {
    results.push(await run('pglite', () => openPglite({ dataDir: dir })))
  } finally {
    if (!values.reuse) rmSync(dir, { recursive: true, force: true })
  }
}
const pgUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL
if (engines.includes('postgres')) {
  if (!pgUrl) log('postgres: skipped (set DATABASE_URL or TEST_DATABASE_URL)')
  else {
    results.push(await run('postgres', () => openBenchPostgres(pgUrl)))
    if (!values.reuse) {
      const admin = await openPostgres(pgUrl, { max: 1 })
      await admin.exec(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`)
      await admin.close()
    }
  }
}
mkdirSync(OUT, { recursive: true })
writeFileSync(
  path.join(OUT, 'bench.json'),
  JSON.stringify({ at: new Date().toISOString(), os: `${os.cpus().length} cpu`, results }, null, 2),
)
// metric | engine...
const keys = [...new Set(results.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'engine')
const pad = (x: unknown, n: number) => String(x ?? '-').padStart(n)
console.log(`\n${'metric'.padEnd(34)}${results.map((r) => pad(r.engine, 12)).join('')}`)
for (const k of keys) console.log(`${k.padEnd(34)}${results.map((r) => pad(r[k], 12)).join('')}`)

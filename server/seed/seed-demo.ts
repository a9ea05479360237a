import type { Db } from '../db/types.ts'
import { insertIncidents } from '../db/queries/insert-incidents.ts'
import { generateDemoIncidents, type DemoVillage } from './demo-incidents.ts'
import { generateDemoPosts, insertPosts } from './demo-posts.ts'
import { announceDemoUsers, seedDemoUsers } from './demo-users.ts'

export async function loadDemoVillages(db: Db): Promise<DemoVillage[]> {
  return db.query<DemoVillage>(
    `SELECT code, commune_code, district_code, province_code, ST_X(geom) AS lon, ST_Y(geom) AS lat,
       coalesce(population_est, 0) AS population_est
     FROM villages WHERE has_geometry ORDER BY code`)
}

/** Synthetic incidents and posts, deterministic from the seed; all rows are flagged synthetic. */
export async function seedDemo(db: Db, opts: { seed: number; incidents: number; password?: string; log?: (s: string) => void }) {
  const log = opts.log ?? (() => {})
  const villages = await loadDemoVillages(db)
  const t0 = Date.now()
  const incidents = generateDemoIncidents(villages, { seed: opts.seed, count: opts.incidents })
  log(`generated ${incidents.length} synthetic incidents in ${Date.now() - t0} ms`)
  const communes = await db.query<any>(
    `SELECT a.code, a.name_en, a.name_km, a.parent_code AS district_code, d.parent_code AS province_code, a.population,
       ST_X(coalesce(a.centroid, c.centroid)) AS lon, ST_Y(coalesce(a.centroid, c.centroid)) AS lat
     FROM areas a JOIN areas d ON d.code = a.parent_code LEFT JOIN areas c ON c.code = a.covered_by
     WHERE a.level = 'commune' ORDER BY a.code`)
  const names = new Map((await db.query<{ code: string; name_en: string; name_km: string | null }>(
    `SELECT code, name_en, name_km FROM areas WHERE level IN ('province', 'district')`)).map((a) => [a.code, a]))
  const posts = generateDemoPosts(communes.filter((c) => c.lon != null), villages, { seed: opts.seed, names })
  const t1 = Date.now()
  const result = await db.tx(async (q) => {
    const r = await insertIncidents(q, incidents)
    await insertPosts(q, posts)
    await q.query(`INSERT INTO dataset_meta (key, value) VALUES ('demo', $1::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify({ synthetic: true, seed: opts.seed, incidents: r.inserted, posts: posts.length, generated_at: new Date().toISOString() })])
    return r
  })
  await db.exec('ANALYZE incidents; ANALYZE police_posts')
  log(`stored ${result.inserted} incidents and ${posts.length} posts in ${Date.now() - t1} ms`)
  announceDemoUsers(await seedDemoUsers(db, opts.password), log)
  return { incidents: result.inserted, posts: posts.length }
}

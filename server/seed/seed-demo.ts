import type { Db, Queryable } from '../db/types.ts'
import { insertIncidents } from '../db/queries/insert-incidents.ts'
import { generateDemoIncidents, type DemoVillage } from './demo-incidents.ts'
import { generateDemoPosts, insertPosts } from './demo-posts.ts'
import { DEMO_TO } from './demo-incidents.ts'
import { generateDemoForums, type ForumCommune } from './demo-forums.ts'
import { plantPilotEffect } from './demo-pilots.ts'
import { insertForums } from '../db/queries/forums.ts'
import { insertPlan } from '../db/queries/pilots.ts'
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
  const generated = generateDemoIncidents(villages, { seed: opts.seed, count: opts.incidents })
  // A pilot effect the evaluation can find: some incidents after the start are removed in the pilot villages.
  const { incidents, plant } = plantPilotEffect(generated, villages, { seed: opts.seed })
  log(`generated ${incidents.length} synthetic incidents in ${Date.now() - t0} ms` + (plant ? ` (${generated.length - incidents.length} removed in ${plant.villages.length} pilot villages after ${plant.start})` : ''))
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
    await seedDemoForums(q, opts.seed, communes, villages)
    if (plant) await insertPlan(q, { name: plant.name, level: plant.level, start_date: plant.start, rationale: plant.rationale, author: 'SafeVillage demo seed', areas: plant.villages, synthetic: true }, null)
    await q.query(`INSERT INTO dataset_meta (key, value) VALUES ('demo', $1::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify({ synthetic: true, seed: opts.seed, incidents: r.inserted, posts: posts.length, generated_at: new Date().toISOString(),
        pilot: plant && { name: plant.name, start: plant.start, reduction: plant.reduction, villages: plant.villages, removed: plant.removed } })])
    return r
  })
  await db.exec('ANALYZE incidents; ANALYZE police_posts')
  log(`stored ${result.inserted} incidents and ${posts.length} posts in ${Date.now() - t1} ms`)
  announceDemoUsers(await seedDemoUsers(db, opts.password), log)
  return { incidents: result.inserted, posts: posts.length }
}

/** The demo's forums start in January 2024 (the policy's quarterly rhythm, two-plus years of history). */
export const FORUMS_FROM = '2024-01-01'

function forumCommunes(communes: { code: string; population: number | null }[], villages: { code: string; commune_code: string }[]): ForumCommune[] {
  const by = new Map<string, string[]>()
  for (const v of villages) { const a = by.get(v.commune_code); if (a) a.push(v.code); else by.set(v.commune_code, [v.code]) }
  return communes.map((c) => ({ code: c.code, population: c.population, villages: by.get(c.code) ?? [] }))
}

/** The synthetic forum history; also run at start-up for a demo database made before forums existed. */
export async function seedDemoForums(q: Queryable, seed: number, communes?: { code: string; population: number | null }[], villages?: { code: string; commune_code: string }[]): Promise<number> {
  communes ??= await q.query<{ code: string; population: number | null }>(`SELECT code, population FROM areas WHERE level = 'commune' ORDER BY code`)
  villages ??= await q.query<{ code: string; commune_code: string }>(`SELECT code, commune_code FROM villages WHERE has_geometry ORDER BY code`)
  const forums = generateDemoForums(forumCommunes(communes, villages), { seed, from: FORUMS_FROM, to: DEMO_TO })
  let n = 0
  for (let k = 0; k < forums.length; k += 5000) n += (await insertForums(q, forums.slice(k, k + 5000), null)).length
  return n
}

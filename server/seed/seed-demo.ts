import type { Db, Queryable } from '../db/types.ts'
import { insertIncidents } from '../db/queries/insert-incidents.ts'
import { generateDemoIncidents, type DemoVillage } from './demo-incidents.ts'
import { generateDemoPosts, insertPosts } from './demo-posts.ts'
import { DEMO_TO } from './demo-incidents.ts'
import { generateDemoForums, type ForumCommune } from './demo-forums.ts'
import { plantPilotEffect } from './demo-pilots.ts'
import { insertForums } from '../db/queries/forums.ts'
import { insertPlan } from '../db/queries/pilots.ts'
import { saveDemoMeta } from '../db/queries/dataset-meta.ts'
import {
  analyzeSeeded,
  communePoints,
  communePopulations,
  provinceDistrictNames,
  villageCommunes,
  villagePoints,
} from '../db/queries/demo-seed.ts'
import { announceDemoUsers, seedDemoUsers } from './demo-users.ts'

export async function loadDemoVillages(db: Db): Promise<DemoVillage[]> {
  return villagePoints(db)
}

/** Synthetic incidents and posts, deterministic from the seed; all rows are flagged synthetic. */
export async function seedDemo(db: Db, opts: { seed: number; incidents: number; password?: string; log?: (s: string) => void }) {
  const log = opts.log ?? (() => {})
  const villages = await loadDemoVillages(db)
  const t0 = Date.now()
  const generated = generateDemoIncidents(villages, { seed: opts.seed, count: opts.incidents })
  // A pilot effect the evaluation can find: some incidents after the start are removed in the pilot villages.
  const { incidents, plant } = plantPilotEffect(generated, villages, { seed: opts.seed })
  log(
    `generated ${incidents.length} synthetic incidents in ${Date.now() - t0} ms${plant ? ` (${generated.length - incidents.length} removed in ${plant.villages.length} pilot villages after ${plant.start})` : ''}`,
  )
  const communes = await communePoints(db)
  const names = new Map((await provinceDistrictNames(db)).map((a) => [a.code, a]))
  const posts = generateDemoPosts(
    communes.filter((c) => c.lon != null),
    villages,
    { seed: opts.seed, names },
  )
  const t1 = Date.now()
  const result = await db.tx(async (q) => {
    const r = await insertIncidents(q, incidents)
    await insertPosts(q, posts)
    await seedDemoForums(q, opts.seed, communes, villages)
    if (plant)
      await insertPlan(
        q,
        {
          name: plant.name,
          level: plant.level,
          start_date: plant.start,
          rationale: plant.rationale,
          author: 'SafeVillage demo seed',
          areas: plant.villages,
          synthetic: true,
        },
        null,
      )
    await saveDemoMeta(q, {
      synthetic: true,
      seed: opts.seed,
      incidents: r.inserted,
      posts: posts.length,
      generated_at: new Date().toISOString(),
      pilot: plant && {
        name: plant.name,
        start: plant.start,
        reduction: plant.reduction,
        villages: plant.villages,
        removed: plant.removed,
      },
    })
    return r
  })
  await analyzeSeeded(db)
  log(`stored ${result.inserted} incidents and ${posts.length} posts in ${Date.now() - t1} ms`)
  announceDemoUsers(await seedDemoUsers(db, opts.password), log)
  return { incidents: result.inserted, posts: posts.length }
}

/** The demo's forums start in January 2024 (the policy's quarterly rhythm, two-plus years of history). */
export const FORUMS_FROM = '2024-01-01'

function forumCommunes(
  communes: { code: string; population: number | null }[],
  villages: { code: string; commune_code: string }[],
): ForumCommune[] {
  const by = new Map<string, string[]>()
  for (const v of villages) {
    const a = by.get(v.commune_code)
    if (a) a.push(v.code)
    else by.set(v.commune_code, [v.code])
  }
  return communes.map((c) => ({ code: c.code, population: c.population, villages: by.get(c.code) ?? [] }))
}

/** The synthetic forum history; also run at start-up for a demo database made before forums existed. */
export async function seedDemoForums(
  q: Queryable,
  seed: number,
  communes?: { code: string; population: number | null }[],
  villages?: { code: string; commune_code: string }[],
): Promise<number> {
  communes ??= await communePopulations(q)
  villages ??= await villageCommunes(q)
  const forums = generateDemoForums(forumCommunes(communes, villages), { seed, from: FORUMS_FROM, to: DEMO_TO })
  let n = 0
  for (let k = 0; k < forums.length; k += 5000) n += (await insertForums(q, forums.slice(k, k + 5000), null)).length
  return n
}

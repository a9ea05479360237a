/**
 * SYNTHETIC public forum history for the demo: most communes hold a forum most quarters, some lapse, a few
 * villages hold their own. Deterministic from the seed; every row is flagged synthetic.
 */
import type { ForumInsert } from '../db/queries/forums.ts'
import { addDays, addMonths, daysBetween } from '../../common/periods.ts'
import { Rng } from './prng.ts'
import { label } from '../../common/labels/index.ts'

export interface ForumCommune {
  code: string
  population: number | null
  villages: string[]
}

/** Forum topics, "English / Khmer". */
const TOPICS = (
  [
    'forum.drugs',
    'forum.violence',
    'forum.theft',
    'forum.gangs',
    'forum.gambling',
    'forum.road',
    'forum.trafficking',
    'forum.contract',
  ] as const
).map((k) => `${label('en', k)} / ${label('km', k)}`)

export function generateDemoForums(communes: ForumCommune[], o: { seed: number; from: string; to: string }): ForumInsert[] {
  const rng = new Rng(o.seed, 47)
  const out: ForumInsert[] = []
  const quarters: [string, string][] = []
  for (let q = o.from; q <= o.to; q = addMonths(q, 3)) {
    const end = addMonths(q, 3)
    quarters.push([q, end > o.to ? o.to : addDays(end, -1)])
  }
  const pickDay = (a: string, b: string) => addDays(a, rng.int(daysBetween(a, b) + 1))
  const topics = () => {
    const n = 1 + rng.int(3)
    const set = new Set<string>()
    while (set.size < n) set.add(TOPICS[rng.int(TOPICS.length)])
    return [...set]
  }
  for (const c of communes) {
    // Diligence: most communes hold a forum nearly every quarter; one in ten often lapses; a few stop lately.
    const lax = rng.float() < 0.1
    const p = lax ? 0.35 : 0.7 + 0.3 * rng.float()
    const stops = rng.float() < 0.05 ? quarters.length - 1 - rng.int(3) : Infinity
    const size = Math.max(15, Math.round(25 + ((c.population ?? 5000) / 1000) * 3 * rng.uniform(0.6, 1.4)))
    quarters.forEach(([a, b], k) => {
      if (k >= stops) return
      if (rng.float() < p)
        out.push({
          area_code: c.code,
          level: 'commune',
          commune_code: c.code,
          held_on: pickDay(a, b),
          attendance: Math.round(size * rng.uniform(0.7, 1.3)),
          topics: topics(),
          notes: null,
          synthetic: true,
        })
      if (c.villages.length && rng.float() < 0.08) {
        const v = c.villages[rng.int(c.villages.length)]
        out.push({
          area_code: v,
          level: 'village',
          commune_code: c.code,
          held_on: pickDay(a, b),
          attendance: Math.round(size * rng.uniform(0.3, 0.6)),
          topics: topics(),
          notes: null,
          synthetic: true,
        })
      }
    })
  }
  // One forum per area and day (the table's rule).
  const seen = new Set<string>()
  return out.filter((f) => {
    const k = `${f.area_code}|${f.held_on}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

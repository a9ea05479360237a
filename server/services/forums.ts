import type { Access } from '../auth/roles.ts'
import { forumDates, lastForums } from '../db/queries/forums.ts'
import { unitsOf, type UnitLevel } from '../db/queries/policy-units.ts'
import type { Db } from '../db/types.ts'
import { compliance, quartersOf } from '../domain/forums.ts'
import { forumSince } from '../../common/forum-rule.ts'

/** Keys forum facts by the unit they count for: a commune (any forum in it) or a village (its own, and its commune's). */
function keysFor(level: UnitLevel, f: { area_code: string; level: string; commune_code: string }): string[] {
  if (level === 'commune') return [f.commune_code]
  return f.level === 'village' ? [f.area_code] : [`commune:${f.commune_code}`]
}

/** Forum compliance of every village or commune of an area on a date. */
export async function forumCompliance(db: Db, p: { level: UnitLevel; area?: string; date: string; access: Access }) {
  const yearStart = `${p.date.slice(0, 4)}-01-01`
  const [units, last, dates] = await Promise.all([
    unitsOf(db, p.level, { area: p.area, access: p.access }),
    lastForums(db, p.area ?? null, p.date),
    forumDates(db, p.area ?? null, yearStart, p.date),
  ])
  const lastOf = new Map<string, string>()
  for (const r of last) for (const k of keysFor(p.level, r)) if ((lastOf.get(k) ?? '') < r.last) lastOf.set(k, r.last)
  const heldIn = new Map<string, string[]>()
  for (const f of dates)
    for (const k of keysFor(p.level, f)) {
      const a = heldIn.get(k)
      if (a) a.push(f.held_on)
      else heldIn.set(k, [f.held_on])
    }
  const rows = units.map((u) => {
    const keys = p.level === 'village' ? [u.code, `commune:${u.code.slice(0, 6)}`] : [u.code]
    const lastForum =
      keys
        .map((k) => lastOf.get(k))
        .filter((x): x is string => !!x)
        .sort()
        .pop() ?? null
    const held = keys.flatMap((k) => heldIn.get(k) ?? [])
    return {
      code: u.code,
      name_en: u.name_en,
      name_km: u.name_km,
      parent_code: u.parent_code,
      lon: u.lon,
      lat: u.lat,
      ...compliance(p.date, lastForum, held),
    }
  })
  const count = (s: string) => rows.filter((r) => r.status === s).length
  const year = Number(p.date.slice(0, 4))
  return {
    date: p.date,
    year,
    since: forumSince(p.date),
    // The quarters of rows[].quarters; one is complete once the date has reached its last day.
    quarters: quartersOf(p.date),
    level: p.level,
    rows,
    summary: {
      areas: rows.length,
      // Held a forum in the last three months (common/forum-rule.ts): "ok" plus "due_soon".
      recent: rows.filter((r) => r.recent).length,
      ok: count('ok'),
      compliant: rows.filter((r) => r.compliant).length,
      overdue: count('overdue'),
      never: count('never'),
      due_soon: count('due_soon'),
    },
  }
}

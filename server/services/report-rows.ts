import { CODE_LENGTH, type AnyLevel } from '../db/queries/policy-units.ts'
import { passes, type Thresholds } from '../domain/safety.ts'
import { CellSums, EMPTY6, type Counts6 } from '../domain/disclosure.ts'
import { figureOf, suppressCount } from '../domain/suppression.ts'

const round3 = (x: number) => Math.round(x * 1000) / 1000

export interface ReportRow {
  code: string | null
  name_en: string
  name_km: string | null
  population: number | null
  counts: Record<string, number | null>
  total: number | null
  previous_total: number | null
  rate_per_1000: number | null
  change: number | null
  change_pct: number | null
  safe: boolean
  safe_communes: number
  communes: number
  safe_villages: number
  villages: number
  forum_held: boolean
  forums_held_communes: number
  suppressed: boolean
}

/** A child area of the report. */
export interface ReportArea {
  code: string
  name_en: string
  name_km: string | null
  population: number | null
}

/** What the rows of the child areas are made from (counts already published). */
export interface RowInputs {
  level: AnyLevel
  thresholds: Thresholds
  now: Map<string, Counts6>
  before: Map<string, Counts6>
  cNow: Map<string, Counts6>
  vNow: Map<string, Counts6>
  communes: { code: string }[]
  villages: { code: string }[]
  forums: { commune_code: string; level: string; area_code: string }[]
}

/** Per child code: [units under it, those of them that pass `ok`]. */
function tally(codes: { code: string }[], len: number, ok: (code: string) => boolean) {
  const n = new Map<string, [number, number]>()
  for (const u of codes) {
    const k = u.code.slice(0, len)
    const t = n.get(k) ?? [0, 0]
    t[0]++
    if (ok(u.code)) t[1]++
    n.set(k, t)
  }
  return n
}

type Figure = ReturnType<typeof figureOf>

/** Who holds forums and how many communes and villages under each child are safe. */
interface Standing {
  level: AnyLevel
  held: { communes: Set<string>; villages: Set<string> }
  safeCommune: (code: string) => boolean
  safeVillage: (code: string) => boolean
  commTally: Map<string, [number, number]>
  villTally: Map<string, [number, number]>
  forumTally: Map<string, [number, number]>
}

/** One row per child area: counts, rate, change, safe status and forums. */
export function areaRows(kids: ReportArea[], x: RowInputs): ReportRow[] {
  // A commune forum counts for the commune and its villages; a village forum for the village and its commune.
  const held = {
    communes: new Set(x.forums.map((f) => f.commune_code)),
    villages: new Set(x.forums.filter((f) => f.level === 'village').map((f) => f.area_code)),
  }
  const len = CODE_LENGTH[x.level]
  const safeOf = (m: Map<string, Counts6>) => (code: string) => passes(m.get(code) ?? EMPTY6, x.thresholds).every(Boolean)
  const s: Standing = {
    level: x.level,
    held,
    safeCommune: safeOf(x.cNow),
    safeVillage: safeOf(x.vNow),
    commTally: tally(x.communes, len, safeOf(x.cNow)),
    villTally: tally(x.villages, len, safeOf(x.vNow)),
    forumTally: tally(x.communes, len, (c) => held.communes.has(c)),
  }
  return kids.map((a) => {
    const c = x.now.get(a.code) ?? EMPTY6
    const sup = figureOf(c)
    return {
      ...countFields(a, c, sup, (x.before.get(a.code) ?? EMPTY6)[5]),
      safe: passes(c, x.thresholds).every(Boolean),
      ...standing(a.code, s),
      suppressed: sup.suppressed,
    }
  })
}

/** The counts, rate and change of one child area (withheld figures stay null). */
function countFields(a: ReportArea, c: Counts6, sup: Figure, pn: number) {
  const n = c[5]
  const prevShown = suppressCount(pn)
  const pop = a.population == null ? null : Number(a.population)
  return {
    code: a.code,
    name_en: a.name_en,
    name_km: a.name_km,
    population: pop,
    counts: sup.by_criterion,
    total: sup.count,
    previous_total: prevShown,
    rate_per_1000: sup.count != null && pop ? round3((n / pop) * 1000) : null,
    change: sup.count != null && prevShown != null ? n - pn : null,
    change_pct: sup.count != null && prevShown != null && pn > 0 ? Math.round(((n - pn) / pn) * 1000) / 10 : null,
  }
}

/** Safe communes and villages under a child area, and its forums. */
function standing(code: string, s: Standing) {
  const { level, held } = s
  const [communesN, safeCommunes] =
    level === 'village' ? [0, 0] : level === 'commune' ? [1, s.safeCommune(code) ? 1 : 0] : (s.commTally.get(code) ?? [0, 0])
  const [villagesN, safeVillages] = s.villTally.get(code) ?? (level === 'village' ? [1, s.safeVillage(code) ? 1 : 0] : [0, 0])
  const forumsN = level === 'village' ? 0 : level === 'commune' ? (held.communes.has(code) ? 1 : 0) : (s.forumTally.get(code)?.[1] ?? 0)
  const forum =
    level === 'village'
      ? held.villages.has(code) || held.communes.has(code.slice(0, 6))
      : level === 'commune'
        ? held.communes.has(code)
        : communesN > 0 && forumsN === communesN
  return {
    safe_communes: safeCommunes,
    communes: communesN,
    safe_villages: safeVillages,
    villages: villagesN,
    forum_held: forum,
    forums_held_communes: forumsN,
  }
}

/**
 * The row of incidents no listed child holds (no code at the child level, or a child outside the list): its own
 * cell (raw counts and key sums of the whole less the listed children), published like any other; null when empty.
 */
export function remainderRow(
  level: AnyLevel,
  kids: ReportArea[],
  cells: { total: CellSums; prevTotal: CellSums; now: Map<string, CellSums>; before: Map<string, CellSums> },
  k: number,
): ReportRow | null {
  const listed = new Set(kids.map((a) => a.code))
  const rest = remainder(cells.total, cells.now, listed),
    restPrev = remainder(cells.prevTotal, cells.before, listed)
  const restNow = rest.values(k),
    restBefore = restPrev.values(k)
  if (!(rest.n[5] || restPrev.n[5])) return null
  const sup = figureOf(restNow)
  const restPrevShown = suppressCount(restBefore[5])
  return {
    code: null,
    name_en: `Not placed in a ${level}`,
    name_km: null,
    population: null,
    counts: sup.by_criterion,
    total: sup.count,
    previous_total: restPrevShown,
    rate_per_1000: null,
    change: sup.count != null && restPrevShown != null ? restNow[5] - restBefore[5] : null,
    change_pct: null,
    safe: false,
    safe_communes: 0,
    communes: 0,
    safe_villages: 0,
    villages: 0,
    forum_held: false,
    forums_held_communes: 0,
    suppressed: sup.suppressed,
  }
}

/** The cells of the whole less those of the listed children (counts and key sums both subtract). */
function remainder(whole: CellSums, parts: Map<string, CellSums>, listed: Set<string>): CellSums {
  const r = new CellSums(6)
  for (let i = 0; i < 6; i++) {
    let n = whole.n[i],
      ks = whole.ks[i]
    for (const [code, c] of parts)
      if (listed.has(code)) {
        n -= c.n[i]
        ks -= c.ks[i]
      }
    r.add(i, n, ((ks % 2 ** 31) + 2 ** 31) % 2 ** 31)
  }
  return r
}

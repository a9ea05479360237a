import type { Access } from '../auth/roles.ts'
import { forumDates } from '../db/queries/forums.ts'
import { CODE_LENGTH, criterionCells, criterionCounts, incidentTotalCells, unitsOf, type AnyLevel } from '../db/queries/policy-units.ts'
import { areaNames } from '../db/queries/policy-names.ts'
import { incidentSummary } from '../db/queries/incidents.ts'
import type { Db, Queryable } from '../db/types.ts'
import { previousPeriod, type Period } from '../../common/periods.ts'
import { passes, type Thresholds } from '../domain/safety.ts'
import { CellSums, EMPTY6, type Counts6 } from '../domain/disclosure.ts'
import { figureOf, suppressCount } from '../domain/suppression.ts'
import { childAreas } from '../db/queries/areas.ts'

const CHILD: Record<number, AnyLevel> = { 0: 'province', 2: 'district', 4: 'commune', 6: 'village' }
const round3 = (x: number) => Math.round(x * 1000) / 1000
const _crit = (c: ArrayLike<number>) => Object.fromEntries([0, 1, 2, 3, 4].map((i) => [String(i + 1), c[i]]))

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

/** The areas a report lists: provinces nationally, then districts, communes (a commune report lists its villages, from unitsOf). */
function children(q: Queryable, level: AnyLevel, area: string | undefined, access: Access) {
  return childAreas(q, level, area, access.scope)
}

/**
 * The Ministry's periodic report for a period and an area (national when none): one row per child area with the
 * five criteria, the total, the rate per 1,000, the change against the previous period, the safe status (of the
 * area, and how many of its communes and villages are safe) and whether forums were held. The total is counted
 * from the raw incidents; incidents no child holds (no area code at that level) get a row of their own, so the
 * rows always add up to the total.
 */
export async function ministryReport(db: Db, p: { period: Period; area?: string; access: Access; thresholds: Thresholds }) {
  const { period, area, access, thresholds } = p
  const prev = previousPeriod(period)
  const level = CHILD[area?.length ?? 0]
  if (!level) throw new RangeError('a report is for the country, a province, a district or a commune')
  const f = { from: period.from, to: period.to, area, access }
  const fp = { ...f, from: prev.from, to: prev.to }
  // Counts and unit lists the report needs more than once are asked for once (the child level may be commune or village).
  const villagesP = unitsOf(db, 'village', { area, access })
  const nowP = criterionCells(db, level, f)
  const [summary, kids, nowCells, beforeCells, totalCells, prevCells, communes, villages, cNow, vNow, forums, names] = await Promise.all([
    incidentSummary(db, { access }),
    level === 'village' ? villagesP : children(db, level, area, access),
    nowP,
    criterionCells(db, level, fp),
    incidentTotalCells(db, f),
    incidentTotalCells(db, fp),
    level === 'village' ? Promise.resolve([]) : unitsOf(db, 'commune', { area, access }),
    villagesP,
    level === 'commune' ? nowP.then((m) => published(m, access.k)) : criterionCounts(db, 'commune', f),
    level === 'village' ? nowP.then((m) => published(m, access.k)) : criterionCounts(db, 'village', f),
    forumDates(db, area ?? null, period.from, period.to),
    area ? areaNames(db, [area]) : Promise.resolve(new Map()),
  ])
  // A commune forum counts for the commune and its villages; a village forum for the village and its commune.
  const held = {
    communes: new Set(forums.map((x) => x.commune_code)),
    villages: new Set(forums.filter((x) => x.level === 'village').map((x) => x.area_code)),
  }
  const len = CODE_LENGTH[level]
  const tally = (codes: { code: string }[], ok: (code: string) => boolean) => {
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
  const k = access.k
  const now = published(nowCells, k),
    before = published(beforeCells, k)
  const safeOf = (m: Map<string, Counts6>) => (code: string) => passes(m.get(code) ?? EMPTY6, thresholds).every(Boolean)
  const commTally = tally(communes, safeOf(cNow))
  const villTally = tally(villages, safeOf(vNow))
  const forumTally = tally(communes, (c) => held.communes.has(c))
  const rows: ReportRow[] = kids.map((a) => {
    const c = now.get(a.code) ?? EMPTY6
    const n = c[5]
    const pn = (before.get(a.code) ?? EMPTY6)[5]
    const sup = figureOf(c)
    const prevShown = suppressCount(pn)
    const [communesN, safeCommunes] =
      level === 'village' ? [0, 0] : level === 'commune' ? [1, safeOf(cNow)(a.code) ? 1 : 0] : (commTally.get(a.code) ?? [0, 0])
    const [villagesN, safeVillages] = villTally.get(a.code) ?? (level === 'village' ? [1, safeOf(vNow)(a.code) ? 1 : 0] : [0, 0])
    const forumsN = level === 'village' ? 0 : level === 'commune' ? (held.communes.has(a.code) ? 1 : 0) : (forumTally.get(a.code)?.[1] ?? 0)
    const forum =
      level === 'village'
        ? held.villages.has(a.code) || held.communes.has(a.code.slice(0, 6))
        : level === 'commune'
          ? held.communes.has(a.code)
          : communesN > 0 && forumsN === communesN
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
      safe: passes(c, thresholds).every(Boolean),
      safe_communes: safeCommunes,
      communes: communesN,
      safe_villages: safeVillages,
      villages: villagesN,
      forum_held: forum,
      forums_held_communes: forumsN,
      suppressed: sup.suppressed,
    }
  })
  // Incidents that no listed child holds (no code at the child level, or a child outside the list).
  const listed = new Set(kids.map((a) => a.code))
  // Its own cell (raw counts and key sums of the whole less the listed children), published like any other.
  const rest = remainder(totalCells, nowCells, listed),
    restPrev = remainder(prevCells, beforeCells, listed)
  const restNow = rest.values(k),
    restBefore = restPrev.values(k)
  if (rest.n[5] || restPrev.n[5]) {
    const sup = figureOf(restNow)
    const restPrevShown = suppressCount(restBefore[5])
    rows.push({
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
    })
  }
  const population = kids.reduce((s, a) => s + (a.population == null ? 0 : Number(a.population)), 0)
  const total = totalCells.values(k),
    prevTotal = prevCells.values(k)
  const supT = figureOf(total)
  const prevT = suppressCount(prevTotal[5])
  const areaName = area ? names.get(area) : null
  return {
    // Whether the data reach the end of the period (a report on a period still running says so).
    period: { ...period, previous: prev, data_to: summary.last, complete: summary.last != null && summary.last >= period.to },
    synthetic: summary.synthetic > 0,
    area: area ? { code: area, name_en: areaName?.name_en ?? area, name_km: areaName?.name_km ?? null } : null,
    level,
    thresholds: [...thresholds],
    rows,
    total: {
      counts: supT.by_criterion,
      total: supT.count,
      previous_total: prevT,
      change: supT.count != null && prevT != null ? total[5] - prevTotal[5] : null,
      change_pct:
        supT.count != null && prevT != null && prevTotal[5] > 0 ? Math.round(((total[5] - prevTotal[5]) / prevTotal[5]) * 1000) / 10 : null,
      population,
      rate_per_1000: supT.count != null && population ? round3((total[5] / population) * 1000) : null,
      safe_communes: rows.reduce((s, r) => s + r.safe_communes, 0),
      communes: rows.reduce((s, r) => s + r.communes, 0),
      safe_villages: rows.reduce((s, r) => s + r.safe_villages, 0),
      villages: rows.reduce((s, r) => s + r.villages, 0),
      forums_held_communes: rows.reduce((s, r) => s + r.forums_held_communes, 0),
    },
  }
}

/** Published counts of every unit. */
function published(m: Map<string, CellSums>, k: number): Map<string, Counts6> {
  return new Map([...m].map(([code, c]) => [code, c.values(k)]))
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

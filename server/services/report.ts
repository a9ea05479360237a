import { isComplete } from '../../common/periods.ts'
import type { Access } from '../auth/roles.ts'
import { forumDates } from '../db/queries/forums.ts'
import { criterionCells, criterionCounts, incidentTotalCells, unitsOf, type AnyLevel } from '../db/queries/policy-units.ts'
import { areaNames } from '../db/queries/policy-names.ts'
import { incidentSummary } from '../db/queries/incidents.ts'
import type { Db, Queryable } from '../db/types.ts'
import { previousPeriod, type Period } from '../../common/periods.ts'
import type { Thresholds } from '../domain/safety.ts'
import type { CellSums, Counts6 } from '../domain/disclosure.ts'
import { figureOf, suppressCount } from '../domain/suppression.ts'
import { childAreas } from '../db/queries/areas.ts'
import { areaRows, remainderRow, type ReportArea, type ReportRow } from './report-rows.ts'

const CHILD: Record<number, AnyLevel> = { 0: 'province', 2: 'district', 4: 'commune', 6: 'village' }
const round3 = (x: number) => Math.round(x * 1000) / 1000
const _crit = (c: ArrayLike<number>) => Object.fromEntries([0, 1, 2, 3, 4].map((i) => [String(i + 1), c[i]]))

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
  const x = await loadReport(db, level, p, prev)
  const k = access.k
  const rows = areaRows(x.kids, {
    level,
    thresholds,
    now: published(x.nowCells, k),
    before: published(x.beforeCells, k),
    cNow: x.cNow,
    vNow: x.vNow,
    communes: x.communes,
    villages: x.villages,
    forums: x.forums,
  })
  const rest = remainderRow(level, x.kids, { total: x.totalCells, prevTotal: x.prevCells, now: x.nowCells, before: x.beforeCells }, k)
  if (rest) rows.push(rest)
  const areaName = area ? x.names.get(area) : null
  return {
    // Whether the data reach the end of the period (a report on a period still running says so).
    period: { ...period, previous: prev, data_to: x.summary.last, complete: isComplete(period, x.summary.first, x.summary.last) },
    synthetic: x.summary.synthetic > 0,
    area: area ? { code: area, name_en: areaName?.name_en ?? area, name_km: areaName?.name_km ?? null } : null,
    level,
    thresholds: [...thresholds],
    rows,
    total: reportTotal(rows, x.kids, x.totalCells, x.prevCells, k),
  }
}

/** Everything the report reads; counts and unit lists needed more than once are asked for once. */
async function loadReport(db: Db, level: AnyLevel, p: { period: Period; area?: string; access: Access }, prev: Period) {
  const { period, area, access } = p
  const f = { from: period.from, to: period.to, area, access }
  const fp = { ...f, from: prev.from, to: prev.to }
  // The child level may be commune or village.
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
  return { summary, kids, nowCells, beforeCells, totalCells, prevCells, communes, villages, cNow, vNow, forums, names }
}

/** The report's total line: published from the raw total, with the rows' tallies summed. */
function reportTotal(rows: ReportRow[], kids: ReportArea[], totalCells: CellSums, prevCells: CellSums, k: number) {
  const population = kids.reduce((s, a) => s + (a.population == null ? 0 : Number(a.population)), 0)
  const total = totalCells.values(k),
    prevTotal = prevCells.values(k)
  const supT = figureOf(total)
  const prevT = suppressCount(prevTotal[5])
  return {
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
  }
}

/** Published counts of every unit. */
function published(m: Map<string, CellSums>, k: number): Map<string, Counts6> {
  return new Map([...m].map(([code, c]) => [code, c.values(k)]))
}

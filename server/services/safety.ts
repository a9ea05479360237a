import type { Access } from '../auth/roles.ts'
import { criterionCounts, monthlyCriterionCounts, unitsOf, type UnitLevel } from '../db/queries/policy-units.ts'
import type { Db } from '../db/types.ts'
import { periodsBetween, type Period, type PeriodType } from '../../common/periods.ts'
import { passes, type Thresholds } from '../domain/safety.ts'
import { CellSums, EMPTY6 } from '../domain/disclosure.ts'
import { suppressCount } from '../domain/suppression.ts'
import { areaNames } from '../db/queries/policy-names.ts'
import { dataCover, markComplete } from './data-cover.ts'

const byCrit = <T>(f: (i: number) => T) => Object.fromEntries([1, 2, 3, 4, 5].map((c) => [String(c), f(c - 1)]))

/** Safe status of every village or commune in an area for one period (any span of local dates). */
export async function safetyFor(
  db: Db,
  p: { period: Pick<Period, 'from' | 'to'>; level: UnitLevel; area?: string; access: Access; thresholds: Thresholds },
) {
  const f = { from: p.period.from, to: p.period.to, area: p.area, access: p.access }
  const [units, counts] = await Promise.all([unitsOf(db, p.level, { area: p.area, access: p.access }), criterionCounts(db, p.level, f)])
  const rows = units.map((u) => {
    // Published cells for a viewer: pass/fail is judged on those (a withheld count, 1 to k − 1, fails a zero threshold).
    const c = counts.get(u.code) ?? EMPTY6
    const pass = passes(c, p.thresholds)
    return { ...u, counts: byCrit((i) => suppressCount(c[i])), pass: byCrit((i) => pass[i]), safe: pass.every(Boolean) }
  })
  const safe = rows.filter((r) => r.safe).length
  return {
    level: p.level,
    thresholds: [...p.thresholds],
    rows,
    summary: { areas: rows.length, safe, share: rows.length ? safe / rows.length : null },
  }
}

/** The group an area's unit belongs to: one level below `area` (provinces nationally), never the unit itself. */
export function groupLength(level: UnitLevel, area?: string | null): number {
  const unitLen = level === 'village' ? 8 : 6
  return Math.min((area?.length ?? 0) + 2, unitLen - 2)
}

/** Count and share of safe villages or communes per group and period, from one monthly aggregation. */
export async function safetyTrend(
  db: Db,
  p: { type: PeriodType; from: string; to: string; level: UnitLevel; area?: string; access: Access; thresholds: Thresholds },
) {
  const periods = periodsBetween(p.type, p.from, p.to)
  const first = periods[0].from,
    last = periods[periods.length - 1].to
  const [units, monthly, cover] = await Promise.all([
    unitsOf(db, p.level, { area: p.area, access: p.access }),
    monthlyCriterionCounts(db, p.level, { from: first, to: last, area: p.area, access: p.access }),
    dataCover(db, p.access),
  ])
  const T = periods.length
  const unitIndex = new Map(units.map((u, i) => [u.code, i]))
  const periodOfMonth = new Map<string, number>()
  periods.forEach((per, t) => {
    for (let m = Number(per.from.slice(5, 7)), k = 0; k < per.months; k++, m++)
      periodOfMonth.set(`${per.year}-${String(m).padStart(2, '0')}`, t)
  })
  // Cells (unit, period, criterion) summed from the months, published for a viewer: counts[(unit * T + t) * 5 + criterion - 1]
  const cells = new CellSums(units.length * T * 5)
  for (const r of monthly) {
    const i = unitIndex.get(r.code),
      t = periodOfMonth.get(r.month)
    if (i != null && t != null) cells.add((i * T + t) * 5 + r.criterion - 1, r.n, r.ks)
  }
  const counts = cells.values(p.access.k)
  const glen = groupLength(p.level, p.area)
  const groupCodes = [...new Set(units.map((u) => u.code.slice(0, glen)))].sort()
  const gIndex = new Map(groupCodes.map((g, k) => [g, k]))
  const safe = groupCodes.map(() => new Int32Array(T))
  const size = new Int32Array(groupCodes.length)
  units.forEach((u, i) => {
    const g = gIndex.get(u.code.slice(0, glen))!
    size[g]++
    for (let t = 0; t < T; t++) if (passes(counts.subarray((i * T + t) * 5, (i * T + t) * 5 + 5), p.thresholds).every(Boolean)) safe[g][t]++
  })
  const names = await areaNames(db, groupCodes)
  const share = (s: Int32Array, n: number) => Array.from(s, (x) => (n ? Math.round((x / n) * 10000) / 10000 : null))
  const totalSafe = new Int32Array(T)
  for (const s of safe) for (let t = 0; t < T; t++) totalSafe[t] += s[t]
  return {
    level: p.level,
    thresholds: [...p.thresholds],
    // A period the data do not cover from its first to its last day is marked (its share is of part of it).
    periods: markComplete(periods, cover),
    data: cover,
    groups: groupCodes.map((g, k) => ({
      code: g,
      name_en: names.get(g)?.name_en ?? g,
      name_km: names.get(g)?.name_km ?? null,
      areas: size[k],
      safe: Array.from(safe[k]),
      share: share(safe[k], size[k]),
    })),
    total: { areas: units.length, safe: Array.from(totalSafe), share: share(totalSafe, units.length) },
  }
}

import { ebSmooth } from '../analysis/eb.ts'
import type { Access } from '../auth/roles.ts'
import { criterionCounts, unitsOf } from '../db/queries/policy-units.ts'
import { areaNames } from '../db/queries/policy-names.ts'
import { incidentSummary } from '../db/queries/incidents.ts'
import type { Db } from '../db/types.ts'
import { isComplete, previousPeriod, type Period } from '../../common/periods.ts'
import { EMPTY6, estimate } from '../domain/disclosure.ts'
import { suppressCount } from '../domain/suppression.ts'
import { methodNotes } from './method-notes.ts'

const r3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null)

/** Communes ranked within their province by the fall of their EB-smoothed rate between the previous period and this one. */
export async function rankCommunes(db: Db, p: { period: Period; compare?: Period; area?: string; access: Access; top: number }) {
  const prev = p.compare ?? previousPeriod(p.period)
  const f = { area: p.area, access: p.access }
  const [summary, units, now, before] = await Promise.all([
    incidentSummary(db, { access: p.access }),
    unitsOf(db, 'commune', f),
    criterionCounts(db, 'commune', { ...f, from: p.period.from, to: p.period.to }),
    criterionCounts(db, 'commune', { ...f, from: prev.from, to: prev.to }),
  ])
  const us = units.filter((u) => (u.population ?? 0) > 0)
  const pop = Float64Array.from(us, (u) => u.population!)
  // Totals are cells of their own (published for a viewer; EB smooths a withheld one at k/2).
  const k = p.access.k
  const cNow = Float64Array.from(us, (u) => (now.get(u.code) ?? EMPTY6)[5])
  const cPrev = Float64Array.from(us, (u) => (before.get(u.code) ?? EMPTY6)[5])
  const ebNow = ebSmooth(
      cNow.map((v) => estimate(v, k)),
      pop,
    ),
    ebPrev = ebSmooth(
      cPrev.map((v) => estimate(v, k)),
      pop,
    )
  const rows = us.map((u, i) => ({ u, i, improvement: (ebPrev.rate[i] - ebNow.rate[i]) * 1000 }))
  const byProv = new Map<string, typeof rows>()
  for (const r of rows) {
    const a = byProv.get(r.u.province_code)
    if (a) a.push(r)
    else byProv.set(r.u.province_code, [r])
  }
  const names = await areaNames(db, [...byProv.keys()])
  const out = []
  for (const [prov, list] of [...byProv].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    list.sort((a, b) => b.improvement - a.improvement || (a.u.code < b.u.code ? -1 : 1))
    for (const [rank, r] of list.entries()) {
      const { u, i } = r
      const now = suppressCount(cNow[i]),
        was = suppressCount(cPrev[i])
      out.push({
        code: u.code,
        name_en: u.name_en,
        name_km: u.name_km,
        province_code: prov,
        province_en: names.get(prov)?.name_en ?? prov,
        province_km: names.get(prov)?.name_km ?? null,
        population: u.population,
        count: now,
        previous_count: was,
        rate: now == null ? null : r3((cNow[i] / pop[i]) * 1000),
        previous_rate: was == null ? null : r3((cPrev[i] / pop[i]) * 1000),
        eb_rate: r3(ebNow.rate[i] * 1000),
        eb_previous_rate: r3(ebPrev.rate[i] * 1000),
        improvement: r3(r.improvement),
        rank: rank + 1,
        of: list.length,
        outstanding: rank < p.top && r.improvement > 0,
      })
    }
  }
  return {
    ...methodNotes('method.ranking', {}),
    period: { ...p.period, complete: isComplete(p.period, summary.first, summary.last) },
    previous: prev,
    data_to: summary.last,
    synthetic: summary.synthetic > 0,
    prior: {
      now: r3(ebNow.mean * 1000),
      previous: r3(ebPrev.mean * 1000),
      between_area_variance_now: ebNow.variance,
      between_area_variance_previous: ebPrev.variance,
    },
    left_out_without_population: units.length - us.length,
    rows: out,
  }
}

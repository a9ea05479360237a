import { differenceInDifferences, type DidResult } from '../analysis/did.ts'
import { withinScope, type Access } from '../auth/roles.ts'
import { incidentSummary } from '../db/queries/incidents.ts'
import { type DistrictNames, districtNames, type PlanRow } from '../db/queries/pilots.ts'
import { monthlyCriterionCounts, unitsOf, type MonthlyCell, type Unit } from '../db/queries/policy-units.ts'
import type { Db } from '../db/types.ts'
import { addMonths, monthEnd, monthList } from '../../common/periods.ts'
import { CellSums, estimate } from '../domain/disclosure.ts'
import { methodNotes } from './method-notes.ts'

const r5 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100000) / 100000 : null)
export class NotYetError extends Error {}

type EvalParams = {
  access: Access
  controls: number
  preMonths: number
  today: string
  planted?: { reduction: number; removed: Record<string, number> } | null
}
/** Whole months before (pre) and after (post) the start; lastFull is the last whole month of data. */
type Window = { pre: string[]; post: string[]; months: string[]; lastFull: string }
/** Incidents per 1,000 people per month of unit i over months [a, b) (a = 0: the pre-period; else the post). */
type RateOf = (i: number, a: number, b: number) => number

/**
 * Evaluates a pilot plan: monthly incident rates per 1,000 people before and after the start, pilots against
 * matched controls of the same level and province (analysis/did.ts). Whole months only: a start in mid-month
 * begins the next month. Pre-period: `preMonths` months before (as many as the data holds, up to that).
 */
export async function evaluatePlan(db: Db, whole: PlanRow, p: EvalParams) {
  // Only the pilots inside the reader's area are evaluated (and named): an officer learns nothing of the others.
  const plan = { ...whole, areas: whole.areas.filter((a) => withinScope(p.access.scope, a.code)) }
  if (!plan.areas.length) throw new NotYetError('the plan has no pilot in your area')
  const w = await evaluationWindow(db, plan, p)
  const { units, counts } = await unitCounts(db, plan, p.access, w)
  const pop = Float64Array.from(units, (u) => u.population ?? NaN)
  const { c, rate } = unitRates(units, counts, w, pop, p.access.k)
  const pilots = new Set(plan.areas.map((a) => a.code))
  const d = differenceInDifferences({
    pre: Float64Array.from(units, (_, i) => rate(i, 0, w.pre.length)),
    post: Float64Array.from(units, (_, i) => rate(i, w.pre.length, w.months.length)),
    population: pop,
    group: Int32Array.from(units, (u) => Number(u.code.slice(0, 2))),
    treated: Uint8Array.from(units, (u) => (pilots.has(u.code) ? 1 : 0)),
    k: p.controls,
  })
  const named = d.pairs.flatMap((pr) => [pr.pilot, ...pr.controls]).map((i) => units[i].code)
  const districts = await districtNames(db, named)
  return evaluationResult(plan, p, w, { units, pop, rate, d, districts, series: monthlySeries(w.months, d, c, pop) })
}

/** The pre and post months, or a NotYetError saying why the plan cannot be evaluated yet. */
async function evaluationWindow(db: Db, plan: PlanRow, p: EvalParams): Promise<Window> {
  const s = await incidentSummary(db, { access: p.access })
  if (!s.first || !s.last) throw new NotYetError('there are no incidents to evaluate with')
  const startMonth = plan.start_date.endsWith('-01') ? plan.start_date.slice(0, 7) : addMonths(plan.start_date, 1).slice(0, 7)
  const lastData = s.last < p.today ? s.last : p.today
  const lastFull =
    lastData === monthEnd(Number(lastData.slice(0, 4)), Number(lastData.slice(5, 7)))
      ? lastData.slice(0, 7)
      : addMonths(lastData, -1).slice(0, 7)
  if (plan.start_date > p.today) throw new NotYetError(`the plan starts on ${plan.start_date}: evaluate it once it has run for a month`)
  if (startMonth > lastFull) throw new NotYetError(`no whole month of data after the start (${plan.start_date}); the data end on ${s.last}`)
  const firstMonth = [addMonths(`${startMonth}-01`, -p.preMonths).slice(0, 7), s.first.slice(0, 7)].sort().pop()!
  const pre = monthList(`${firstMonth}-01`, `${addMonths(`${startMonth}-01`, -1)}`)
  const post = monthList(`${startMonth}-01`, `${lastFull}-01`)
  if (pre.length < 3) throw new NotYetError(`only ${pre.length} months of data before the start; at least 3 are needed`)
  return { pre, post, months: [...pre, ...post], lastFull }
}

/** The units of the plan's level in the pilots' provinces, and their monthly counts over the window. */
async function unitCounts(db: Db, plan: PlanRow, access: Access, w: Window) {
  const provinces = [...new Set(plan.areas.map((a) => a.code.slice(0, 2)))]
  const units = (await Promise.all(provinces.map((pr) => unitsOf(db, plan.level, { area: pr, access })))).flat()
  const counts = (
    await Promise.all(
      provinces.map((pr) =>
        monthlyCriterionCounts(db, plan.level, {
          from: `${w.months[0]}-01`,
          to: monthEnd(Number(w.lastFull.slice(0, 4)), Number(w.lastFull.slice(5, 7))),
          area: pr,
          access,
        }),
      ),
    )
  ).flat()
  return { units, counts }
}

/**
 * Cells (unit, month), (unit, pre-period) and (unit, post-period); a viewer's are published (a withheld one at
 * k/2). Returns the monthly counts (unit-major) and the rate of a unit over the pre or post period.
 */
function unitRates(units: Unit[], counts: MonthlyCell[], w: Window, pop: Float64Array, k: number): { c: Float64Array; rate: RateOf } {
  const n = units.length,
    T = w.months.length
  const ui = new Map(units.map((u, i) => [u.code, i])),
    mi = new Map(w.months.map((m, i) => [m, i]))
  const monthCells = new CellSums(n * T),
    windowCells = [new CellSums(n), new CellSums(n)]
  for (const r of counts) {
    const i = ui.get(r.code),
      m = mi.get(r.month)
    if (i != null && m != null) {
      monthCells.add(i * T + m, r.n, r.ks)
      windowCells[m < w.pre.length ? 0 : 1].add(i, r.n, r.ks)
    }
  }
  const c = monthCells.values(k).map((v) => estimate(v, k))
  const [preCount, postCount] = windowCells.map((cells) => cells.values(k).map((v) => estimate(v, k)))
  const rate = (i: number, a: number, b: number) => (((a === 0 ? preCount[i] : postCount[i]) / pop[i]) * 1000) / (b - a)
  return { c, rate }
}

/** Monthly rates: mean over pilots, and over their controls (each pilot's controls weigh 1 in total). */
function monthlySeries(months: string[], d: DidResult, c: Float64Array, pop: Float64Array) {
  const T = months.length
  return months.map((month, m) => {
    let a = 0,
      b = 0
    for (const pr of d.pairs) {
      a += (c[pr.pilot * T + m] / pop[pr.pilot]) * 1000
      for (const j of pr.controls) b += ((c[j * T + m] / pop[j]) * 1000) / pr.controls.length
    }
    return { month, pilots: r5(a / (d.pairs.length || 1)), controls: r5(b / (d.pairs.length || 1)) }
  })
}

/** The evaluation as the API gives it. */
function evaluationResult(
  plan: PlanRow,
  p: EvalParams,
  w: Window,
  x: {
    units: Unit[]
    pop: Float64Array
    rate: RateOf
    d: DidResult
    districts: DistrictNames
    series: ReturnType<typeof monthlySeries>
  },
) {
  const { pre, post, lastFull } = w
  const { units, rate, d } = x
  const T = w.months.length
  const hide = p.access.k > 0 // a viewer sees no single village's or commune's rates (they would give its counts)
  const name = (i: number) => ({
    code: units[i].code,
    name_en: units[i].name_en,
    name_km: units[i].name_km,
    district_name_en: x.districts.get(units[i].code.slice(0, 4))?.district_name_en ?? null,
    district_name_km: x.districts.get(units[i].code.slice(0, 4))?.district_name_km ?? null,
  })
  return {
    plan: { id: plan.id, name: plan.name, level: plan.level, start_date: plan.start_date, synthetic: plan.synthetic },
    pre: {
      from: `${pre[0]}-01`,
      to: monthEnd(Number(pre[pre.length - 1].slice(0, 4)), Number(pre[pre.length - 1].slice(5, 7))),
      months: pre.length,
    },
    post: { from: `${post[0]}-01`, to: monthEnd(Number(lastFull.slice(0, 4)), Number(lastFull.slice(5, 7))), months: post.length },
    unit: 'incidents per 1,000 people per month',
    ...methodNotes('method.pilotEval', { controls: p.controls, level: plan.level }),
    n_pilots: d.n_pilots,
    n_controls: d.n_controls,
    unmatched: d.unmatched.map((i) => units[i]?.code ?? null).filter(Boolean),
    estimate: {
      did: r5(d.did),
      se: r5(d.se),
      ci_low: r5(d.ci_low),
      ci_high: r5(d.ci_high),
      level: d.level,
      df: d.df,
      p: r5(d.p),
      relative: r5(d.did / d.pilot_pre),
    },
    means: { pilot_pre: r5(d.pilot_pre), pilot_post: r5(d.pilot_post), control_pre: r5(d.control_pre), control_post: r5(d.control_post) },
    balance: Object.fromEntries(Object.entries(d.balance).map(([k, v]) => [k, r5(v)])),
    pairs: d.pairs.map((pr) => ({
      ...name(pr.pilot),
      pre_rate: hide ? null : r5(rate(pr.pilot, 0, pre.length)),
      post_rate: hide ? null : r5(rate(pr.pilot, pre.length, T)),
      controls: pr.controls.map((j) => ({
        ...name(j),
        pre_rate: hide ? null : r5(rate(j, 0, pre.length)),
        post_rate: hide ? null : r5(rate(j, pre.length, T)),
      })),
    })),
    series: x.series,
    planted: p.planted ? plantedEffect(p.planted, d, units, x.pop, post.length) : null,
  }
}

/** The demo's known effect (synthetic plans only): incidents the seed removed, as the same rate difference. */
function plantedEffect(planted: NonNullable<EvalParams['planted']>, d: DidResult, units: Unit[], pop: Float64Array, postMonths: number) {
  return {
    reduction: planted.reduction,
    removed: d.pairs.reduce((s, pr) => s + (planted.removed[units[pr.pilot].code] ?? 0), 0),
    att: r5(
      d.pairs.reduce((s, pr) => s - (((planted.removed[units[pr.pilot].code] ?? 0) / pop[pr.pilot]) * 1000) / postMonths, 0) /
        (d.pairs.length || 1),
    ),
  }
}

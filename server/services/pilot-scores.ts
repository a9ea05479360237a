import proj4 from 'proj4'
import { ebSmooth } from '../analysis/eb.ts'
import { serviceAreas } from '../analysis/location/service.ts'
import { mannKendall } from '../analysis/mann-kendall.ts'
import { pilotScores, SCORE_TERMS, TERM_INFO, type Weights } from '../analysis/pilot-score.ts'
import { type Access, withinScope } from '../auth/roles.ts'
import { UTM48N } from '../../common/geo.ts'
import { postPoints } from '../db/queries/coverage-data.ts'
import { districtNamesIn, type DistrictNames } from '../db/queries/pilots.ts'
import { incidentSummary } from '../db/queries/incidents.ts'
import {
  criterionCounts,
  monthlyCriterionCounts,
  unitsOf,
  type MonthlyCell,
  type Unit,
  type UnitLevel,
} from '../db/queries/policy-units.ts'
import type { Db } from '../db/types.ts'
import { addMonths, monthEnd, monthList, periodOf } from '../../common/periods.ts'
import { isSafe, type Thresholds } from '../domain/safety.ts'
import { CellSums, EMPTY6, estimate } from '../domain/disclosure.ts'
import { suppressCount } from '../domain/suppression.ts'
import { hotspots } from './hotspots.ts'
import { methodNotes } from './method-notes.ts'

const toUtm = proj4('WGS84', UTM48N)
const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 10000) / 10000 : null)

/** The last 12 whole months of the data the actor sees (or the given dates). */
export async function scoreWindow(db: Db, access: Access, from?: string, to?: string): Promise<{ from: string; to: string }> {
  if (from && to) return { from, to }
  const s = await incidentSummary(db, { access })
  const last = s.last ?? new Date().toISOString().slice(0, 10)
  const lastMonthEnd = monthEnd(Number(last.slice(0, 4)), Number(last.slice(5, 7)))
  const end =
    to ?? (last === lastMonthEnd ? last : monthEnd(Number(addMonths(last, -1).slice(0, 4)), Number(addMonths(last, -1).slice(5, 7))))
  return { from: from ?? `${addMonths(end, -11).slice(0, 7)}-01`, to: end }
}

type ScoreParams = {
  level: UnitLevel
  area?: string
  from?: string
  to?: string
  access: Access
  weights: Weights
  thresholds: Thresholds
  limit: number
}
type Filters = { from: string; to: string; area?: string; access: Access }
/** Gi* and emerging hot spot terms per unit. */
type Hot = { hot: Float64Array; hotZ: Float64Array; hotCat: (string | null)[] }
type Trend = ReturnType<typeof mannKendall> | null

/** Ranks villages or communes as pilot candidates by the weighted index (analysis/pilot-score.ts). */
export async function scorePilots(db: Db, p: ScoreParams) {
  const t0 = performance.now()
  const win = await scoreWindow(db, p.access, p.from, p.to)
  const f = { from: win.from, to: win.to, area: p.area, access: p.access }
  const lastQ = periodOf('quarter', win.to)
  const quarter = lastQ.to <= win.to ? lastQ : periodOf('quarter', addMonths(lastQ.from, -1))
  const [units, monthly, qCounts, posts, districts] = await Promise.all([
    unitsOf(db, p.level, { area: p.area, access: p.access }),
    monthlyCriterionCounts(db, p.level, f),
    criterionCounts(db, p.level, { ...f, from: quarter.from, to: quarter.to }),
    postPoints(db, { ...p.access, scope: null }),
    districtNamesIn(db, p.area ?? p.access.scope),
  ])
  const months = monthList(win.from, win.to)
  const uIndex = new Map(units.map((u, i) => [u.code, i]))
  const { series, count } = publishedCounts(units, monthly, months, uIndex, p.access.k)
  const pop = Float64Array.from(units, (u) => u.population ?? NaN)
  const eb = ebSmooth(
    count.map((v) => estimate(v, p.access.k)),
    pop,
  )
  const trend = units.map((_, i) => (months.length >= 4 ? mannKendall(series.subarray(i * months.length, (i + 1) * months.length)) : null))
  const hot = await hotTerms(db, p.level, f, units.length, months.length, uIndex)
  const dist = postDistances(units, posts)
  const safe = units.map((u) => isSafe(qCounts.get(u.code) ?? EMPTY6, p.thresholds))
  const { terms, score } = pilotScores(
    { ebRate: eb.rate, trendZ: trend.map((t) => t?.z ?? NaN), hotspot: hot.hot, population: pop, distance: dist, safe },
    p.weights,
  )
  const order = units.map((_, i) => i).sort((a, b) => score[b] - score[a] || (units[a].code < units[b].code ? -1 : 1))
  const rows = order
    .slice(0, p.limit)
    .map((i, rank) => scoreRow(units[i], i, rank, districts, { count, pop, ebRate: eb.rate, trend, hot, dist, safe, terms, score }))
  return {
    level: p.level,
    area: p.area ?? null,
    from: win.from,
    to: win.to,
    safe_quarter: quarter,
    weights: p.weights,
    units: units.length,
    terms: SCORE_TERMS.map((key) => ({ key, ...TERM_INFO[key] })),
    ...methodNotes('method.pilotScores', {
      prior: r4(eb.mean * 1000),
      months: months.length,
      level: p.level,
      area: p.area,
      quarter: { en: quarter.label_en, km: quarter.label_km },
    }),
    took_ms: Math.round(performance.now() - t0),
    rows,
  }
}

/**
 * Cells (unit, month) and (unit, window) from one aggregation; published for a viewer, whose analysis then uses
 * those values (a withheld one at k/2: server/domain/disclosure.ts).
 */
function publishedCounts(units: Unit[], monthly: MonthlyCell[], months: string[], uIndex: Map<string, number>, k: number) {
  const n = units.length
  const mIndex = new Map(months.map((m, i) => [m, i]))
  const monthCells = new CellSums(n * months.length),
    windowCells = new CellSums(n)
  for (const r of monthly) {
    const i = uIndex.get(r.code),
      m = mIndex.get(r.month)
    if (i != null && m != null) {
      monthCells.add(i * months.length + m, r.n, r.ks)
      windowCells.add(i, r.n, r.ks)
    }
  }
  return { series: monthCells.values(k).map((v) => estimate(v, k)), count: windowCells.values(k) }
}

/** Hot spots from the engine: Gi* on these units, and the emerging hot spot categories when 10+ months. */
async function hotTerms(db: Db, level: UnitLevel, f: Filters, n: number, nMonths: number, uIndex: Map<string, number>): Promise<Hot> {
  const hot = new Float64Array(n),
    hotZ = new Float64Array(n).fill(NaN),
    hotCat: (string | null)[] = new Array(n).fill(null)
  // Analysed among the units of the area (their neighbours inside it), not nationwide: with the counts filtered to
  // the area, every unit in it would stand out against the empty rest of the country.
  const scope = f.area && withinScope(f.access.scope, f.area) ? f.area : f.access.scope
  const filters = { ...f, access: { ...f.access, scope } }
  const base = { unit: level, rate: false, fdr: false, permutations: 0, seed: 1, alpha: 0.05, step: 'month' as const, filters }
  if (n >= 5) {
    const gi = JSON.parse(await hotspots(db, { ...base, method: 'gistar' }))
    for (const ft of gi.features) {
      const i = uIndex.get(ft.properties.code)
      if (i == null) continue
      hotZ[i] = ft.properties.z ?? NaN
      const b = ft.properties.bin
      hot[i] = b >= 2 ? 1 : b === 1 ? 0.5 : 0
    }
    if (nMonths >= 10) {
      const eh = JSON.parse(await hotspots(db, { ...base, method: 'ehsa' }))
      for (const ft of eh.features) {
        const i = uIndex.get(ft.properties.code)
        if (i == null) continue
        const c = ft.properties.category as string
        if (c?.includes('hot spot')) {
          hotCat[i] = c
          hot[i] = 1
        }
      }
    }
  }
  return { hot, hotZ, hotCat }
}

/** Planar distance (m) from each located unit to its nearest post; NaN when unknown. */
function postDistances(units: Unit[], posts: Awaited<ReturnType<typeof postPoints>>) {
  const located = units.map((_u, i) => i).filter((i) => units[i].lon != null)
  const dist = new Float64Array(units.length).fill(NaN)
  if (posts.length && located.length) {
    const xy = located.map((i) => toUtm.forward([units[i].lon!, units[i].lat!]))
    const r = serviceAreas(
      {
        x: Float64Array.from(posts, (q) => q.x),
        y: Float64Array.from(posts, (q) => q.y),
        radius: new Float64Array(posts.length),
        staff: new Float64Array(posts.length),
      },
      { x: Float64Array.from(xy, (c) => c[0]), y: Float64Array.from(xy, (c) => c[1]), w: new Float64Array(xy.length) },
    )
    located.forEach((i, k) => {
      dist[i] = r.distance[k]
    })
  }
  return dist
}

/** One ranked unit: its published count and rate, the inputs of each term, the terms and the score. */
function scoreRow(
  u: Unit,
  i: number,
  rank: number,
  districts: DistrictNames,
  x: {
    count: Float64Array
    pop: Float64Array
    ebRate: Float64Array
    trend: Trend[]
    hot: Hot
    dist: Float64Array
    safe: boolean[]
    terms: ReturnType<typeof pilotScores>['terms']
    score: ArrayLike<number>
  },
) {
  const { count, pop, trend, hot, dist, terms } = x
  const shown = suppressCount(count[i])
  return {
    rank: rank + 1,
    code: u.code,
    name_en: u.name_en,
    name_km: u.name_km,
    district_name_en: districts.get(u.code.slice(0, 4))?.district_name_en ?? null,
    district_name_km: districts.get(u.code.slice(0, 4))?.district_name_km ?? null,
    parent_code: u.parent_code,
    province_code: u.province_code,
    lon: u.lon,
    lat: u.lat,
    population: u.population,
    population_estimated: u.population_estimated,
    count: shown,
    rate_per_1000: shown != null && pop[i] > 0 ? r4((count[i] / pop[i]) * 1000) : null,
    eb_rate_per_1000: r4(x.ebRate[i] * 1000),
    trend_z: r4(trend[i]?.z ?? NaN),
    trend_p: r4(trend[i]?.p ?? NaN),
    hotspot_z: r4(hot.hotZ[i]),
    hotspot: hot.hot[i] >= 1, // a Gi* hot spot at 95% or an emerging hot spot, among the area's units
    emerging: hot.hotCat[i],
    distance_post_m: Number.isFinite(dist[i]) ? Math.round(dist[i]) : null,
    safe: x.safe[i],
    terms: {
      rate: r4(terms.rate[i]),
      trend: r4(terms.trend[i]),
      hotspot: r4(terms.hotspot[i]),
      population: r4(terms.population[i]),
      distance: r4(terms.distance[i]),
      safe: r4(terms.safe[i]),
    },
    score: r4(x.score[i]),
  }
}

/**
 * SYNTHETIC demo incidents (pure, no I/O). Background incidents follow village population with a mild
 * urban uplift, weekly and seasonal rhythms and a criterion mix; planted clusters (data/demo-seed.json)
 * give hotspot analyses something to find: persistent, new (last months only) and fading (first year only).
 */
import { distance } from '@turf/turf'
import specJson from '../../data/demo-seed.json'
import { M_PER_DEG_LAT, M_PER_DEG_LON } from '../../common/geo.ts'
import type { IncidentInsert } from '../db/queries/insert-incidents.ts'
import { CRITERIA, isSubtype } from '../../common/criteria.ts'
import { PHNOM_PENH_OFFSET } from '../../common/periods.ts'
import { AliasTable, Rng, cumulative, weightedIndex } from './prng.ts'

export interface DemoVillage {
  code: string
  commune_code: string
  district_code: string
  province_code: string
  lon: number
  lat: number
  population_est: number
}

type Shares = Record<string, number>
export interface ClusterSpec {
  id: string
  name: string
  kind: 'persistent' | 'new' | 'fading'
  lon: number
  lat: number
  radius_m: number
  criteria: Shares
  subtypes?: Record<string, Shares>
  intensity: number
  active: 'all' | { first: number } | { last: number }
  trend?: 'flat' | 'rising' | 'falling'
}
export interface DemoSeedSpec {
  cluster_share: number
  background: { criteria: Shares; urban_uplift: Shares; subtypes: Record<string, Shares> }
  clusters: ClusterSpec[]
}

export const DEMO_SPEC = checkSpec(specJson as unknown as DemoSeedSpec)

/** Catches edits to data/demo-seed.json that the generator cannot honour. */
export function checkSpec(spec: DemoSeedSpec): DemoSeedSpec {
  if (!(spec.cluster_share >= 0 && spec.cluster_share < 1)) throw new Error('cluster_share must be in [0, 1)')
  for (const c of spec.clusters) {
    const okActive = c.active === 'all' || ('first' in c.active && c.active.first > 0) || ('last' in c.active && c.active.last > 0)
    if (!okActive || !(c.radius_m > 0) || !(c.intensity >= 0) || !['persistent', 'new', 'fading'].includes(c.kind)) {
      throw new Error(`demo cluster ${c.id} is malformed`)
    }
  }
  return spec
}
export const DEMO_FROM = '2023-11-01'
export const DEMO_TO = '2026-10-31'
export const DEMO_SOURCE = 'demo-generator'
export const EXACT_SHARE = 0.65
const MAX_COUNT = 1 << 24 // row indices are packed into the sort keys

export interface DemoOptions {
  seed: number
  count: number
  from?: string
  to?: string
  spec?: DemoSeedSpec
}

// ---- calendar (Asia/Phnom_Penh has no DST: every local day is UTC+7) ----

export interface DemoDay {
  iso: string
  month: number
  weekday: number
  m: number
  d: number
}

/** The local days from..to inclusive; `month` counts calendar months from the first one. */
export function demoDays(from = DEMO_FROM, to = DEMO_TO): DemoDay[] {
  const parse = (s: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) throw new Error(`bad date ${s}`)
    return Date.parse(`${s}T00:00:00Z`)
  }
  const t0 = parse(from)
  const t1 = parse(to)
  if (t1 < t0) throw new Error(`date range ${from}..${to} is empty`)
  const start = new Date(t0)
  const days: DemoDay[] = []
  for (let t = t0; t <= t1; t += 86_400_000) {
    const dt = new Date(t)
    days.push({
      iso: dt.toISOString().slice(0, 10),
      month: (dt.getUTCFullYear() - start.getUTCFullYear()) * 12 + dt.getUTCMonth() - start.getUTCMonth(),
      weekday: dt.getUTCDay(),
      m: dt.getUTCMonth() + 1,
      d: dt.getUTCDate(),
    })
  }
  return days
}

const isNewYear = (day: DemoDay) => day.m === 4 && day.d >= 10 && day.d <= 20 // Khmer New Year, mid-April
const isDry = (day: DemoDay) => day.m >= 11 || day.m <= 4

/** Relative daily rate of one criterion (1..5): weekday, season, New Year, and a gentle upward trend. */
function dayFactor(c: number, day: DemoDay, pos: number): number {
  const weekend = day.weekday === 0 || day.weekday === 6 || day.weekday === 5
  let f = 1 + 0.08 * pos
  if (c === 1) f *= (isDry(day) ? 1.15 : 0.9) * (isNewYear(day) ? 1.6 : 1) * (weekend ? 1.1 : 1)
  else if (c === 2) f *= day.weekday === 6 ? 1.08 : 1
  else if (c === 3) f *= (isNewYear(day) ? 1.4 : 1) * (day.weekday === 0 || day.weekday === 6 ? 1.15 : 1)
  else if (c === 4) f *= (isDry(day) ? 1.05 : 1) * (isNewYear(day) ? 1.5 : 1) * (weekend ? 1.2 : 1)
  else f *= (isNewYear(day) ? 1.8 : 1) * (weekend ? 1.15 : 1)
  return f
}

/** Relative rate by hour of day (0..23), per criterion. */
const HOURS: Record<number, number[]> = {
  1: [3, 2, 2, 1, 1, 2, 4, 6, 7, 7, 7, 7, 8, 7, 7, 8, 9, 11, 12, 12, 11, 9, 6, 4],
  2: [8, 7, 5, 3, 2, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 6, 8, 10, 11, 12, 12, 10],
  3: [4, 3, 2, 1, 1, 1, 2, 3, 3, 3, 3, 4, 4, 3, 3, 4, 5, 7, 10, 12, 12, 11, 9, 6],
  4: [9, 8, 6, 3, 2, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 5, 6, 8, 10, 12, 13, 13, 11],
  5: [5, 4, 2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 10, 11, 11, 10, 9, 7],
}

// ---- villages ----

interface VillageModel {
  villages: DemoVillage[]
  byCriterion: AliasTable[]
}

/** Population weights (unknown population: the median village) times 1 + uplift × urbanity. */
function villageModel(input: DemoVillage[], spec: DemoSeedSpec): VillageModel {
  const villages = input
    .filter((v) => Number.isFinite(v.lon) && Number.isFinite(v.lat))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  if (villages.length === 0) throw new Error('no villages with a location to place demo incidents in')
  const known = villages
    .map((v) => v.population_est)
    .filter((p) => p > 0)
    .sort((a, b) => a - b)
  const fallback = known.length ? known[known.length >> 1] : 1
  const pop = Float64Array.from(villages, (v) => (v.population_est > 0 ? v.population_est : fallback))
  const urb = urbanity(villages, pop)
  const byCriterion = CRITERIA.map((c) => {
    const up = spec.background.urban_uplift[c.id] ?? 0
    return new AliasTable(pop.map((p, i) => p * (1 + up * urb[i])))
  })
  return { villages, byCriterion }
}

/** 0..1: population of the ~15 km square around a village, log-scaled between the median and the 99th percentile. */
function urbanity(villages: DemoVillage[], pop: Float64Array): Float64Array {
  const cell = 0.05
  const key = (ix: number, iy: number) => ix * 100_000 + iy
  const cells = new Map<number, number>()
  const ix = villages.map((v) => Math.floor(v.lon / cell))
  const iy = villages.map((v) => Math.floor(v.lat / cell))
  for (let i = 0; i < villages.length; i++) cells.set(key(ix[i], iy[i]), (cells.get(key(ix[i], iy[i])) ?? 0) + pop[i])
  const near = villages.map((_, i) => {
    let s = 0
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) s += cells.get(key(ix[i] + dx, iy[i] + dy)) ?? 0
    return s
  })
  const sorted = [...near].sort((a, b) => a - b)
  const q50 = sorted[sorted.length >> 1]
  const q99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]
  const span = Math.log(q99 / q50)
  return Float64Array.from(near, (n) => (span > 0 ? Math.min(1, Math.max(0, Math.log(n / q50) / span)) : 0))
}

/** Metres between two lon/lat points (great circle, turf). */
export function metres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return distance([lon1, lat1], [lon2, lat2], { units: 'meters' })
}

// ---- clusters ----

interface ClusterModel {
  spec: ClusterSpec
  villageIdx: Int32Array
  villageAlias: AliasTable
  criteria: AliasTable
  criterionIds: number[]
  dayAlias: AliasTable | null
  mass: number
}

function activeMonths(active: ClusterSpec['active'], months: number): [number, number] {
  if (active === 'all') return [0, months - 1]
  if ('first' in active) return [0, Math.min(months, active.first) - 1]
  return [Math.max(0, months - active.last), months - 1]
}

function clusterModel(spec: ClusterSpec, vm: VillageModel, days: DemoDay[]): ClusterModel {
  const vs = vm.villages
  const dist = vs.map((v) => metres(spec.lon, spec.lat, v.lon, v.lat))
  let idx = dist.map((d, i) => (d <= spec.radius_m ? i : -1)).filter((i) => i >= 0)
  if (idx.length === 0)
    idx = dist
      .map((_, i) => i)
      .sort((a, b) => dist[a] - dist[b] || a - b)
      .slice(0, 3)
  const sigma = spec.radius_m / 2
  const villageAlias = new AliasTable(idx.map((i) => Math.exp(-0.5 * (dist[i] / sigma) ** 2) + 1e-9))
  const criterionIds = Object.keys(spec.criteria).map(Number).sort()
  for (const c of criterionIds) if (!CRITERIA.some((k) => k.id === c)) throw new Error(`cluster ${spec.id}: criterion ${c}`)
  const months = days[days.length - 1].month + 1
  const [m0, m1] = activeMonths(spec.active, months)
  const active = days.map((d) => d.month >= m0 && d.month <= m1)
  const first = active.indexOf(true)
  const last = active.lastIndexOf(true)
  const weights = days.map((d, i) => {
    if (!active[i]) return 0
    const pos = last > first ? (i - first) / (last - first) : 0.5
    const ramp = spec.trend === 'rising' ? 0.4 + 1.2 * pos : spec.trend === 'falling' ? 1.6 - 1.2 * pos : 1
    return ramp * (d.weekday === 5 || d.weekday === 6 ? 1.15 : 1)
  })
  const mass = spec.intensity * weights.reduce((s, w) => s + w, 0)
  return {
    spec,
    villageIdx: Int32Array.from(idx),
    villageAlias,
    criterionIds,
    criteria: new AliasTable(criterionIds.map((c) => spec.criteria[c])),
    dayAlias: mass > 0 ? new AliasTable(weights) : null,
    mass,
  }
}

/** Splits total into integer parts proportional to weights (largest remainder, ties to the lower index). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0)
  if (sum <= 0) return weights.map(() => 0)
  const exact = weights.map((w) => (total * w) / sum)
  const out = exact.map(Math.floor)
  let rest = total - out.reduce((s, v) => s + v, 0)
  const order = exact.map((_v, i) => i).sort((a, b) => exact[b] - out[b] - (exact[a] - out[a]) || a - b)
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) out[order[k]]++
  return out
}

// ---- subtypes and descriptions ----

interface SubtypePick {
  codes: string[]
  cum: Float64Array
  desc: string[]
}

function subtypePick(c: number, shares: Shares, label: (en: string) => string): SubtypePick {
  const codes = Object.keys(shares)
  for (const s of codes) if (!isSubtype(c, s)) throw new Error(`unknown subtype ${s} for criterion ${c}`)
  const en = (s: string) => CRITERIA[c - 1].subtypes.find((t) => t.code === s)!.en.toLowerCase()
  return { codes, cum: cumulative(codes.map((s) => shares[s])), desc: codes.map((s) => label(en(s))) }
}

// ---- the generator ----

export function generateDemoIncidents(input: DemoVillage[], opts: DemoOptions): IncidentInsert[] {
  const spec = opts.spec ? checkSpec(opts.spec) : DEMO_SPEC
  const n = opts.count
  if (!Number.isInteger(n) || n < 0 || n > MAX_COUNT) throw new Error(`count must be an integer 0..${MAX_COUNT}`)
  const days = demoDays(opts.from ?? DEMO_FROM, opts.to ?? DEMO_TO)
  const vm = villageModel(input, spec)
  const rng = new Rng(opts.seed)

  // Background model: criterion mix, then a day and a village per criterion.
  const critIds = CRITERIA.map((c) => c.id)
  const critAlias = new AliasTable(critIds.map((c) => spec.background.criteria[c] ?? 0))
  const dayAlias = critIds.map((c) => new AliasTable(days.map((d, i) => dayFactor(c, d, i / Math.max(1, days.length - 1)))))
  const hourCum = critIds.map((c) => cumulative(HOURS[c]))
  const bgSub = critIds.map((c) => subtypePick(c, spec.background.subtypes[c], (en) => `synthetic demo: ${en}`))

  const clusters = spec.clusters.map((c) => clusterModel(c, vm, days))
  const perCluster = apportion(
    Math.round(n * spec.cluster_share),
    clusters.map((c) => c.mass),
  )
  const clusterSub = clusters.map((cm) =>
    cm.criterionIds.map((c) =>
      subtypePick(
        c,
        cm.spec.subtypes?.[c] ?? spec.background.subtypes[c],
        (en) => `synthetic demo: ${cm.spec.kind} cluster '${cm.spec.name}'; ${en}`,
      ),
    ),
  )

  // Phase 1: who/where/when in typed arrays.
  const crit = new Uint8Array(n) // criterion id
  const critSlot = new Uint8Array(n) // index into the source's criterion list
  const vil = new Int32Array(n)
  const day = new Int32Array(n)
  const sec = new Int32Array(n)
  const src = new Int16Array(n).fill(-1) // -1 background, else cluster index
  let i = 0
  clusters.forEach((cm, k) => {
    for (let j = 0; j < perCluster[k]; j++, i++) {
      const slot = cm.criteria.sample(rng)
      crit[i] = cm.criterionIds[slot]
      critSlot[i] = slot
      src[i] = k
      vil[i] = cm.villageIdx[cm.villageAlias.sample(rng)]
      day[i] = cm.dayAlias!.sample(rng)
    }
  })
  for (; i < n; i++) {
    const slot = critAlias.sample(rng)
    crit[i] = critIds[slot]
    critSlot[i] = slot
    vil[i] = vm.byCriterion[slot].sample(rng)
    day[i] = dayAlias[slot].sample(rng)
  }
  for (let j = 0; j < n; j++) sec[j] = weightedIndex(rng, hourCum[crit[j] - 1]) * 3600 + rng.int(3600)

  // Phase 2: chronological order (key = local second of the range, then the row; unique, so stable).
  const base = 2 ** Math.ceil(Math.log2(n + 1))
  if (days.length * 86400 * base > Number.MAX_SAFE_INTEGER) throw new Error('date range too long for this count')
  const keys = new Float64Array(n)
  for (let j = 0; j < n; j++) keys[j] = (day[j] * 86400 + sec[j]) * base + j
  keys.sort()

  // Phase 3: rows, with subtype, precision and jitter drawn in output order.
  const width = Math.max(7, String(n).length)
  const prefix = `demo-${opts.seed}-`
  const times = timeStrings()
  const out: IncidentInsert[] = new Array(n)
  for (let r = 0; r < n; r++) {
    const j = keys[r] % base
    const v = vm.villages[vil[j]]
    const pick = src[j] < 0 ? bgSub[critSlot[j]] : clusterSub[src[j]][critSlot[j]]
    const s = weightedIndex(rng, pick.cum)
    let lon = v.lon
    let lat = v.lat
    const exact = rng.float() < EXACT_SHARE
    if (exact) {
      const sd = rng.uniform(300, 600)
      lat = Math.round((lat + (rng.normal() * sd) / M_PER_DEG_LAT) * 1e6) / 1e6
      lon = Math.round((lon + (rng.normal() * sd) / (M_PER_DEG_LON * Math.cos((v.lat * Math.PI) / 180))) * 1e6) / 1e6
    }
    out[r] = {
      external_id: prefix + String(r + 1).padStart(width, '0'),
      criterion: crit[j],
      subtype: pick.codes[s],
      occurred_at: days[day[j]].iso + times[sec[j]],
      village_code: v.code,
      commune_code: v.commune_code,
      district_code: v.district_code,
      province_code: v.province_code,
      lon,
      lat,
      precision: exact ? 'exact' : 'village',
      source: DEMO_SOURCE,
      description: pick.desc[s],
      synthetic: true,
    }
  }
  return out
}

let TIMES: string[] | null = null
/** 'T08:05:09+07:00' for every second of the day, built once. */
function timeStrings(): string[] {
  if (TIMES) return TIMES
  const p = (x: number) => (x < 10 ? '0' : '') + x
  TIMES = new Array(86400)
  for (let s = 0; s < 86400; s++) TIMES[s] = `T${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}${PHNOM_PENH_OFFSET}`
  return TIMES
}

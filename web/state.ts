import type { Lang } from './i18n/index.ts'
import { PERIOD_MONTHS } from '../common/periods.ts'
import { GRID_10KM_M, GRID_5KM_M } from '../common/privacy.ts'

export type Level = 'province' | 'district' | 'commune'
export type LayerMode = 'clusters' | 'heatmap' | 'off'
export interface View {
  lon: number
  lat: number
  zoom: number
}
export type AnalysisMethod = 'none' | 'gistar' | 'optimized' | 'localmoran' | 'ehsa' | 'kde'
export type AnalysisUnit = 'hexauto' | 'hex5' | 'hex10' | 'square10' | 'commune' | 'village'
export const ANALYSIS_METHODS: AnalysisMethod[] = ['none', 'gistar', 'optimized', 'localmoran', 'ehsa', 'kde']
export const ANALYSIS_UNITS: AnalysisUnit[] = ['hexauto', 'hex5', 'hex10', 'square10', 'commune', 'village']

/** Everything a link must reproduce. */
export interface AppState {
  lang: Lang
  level: Level // the national level shown when nothing is selected
  sel: string | null // selected province/district/commune/village code
  criteria: number[]
  from: string | null // YYYY-MM
  to: string | null
  mode: LayerMode
  view: View | null
  an: AnalysisMethod // the analysis layer
  unit: AnalysisUnit
  rate: boolean // analyse incidents per 1,000 people
  pol: PolicyTab | null // the open tab of the policy panel
  per: string | null // the policy period, e.g. quarter-2026-3 (null: the last whole quarter of the data)
}
export type PolicyTab = 'safety' | 'report' | 'forums' | 'pilots' | 'ranking'
export const POLICY_TABS: PolicyTab[] = ['safety', 'report', 'forums', 'pilots', 'ranking']
const PERIOD = /^(month-\d{4}-(1[0-2]|[1-9])|quarter-\d{4}-[1-4]|semester-\d{4}-[12]|year-\d{4})$/

const LEVELS: Level[] = ['province', 'district', 'commune']
const MODES: LayerMode[] = ['clusters', 'heatmap', 'off']
const YM = /^\d{4}-(0[1-9]|1[0-2])$/

export function parseState(search: string): AppState {
  const p = new URLSearchParams(search)
  const crit = p.get('c')
  const v = (p.get('v') ?? '').split(',').map(Number)
  return {
    lang: p.get('lang') === 'km' ? 'km' : 'en',
    level: LEVELS.includes(p.get('level') as Level) ? (p.get('level') as Level) : 'province',
    sel: /^(\d{2}|\d{4}|\d{6}|\d{8})$/.test(p.get('sel') ?? '') ? p.get('sel') : null,
    criteria:
      crit == null
        ? [1, 2, 3, 4, 5]
        : [
            ...new Set(
              crit
                .split(',')
                .map(Number)
                .filter((n) => n >= 1 && n <= 5),
            ),
          ].sort(),
    from: YM.test(p.get('from') ?? '') ? p.get('from') : null,
    to: YM.test(p.get('to') ?? '') ? p.get('to') : null,
    mode: MODES.includes(p.get('mode') as LayerMode) ? (p.get('mode') as LayerMode) : 'clusters',
    view: v.length === 3 && v.every(Number.isFinite) ? { lon: v[0], lat: v[1], zoom: v[2] } : null,
    an: ANALYSIS_METHODS.includes(p.get('an') as AnalysisMethod) ? (p.get('an') as AnalysisMethod) : 'none',
    unit: ANALYSIS_UNITS.includes(p.get('unit') as AnalysisUnit) ? (p.get('unit') as AnalysisUnit) : 'hex10',
    rate: p.get('rate') === '1',
    pol: POLICY_TABS.includes(p.get('pol') as PolicyTab) ? (p.get('pol') as PolicyTab) : null,
    per: PERIOD.test(p.get('per') ?? '') ? p.get('per') : null,
  }
}

export function stateToSearch(s: AppState): string {
  const p = new URLSearchParams()
  p.set('lang', s.lang)
  p.set('level', s.level)
  if (s.sel) p.set('sel', s.sel)
  p.set('c', s.criteria.join(','))
  if (s.from) p.set('from', s.from)
  if (s.to) p.set('to', s.to)
  p.set('mode', s.mode)
  if (s.an !== 'none') {
    p.set('an', s.an)
    p.set('unit', s.unit)
    if (s.rate) p.set('rate', '1')
  }
  if (s.pol) p.set('pol', s.pol)
  if (s.per) p.set('per', s.per)
  if (s.view) p.set('v', `${s.view.lon.toFixed(4)},${s.view.lat.toFixed(4)},${s.view.zoom.toFixed(2)}`)
  return `?${p.toString().replace(/%2C/g, ',')}`
}

/** A tiny store of any shape: set() merges a patch and tells the listeners (new state, previous state). */
export function createSignal<T extends object>(initial: T) {
  let state = initial
  const listeners: ((s: T, prev: T) => void)[] = []
  return {
    get: () => state,
    set(patch: Partial<T>) {
      const prev = state
      state = { ...state, ...patch }
      for (const l of listeners) l(state, prev)
    },
    subscribe(l: (s: T, prev: T) => void) {
      listeners.push(l)
    },
  }
}

/** The app's state (what a link reproduces): every change also writes the URL, before the listeners run. */
export function createStore(initial: AppState) {
  const sig = createSignal(initial)
  return {
    get: sig.get,
    set(patch: Partial<AppState>) {
      history.replaceState(null, '', stateToSearch({ ...sig.get(), ...patch }))
      sig.set(patch)
    },
    subscribe: sig.subscribe,
  }
}
export type Store = ReturnType<typeof createStore>

/** The level and parent of the choropleth for a selection. */
export function choroplethScope(s: AppState): { level: Level; parent: string | null; highlight: string | null } {
  const sel = s.sel
  if (!sel) return { level: s.level, parent: null, highlight: null }
  if (sel.length === 2) return { level: 'district', parent: sel, highlight: null }
  if (sel.length === 4) return { level: 'commune', parent: sel, highlight: null }
  return { level: 'commune', parent: sel.slice(0, 4), highlight: sel.slice(0, 6) }
}

/** API filter parameters for the current state (months → whole days). */
export function filterParams(s: AppState): URLSearchParams {
  const p = new URLSearchParams()
  if (s.criteria.length && s.criteria.length < 5) p.set('criteria', s.criteria.join(','))
  if (s.from) p.set('from', `${s.from}-01`)
  if (s.to) p.set('to', lastDay(s.to))
  return p
}

export function lastDay(ym: string): string {
  const [y, m] = ym.split('-').map(Number)
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${ym}-${String(d).padStart(2, '0')}`
}

/** /api/hotspots or /api/density parameters of the analysis layer; hot spots follow the selected area (a village's: its commune), the density stays national. */
export function analysisParams(s: AppState): URLSearchParams {
  const p = filterParams(s)
  if (s.an !== 'kde' && s.sel) p.set('area', s.sel.slice(0, 6))
  if (s.an === 'kde') {
    p.set('cell', '1000')
    if (s.rate) p.set('per', 'population')
    return p
  }
  p.set('method', s.an)
  const [unit, size] =
    s.unit === 'hexauto'
      ? ['hex', 0]
      : s.unit === 'hex5'
        ? ['hex', GRID_5KM_M]
        : s.unit === 'hex10'
          ? ['hex', GRID_10KM_M]
          : s.unit === 'square10'
            ? ['square', GRID_10KM_M]
            : [s.unit, 0]
  p.set('unit', String(unit))
  if (size) p.set('size', String(size))
  if (s.rate) p.set('rate', 'true')
  if (s.an === 'gistar' || s.an === 'ehsa') p.set('fdr', 'true')
  return p
}

/**
 * Protected readers (viewers) may only ask for a calendar month, quarter, semester or year, or all dates, and for
 * one criterion or all five (server/auth/disclosure-rules.ts refuses the rest with a 400). These keep the web's
 * requests inside that family.
 */
export type CalendarType = 'month' | 'quarter' | 'semester' | 'year'
export interface CalendarPeriod {
  type: CalendarType
  year: number
  index: number | null
}
const SPAN: Record<CalendarType, number> = PERIOD_MONTHS
const CALENDAR_TYPES: CalendarType[] = ['year', 'semester', 'quarter', 'month']
const ym = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`

/** First and last month (YYYY-MM) of a calendar period. */
export function calendarMonths(p: CalendarPeriod): { from: string; to: string } {
  const n = SPAN[p.type],
    m0 = p.type === 'year' ? 1 : ((p.index ?? 1) - 1) * n + 1
  return { from: ym(p.year, m0), to: ym(p.year, m0 + n - 1) }
}

/** The calendar period running from the first day of month `from` to the last day of month `to`, or null. */
export function calendarPeriodOf(from: string, to: string): CalendarPeriod | null {
  if (!YM.test(from) || !YM.test(to)) return null
  const [y, m] = from.split('-').map(Number)
  for (const type of ['month', 'quarter', 'semester', 'year'] as CalendarType[]) {
    const n = SPAN[type]
    if ((m - 1) % n) continue
    const p: CalendarPeriod = { type, year: y, index: type === 'year' ? null : (m - 1) / n + 1 }
    if (calendarMonths(p).to === to) return p
  }
  return null
}

/** Every year, semester, quarter and month that overlaps the months first..last, each type newest first. */
export function calendarPeriods(first: string, last: string): CalendarPeriod[] {
  const out: CalendarPeriod[] = []
  const y0 = Number(first.slice(0, 4)),
    y1 = Number(last.slice(0, 4))
  for (const type of CALENDAR_TYPES) {
    for (let y = y1; y >= y0; y--) {
      for (let i = 12 / SPAN[type]; i >= 1; i--) {
        const p: CalendarPeriod = { type, year: y, index: type === 'year' ? null : i }
        const r = calendarMonths(p)
        if (r.to >= first && r.from <= last) out.push(p)
      }
    }
  }
  return out
}

/** The state's period for a protected reader: 'all', a calendar period, or null when it is neither. */
export function viewerPeriod(s: Pick<AppState, 'from' | 'to'>): 'all' | CalendarPeriod | null {
  if (s.from == null && s.to == null) return 'all'
  return s.from && s.to ? calendarPeriodOf(s.from, s.to) : null
}

/** A criteria set a protected reader may ask for: none (nothing is asked), one, or all five. */
export const viewerCriteriaOk = (c: number[]) => c.length <= 1 || c.length === 5

/** What a protected reader's state must change to stay within the published family, and which rule it broke. */
export function viewerFix(s: AppState): { patch: Partial<AppState>; period: boolean; criteria: boolean } | null {
  const period = viewerPeriod(s) == null,
    criteria = !viewerCriteriaOk(s.criteria)
  if (!period && !criteria) return null
  return { patch: { ...(period ? { from: null, to: null } : {}), ...(criteria ? { criteria: [1, 2, 3, 4, 5] } : {}) }, period, criteria }
}

import type { Lang } from './i18n/index.ts'

export type Level = 'province' | 'district' | 'commune'
export type LayerMode = 'clusters' | 'heatmap' | 'off'
export interface View { lon: number; lat: number; zoom: number }
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
    criteria: crit == null ? [1, 2, 3, 4, 5] : [...new Set(crit.split(',').map(Number).filter((n) => n >= 1 && n <= 5))].sort(),
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
  if (s.an !== 'none') { p.set('an', s.an); p.set('unit', s.unit); if (s.rate) p.set('rate', '1') }
  if (s.pol) p.set('pol', s.pol)
  if (s.per) p.set('per', s.per)
  if (s.view) p.set('v', `${s.view.lon.toFixed(4)},${s.view.lat.toFixed(4)},${s.view.zoom.toFixed(2)}`)
  return `?${p.toString().replace(/%2C/g, ',')}`
}

type Listener = (s: AppState, prev: AppState) => void

/** A tiny store: set() merges, writes the URL and tells the listeners. */
export function createStore(initial: AppState) {
  let state = initial
  const listeners: Listener[] = []
  return {
    get: () => state,
    set(patch: Partial<AppState>) {
      const prev = state
      state = { ...state, ...patch }
      history.replaceState(null, '', stateToSearch(state))
      for (const l of listeners) l(state, prev)
    },
    subscribe(l: Listener) { listeners.push(l) },
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

/** /api/hotspots or /api/density parameters of the analysis layer. */
export function analysisParams(s: AppState): URLSearchParams {
  const p = filterParams(s)
  if (s.an === 'kde') {
    p.set('cell', '1000')
    if (s.rate) p.set('per', 'population')
    return p
  }
  p.set('method', s.an)
  const [unit, size] = s.unit === 'hexauto' ? ['hex', 0] : s.unit === 'hex5' ? ['hex', 5000] : s.unit === 'hex10' ? ['hex', 10000] : s.unit === 'square10' ? ['square', 10000] : [s.unit, 0]
  p.set('unit', String(unit))
  if (size) p.set('size', String(size))
  if (s.rate) p.set('rate', 'true')
  if (s.an === 'gistar' || s.an === 'ehsa') p.set('fdr', 'true')
  return p
}

import type { AnalysisMeta } from '../app/analysis-meta.ts'
import { fmtInt, placeName, t, type MessageKey } from '../i18n/index.ts'
import { analysisKey, unitKey } from '../i18n/keys.ts'
import { ANALYSIS_METHODS, ANALYSIS_UNITS, analysisParams, type AppState, type Store } from '../state.ts'
import { byId, h, patch } from './dom.ts'
import { protectedNote } from './protected.ts'

/** The analysis controls (layer, units, rate) and the parameters the server chose, echoed from its meta (k > 0: protected figures). */
export function renderAnalysis(store: Store, meta: AnalysisMeta | null, k = 0) {
  const s = store.get()
  const el = byId('analysis')
  const select = <T extends string>(
    name: string,
    label: string,
    options: readonly T[],
    value: T,
    keyOf: (o: T) => MessageKey,
    onPick: (v: T) => void,
    disabled = false,
  ) =>
    h(
      'label',
      { class: 'field' },
      h('span', {}, label),
      h(
        'select',
        {
          name,
          disabled,
          onchange: (e: Event) => {
            const v = options.find((o) => e.target instanceof HTMLSelectElement && o === e.target.value)
            if (v) onPick(v)
          },
        },
        ...options.map((o) => h('option', { value: o, selected: o === value }, t(keyOf(o)))),
      ),
    )
  const kde = s.an === 'kde'
  patch(
    el,
    ...([
      h('h2', {}, t('an.title')),
      select('an', t('an.method'), ANALYSIS_METHODS, s.an, analysisKey, (an) => store.set({ an })),
      select('unit', t('an.unit'), ANALYSIS_UNITS, s.unit, unitKey, (unit) => store.set({ unit }), s.an === 'none' || kde),
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          name: 'rate',
          checked: s.rate,
          disabled: s.an === 'none',
          onchange: (e: Event) => store.set({ rate: (e.target as HTMLInputElement).checked }),
        }),
        h('span', {}, t('an.rate')),
      ),
      meta && s.an !== 'none' ? params(meta, k) : null,
      meta && s.an !== 'none' && s.an !== 'kde' ? downloads(s, meta) : null,
    ].filter((x) => x != null) as Node[]),
  )
}

/** The hot-spot answer on the map as CSV and GeoJSON: the same request, so the file covers the same region. */
function downloads(s: AppState, m: AnalysisMeta) {
  const q = analysisParams(s)
  const link = (format: 'csv' | 'geojson', label: string) =>
    h('a', { class: `an-download-${format}`, href: `/api/hotspots?${q}&format=${format}`, download: '' }, label)
  const area = m.scope && m.scope !== 'national' ? placeName(m.scope) : t('an.downloadNational')
  return h(
    'p',
    { class: 'muted small an-downloads' },
    t('an.download', { area }),
    ' ',
    link('csv', 'CSV'),
    ' · ',
    link('geojson', 'GeoJSON'),
  )
}

/** The hot-spot methods whose answers the method note compares. */
const HOTSPOT_METHODS = ['gistar', 'optimized', 'ehsa']

function params(m: AnalysisMeta, k: number) {
  const rows: [MessageKey, string][] = []
  // Hot spots name the region analysed: the selected area (or the officer's), or the whole country.
  const scope =
    m.scope && m.n != null
      ? h(
          'p',
          { class: 'hint', 'data-scope': m.scope === 'national' ? 'national' : m.scope.code },
          m.scope === 'national'
            ? t('an.analysed.national', { n: fmtInt(m.n) })
            : t('an.analysed.area', { n: fmtInt(m.n), area: placeName(m.scope) }),
        )
      : null
  if (m.n != null) rows.push(['an.n', fmtInt(m.n)])
  if (m.size != null) rows.push(['an.size', m.size_rule === 'auto' ? t('an.size.auto', { m: fmtInt(m.size) }) : `${fmtInt(m.size)} m`])
  if (m.excluded_without_population) rows.push(['an.excluded', fmtInt(m.excluded_without_population)])
  const w = m.weights_spec
  if (w)
    rows.push([
      'an.weights',
      w.kind === 'queen'
        ? t('an.w.queen')
        : w.kind === 'knn'
          ? t('an.w.knn', { k: w.k ?? '' })
          : t(w.rule === 'ring' ? 'an.w.ring' : 'an.w.band', { m: fmtInt(w.band ?? 0) }),
    ])
  if (m.band_rule_code)
    rows.push(['an.band', t(m.band_rule_code === 'peak' ? 'an.rule.peak' : 'an.rule.kth', { m: fmtInt(Math.round(m.band ?? 0)) })])
  if (m.bandwidth != null)
    rows.push([
      'an.bandwidth',
      t(m.bandwidth_rule_code === 'esri' ? 'an.bw.esri' : 'an.bw.given', {
        m: fmtInt(Math.round(m.bandwidth)),
        kernel: t(m.kernel === 'gaussian' ? 'an.k.gaussian' : 'an.k.quartic'),
      }),
    ])
  if (m.fdr != null) rows.push(['an.fdr', t(m.fdr ? 'an.yes' : 'an.no')])
  if (m.permutations != null) rows.push(['an.permutations', fmtInt(m.permutations)])
  if (m.seed != null) rows.push(['an.seed', String(m.seed)])
  if (m.steps) rows.push(['an.steps', `${m.steps.length} (${m.steps[0]} – ${m.steps[m.steps.length - 1]})`])
  if (m.islands?.length) rows.push(['an.islands', m.islands.slice(0, 5).join(', ') + (m.islands.length > 5 ? ' …' : '')])
  if (m.took_ms != null) rows.push(['an.took', `${fmtInt(m.took_ms)} ms`])
  // A protected reader's answers are protected (the server says so too: meta.protected, x-density-meta).
  return h(
    'details',
    { class: 'params', open: true },
    h('summary', {}, t('an.params')),
    scope,
    h('dl', { class: 'figures' }, ...rows.flatMap(([key, v]) => [h('dt', {}, t(key)), h('dd', {}, v)])),
    HOTSPOT_METHODS.includes(m.method ?? '') ? h('p', { class: 'hint' }, t('an.note.disagree')) : null,
    k > 0 ? protectedNote(k) : null,
  )
}

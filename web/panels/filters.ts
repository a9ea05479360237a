import type { Criterion } from '../api.ts'
import { monthLabel, t, type MessageKey } from '../i18n/index.ts'
import type { AppState, LayerMode, Level, Store } from '../state.ts'
import { byId, h } from './dom.ts'

/** Months "YYYY-MM" from first to last inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = []
  let [y, m] = first.split('-').map(Number)
  const [y1, m1] = last.split('-').map(Number)
  while (y < y1 || (y === y1 && m <= m1)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    if (++m > 12) { m = 1; y++ }
  }
  return out
}

/** Criteria toggles, a two-handle period slider over the months of data, the area level and the incident layer. */
export function renderFilters(store: Store, criteria: Criterion[], months: string[], points = true) {
  const s = store.get()
  const el = byId('filters')
  const crit = h('fieldset', { class: 'criteria' }, h('legend', {}, t('filters.criteria')),
    ...criteria.map((c) => h('label', { class: 'crit', 'data-criterion': c.id },
      h('input', { type: 'checkbox', checked: s.criteria.includes(c.id), onchange: (e: Event) => {
        const on = (e.target as HTMLInputElement).checked
        const next = on ? [...store.get().criteria, c.id] : store.get().criteria.filter((x) => x !== c.id)
        store.set({ criteria: [...new Set(next)].sort() })
      } }),
      h('span', { class: 'swatch', style: { background: c.color } }),
      h('span', { class: 'crit-label' }, `${c.id}. ${t(`criterion.${c.id}` as MessageKey)}`))),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'link', onclick: () => store.set({ criteria: [1, 2, 3, 4, 5] }) }, t('filters.all')),
      h('button', { type: 'button', class: 'link', onclick: () => store.set({ criteria: [] }) }, t('filters.none'))))

  // The point layers (clusters, heat map) are offered only to roles that receive points.
  el.replaceChildren(h('h2', {}, t('filters.title')), crit, period(store, s, months), levelPicker(store, s), points ? modePicker(store, s) : '')
}

function period(store: Store, s: AppState, months: string[]) {
  if (!months.length) return h('fieldset', {}, h('legend', {}, t('filters.period')), h('p', { class: 'muted' }, t('legend.empty')))
  const last = months.length - 1
  const iFrom = Math.max(0, s.from ? months.indexOf(s.from) : 0)
  const iTo = s.to && months.includes(s.to) ? months.indexOf(s.to) : last
  const label = h('output', { class: 'period-label' }, `${monthLabel(months[iFrom])} – ${monthLabel(months[iTo])}`)
  const from = h('input', { type: 'range', min: 0, max: last, step: 1, value: iFrom, 'aria-label': t('filters.from'), class: 'from' }) as HTMLInputElement
  const to = h('input', { type: 'range', min: 0, max: last, step: 1, value: iTo, 'aria-label': t('filters.to'), class: 'to' }) as HTMLInputElement
  const sync = (moved: 'from' | 'to') => {
    let a = +from.value, b = +to.value
    if (a > b) { if (moved === 'from') b = a; else a = b; from.value = String(a); to.value = String(b) }
    label.textContent = `${monthLabel(months[a])} – ${monthLabel(months[b])}`
    return [a, b]
  }
  const commit = () => {
    const [a, b] = sync('to')
    store.set({ from: a === 0 ? null : months[a], to: b === last ? null : months[b] })
  }
  from.addEventListener('input', () => sync('from'))
  to.addEventListener('input', () => sync('to'))
  from.addEventListener('change', commit)
  to.addEventListener('change', commit)
  return h('fieldset', { class: 'period' }, h('legend', {}, t('filters.period')), label,
    h('label', { class: 'slider' }, h('span', {}, t('filters.from')), from),
    h('label', { class: 'slider' }, h('span', {}, t('filters.to')), to))
}

function radios<T extends string>(name: string, legend: string, options: [T, string][], value: T, onPick: (v: T) => void, disabled = false) {
  return h('fieldset', { class: `radios ${name}`, disabled }, h('legend', {}, legend),
    ...options.map(([v, label]) => h('label', {},
      h('input', { type: 'radio', name, value: v, checked: v === value, onchange: () => onPick(v) }), h('span', {}, label))))
}

function levelPicker(store: Store, s: AppState) {
  const opts: [Level, string][] = [['province', t('level.provinces')], ['district', t('level.districts')], ['commune', t('level.communes')]]
  return radios('level', t('filters.level'), opts, s.level, (level) => store.set({ level, sel: null }), false)
}

function modePicker(store: Store, s: AppState) {
  const opts: [LayerMode, string][] = [['clusters', t('layer.clusters')], ['heatmap', t('layer.heatmap')], ['off', t('layer.off')]]
  return radios('mode', t('filters.layer'), opts, s.mode, (mode) => store.set({ mode }))
}

import type { Criterion } from '../api.ts'
import { criterionKey } from '../../common/criteria.ts'
import { monthLabel, t, type MessageKey } from '../i18n/index.ts'
import { formatPeriod, periodLabel } from './policy/period.ts'
import {
  calendarMonths,
  calendarPeriods,
  viewerPeriod,
  type AppState,
  type CalendarType,
  type LayerMode,
  type Level,
  type Store,
} from '../state.ts'
import { byId, h, patch } from './dom.ts'
import { playbackControls } from './playback.ts'

/** Months "YYYY-MM" from first to last inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = []
  let [y, m] = first.split('-').map(Number)
  const [y1, m1] = last.split('-').map(Number)
  while (y < y1 || (y === y1 && m <= m1)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    if (++m > 12) {
      m = 1
      y++
    }
  }
  return out
}

/** A checkbox per criterion, and links to select all or none. */
function criteriaChecks(store: Store, s: AppState, criteria: Criterion[]) {
  const toggle = (id: number) => (e: Event) => {
    const on = (e.target as HTMLInputElement).checked
    const next = on ? [...store.get().criteria, id] : store.get().criteria.filter((x) => x !== id)
    store.set({ criteria: [...new Set(next)].sort() })
  }
  return h(
    'fieldset',
    { class: 'criteria' },
    h('legend', {}, t('filters.criteria')),
    ...criteria.map((c) =>
      h(
        'label',
        { class: 'crit', 'data-criterion': c.id },
        h('input', { type: 'checkbox', checked: s.criteria.includes(c.id), onchange: toggle(c.id) }),
        h('span', { class: 'swatch', style: { background: c.color } }),
        h('span', { class: 'crit-label' }, `${c.id}. ${t(criterionKey(c.id))}`),
      ),
    ),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', class: 'link', onclick: () => store.set({ criteria: [1, 2, 3, 4, 5] }) }, t('filters.all')),
      h('button', { type: 'button', class: 'link', onclick: () => store.set({ criteria: [] }) }, t('filters.none')),
    ),
  )
}

/**
 * Criteria toggles, a two-handle period slider over the months of data (with time playback: ./playback.ts), the area
 * level and the incident layer. A protected reader (viewer) gets one criterion or all five, and a calendar period or
 * all dates, instead (their playback steps through calendar periods).
 */
export function renderFilters(store: Store, criteria: Criterion[], months: string[], points = true, viewer = false) {
  const s = store.get()
  const el = byId('filters')
  // The point layers (clusters, heat map) are offered only to roles that receive points.
  patch(
    el,
    h('h2', {}, t('filters.title')),
    viewer ? viewerCriteria(store, s, criteria) : criteriaChecks(store, s, criteria),
    viewer ? viewerPeriodPicker(store, s, months) : period(store, s, months),
    levelPicker(store, s),
    points ? modePicker(store, s) : '',
  )
}

/**
 * Keeps the slider's handles in order (the one not moved follows) and its label in step; returns the two month
 * indexes. The handles are those of the fieldset in the page (the panel is updated in place, so they are found from the event).
 */
function syncHandles(e: Event, moved: 'from' | 'to', months: string[]): [number, number] {
  const last = months.length - 1
  const box = e.target instanceof HTMLElement ? e.target.closest('fieldset') : null
  const from = box?.querySelector<HTMLInputElement>('input.from')
  const to = box?.querySelector<HTMLInputElement>('input.to')
  if (!from || !to) return [0, last]
  let a = +from.value,
    b = +to.value
  if (a > b) {
    if (moved === 'from') b = a
    else a = b
    from.value = String(a)
    to.value = String(b)
  }
  const out = box?.querySelector('output.period-label')
  if (out) out.textContent = `${monthLabel(months[a])} – ${monthLabel(months[b])}`
  return [a, b]
}

/** The two-handle period slider over the months of data. */
function period(store: Store, s: AppState, months: string[]) {
  if (!months.length) return h('fieldset', {}, h('legend', {}, t('filters.period')), h('p', { class: 'muted' }, t('legend.empty')))
  const last = months.length - 1
  const iFrom = Math.max(0, s.from ? months.indexOf(s.from) : 0)
  const iTo = s.to && months.includes(s.to) ? months.indexOf(s.to) : last
  const label = h('output', { class: 'period-label' }, `${monthLabel(months[iFrom])} – ${monthLabel(months[iTo])}`)
  const range = (cls: 'from' | 'to', value: number) =>
    h('input', {
      type: 'range',
      min: 0,
      max: last,
      step: 1,
      value,
      'aria-label': t(cls === 'from' ? 'filters.from' : 'filters.to'),
      class: cls,
      oninput: (e: Event) => syncHandles(e, cls, months),
      onchange: (e: Event) => {
        const [a, b] = syncHandles(e, 'to', months)
        store.set({ from: a === 0 ? null : months[a], to: b === last ? null : months[b] })
      },
    })
  const from = range('from', iFrom)
  const to = range('to', iTo)
  return h(
    'fieldset',
    { class: 'period' },
    h('legend', {}, t('filters.period')),
    label,
    h('label', { class: 'slider' }, h('span', {}, t('filters.from')), from),
    h('label', { class: 'slider' }, h('span', {}, t('filters.to')), to),
    playbackControls(store, months, false),
  )
}

/** One criterion or all five, as radios, with a note that says why. */
function viewerCriteria(store: Store, s: AppState, criteria: Criterion[]) {
  const all = s.criteria.length === 5
  const option = (checked: boolean, onPick: () => void, ...label: Node[]) =>
    h('label', { class: 'crit' }, h('input', { type: 'radio', name: 'criterion', checked, onchange: onPick }), ...label)
  return h(
    'fieldset',
    { class: 'criteria one-or-all' },
    h('legend', {}, t('filters.criteria')),
    option(all, () => store.set({ criteria: [1, 2, 3, 4, 5] }), h('span', { class: 'crit-label' }, t('filters.allCriteria'))),
    ...criteria.map((c) => {
      const label = option(
        s.criteria.length === 1 && s.criteria[0] === c.id,
        () => store.set({ criteria: [c.id] }),
        h('span', { class: 'swatch', style: { background: c.color } }),
        h('span', { class: 'crit-label' }, `${c.id}. ${t(criterionKey(c.id))}`),
      )
      label.dataset.criterion = String(c.id)
      return label
    }),
    h('p', { class: 'muted small one-or-all-note' }, t('filters.oneOrAll')),
  )
}

const GROUP: Record<CalendarType, MessageKey> = {
  year: 'filters.years',
  semester: 'filters.semesters',
  quarter: 'filters.quarters',
  month: 'filters.months',
}

/** "All dates", then each year, semester, quarter and month of the data (newest first): sets both months of the period. */
function viewerPeriodPicker(store: Store, s: AppState, months: string[]) {
  const periods = months.length ? calendarPeriods(months[0], months[months.length - 1]) : []
  const cur = viewerPeriod(s)
  const value = cur === 'all' || cur == null ? 'all' : formatPeriod(cur)
  const byKey = new Map(periods.map((p) => [formatPeriod(p), p]))
  const groups = (['year', 'semester', 'quarter', 'month'] as CalendarType[]).map((type) =>
    h(
      'optgroup',
      { label: t(GROUP[type]) },
      ...periods
        .filter((p) => p.type === type)
        .map((p) => h('option', { value: formatPeriod(p), selected: formatPeriod(p) === value }, periodLabel(p))),
    ),
  )
  const pick = (e: Event) => {
    const p = byKey.get((e.target as HTMLSelectElement).value)
    store.set(p ? calendarMonths(p) : { from: null, to: null })
  }
  return h(
    'fieldset',
    { class: 'period viewer-period' },
    h('legend', {}, t('filters.period')),
    h(
      'select',
      { name: 'period', 'aria-label': t('filters.period'), onchange: pick },
      h('option', { value: 'all', selected: value === 'all' }, t('filters.allDates')),
      ...groups,
    ),
    playbackControls(store, months, true),
  )
}

function radios<T extends string>(
  name: string,
  legend: string,
  options: [T, string][],
  value: T,
  onPick: (v: T) => void,
  disabled = false,
) {
  return h(
    'fieldset',
    { class: `radios ${name}`, disabled },
    h('legend', {}, legend),
    ...options.map(([v, label]) =>
      h('label', {}, h('input', { type: 'radio', name, value: v, checked: v === value, onchange: () => onPick(v) }), h('span', {}, label)),
    ),
  )
}

function levelPicker(store: Store, s: AppState) {
  const opts: [Level, string][] = [
    ['province', t('level.provinces')],
    ['district', t('level.districts')],
    ['commune', t('level.communes')],
  ]
  return radios('level', t('filters.level'), opts, s.level, (level) => store.set({ level, sel: null }), false)
}

function modePicker(store: Store, s: AppState) {
  const opts: [LayerMode, string][] = [
    ['clusters', t('layer.clusters')],
    ['heatmap', t('layer.heatmap')],
    ['off', t('layer.off')],
  ]
  return radios('mode', t('filters.layer'), opts, s.mode, (mode) => store.set({ mode }))
}

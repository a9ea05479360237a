import type { ApiPeriod } from '../../../common/api/policy.ts'
import {
  addMonths,
  defaultPeriod,
  PER_YEAR,
  PERIOD_MONTHS,
  PERIOD_TYPES,
  type PeriodSel,
  type PeriodType,
  periodRange,
} from '../../../common/periods.ts'
import { getLang, monthLabel, t } from '../../i18n/index.ts'
import { h } from '../dom.ts'

// The calendar arithmetic lives in common/periods.ts (the server's too); this file keeps the labels and the chooser.
export { addMonths, defaultPeriod, PERIOD_TYPES, type PeriodSel, type PeriodType, periodRange }

/** A period as the API returns it. */
/** A period as the API sends it (common/api). */
export type { ApiPeriod }

const pad = (n: number) => String(n).padStart(2, '0')

export function periodQuery(p: PeriodSel): string {
  return `period=${p.type}&year=${p.year}${p.type === 'year' ? '' : `&index=${p.index}`}`
}

export function periodLabel(p: PeriodSel): string {
  if (p.type === 'month') return monthLabel(`${p.year}-${pad(p.index ?? 1)}`)
  if (p.type === 'year') return t('pol.per.yearLabel', { y: p.year })
  return t(p.type === 'quarter' ? 'pol.per.quarterLabel' : 'pol.per.semesterLabel', { i: p.index ?? 1, y: p.year })
}

/** The API's own label of a period in the current language. */
export const apiLabel = (p: { label_en: string; label_km: string }) => (getLang() === 'km' ? p.label_km : p.label_en)

/** "quarter-2026-3" / "year-2025" in the URL. */
export function parsePeriod(s: string | null | undefined): PeriodSel | null {
  const m = /^(month|quarter|semester|year)-(\d{4})(?:-(\d{1,2}))?$/.exec(s ?? '')
  if (!m) return null
  const type = m[1] as PeriodType,
    year = Number(m[2]),
    index = m[3] ? Number(m[3]) : null
  if (type === 'year') return { type, year, index: null }
  if (index == null || index < 1 || index > PER_YEAR[type]) return null
  return { type, year, index }
}
export const formatPeriod = (p: PeriodSel) => (p.type === 'year' ? `year-${p.year}` : `${p.type}-${p.year}-${p.index}`)

/** Period type, year and number; keeps the index in range when the type changes. */
export function periodChooser(p: PeriodSel, years: number[], onChange: (p: PeriodSel) => void): HTMLElement {
  const set = (patch: Partial<PeriodSel>) => {
    const next = { ...p, ...patch }
    if (next.type === 'year') next.index = null
    else {
      const n = PER_YEAR[next.type]
      if (patch.type && patch.type !== p.type) {
        // The sub-period holding the old period's last month.
        const lastMonth = Number(periodRange(p).to.slice(5, 7))
        next.index = Math.ceil(lastMonth / PERIOD_MONTHS[next.type])
      }
      next.index = Math.min(Math.max(next.index ?? 1, 1), n)
    }
    onChange(next)
  }
  const indexOptions = p.type === 'year' ? [] : Array.from({ length: PER_YEAR[p.type] }, (_, i) => i + 1)
  const indexLabel = (i: number) =>
    p.type === 'month'
      ? monthLabel(`${p.year}-${pad(i)}`).split(' ')[0]
      : t(p.type === 'quarter' ? 'pol.per.quarterShort' : 'pol.per.semesterShort', { i })
  return h(
    'div',
    { class: 'period-chooser' },
    h(
      'label',
      {},
      h('span', { class: 'sr-only' }, t('pol.per.type')),
      h(
        'select',
        { name: 'period-type', onchange: (e: Event) => set({ type: (e.target as HTMLSelectElement).value as PeriodType }) },
        ...PERIOD_TYPES.map((ty) => h('option', { value: ty, selected: ty === p.type }, t(`pol.per.${ty}`))),
      ),
    ),
    h(
      'label',
      {},
      h('span', { class: 'sr-only' }, t('pol.per.year')),
      h(
        'select',
        { name: 'period-year', onchange: (e: Event) => set({ year: Number((e.target as HTMLSelectElement).value) }) },
        ...years.map((y) => h('option', { value: String(y), selected: y === p.year }, String(y))),
      ),
    ),
    p.type === 'year'
      ? null
      : h(
          'label',
          {},
          h('span', { class: 'sr-only' }, t('pol.per.index')),
          h(
            'select',
            { name: 'period-index', onchange: (e: Event) => set({ index: Number((e.target as HTMLSelectElement).value) }) },
            ...indexOptions.map((i) => h('option', { value: String(i), selected: i === p.index }, indexLabel(i))),
          ),
        ),
  )
}

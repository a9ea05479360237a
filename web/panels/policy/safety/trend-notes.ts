import { periodCoverage } from '../../../../common/periods.ts'
import { fmtInt, t } from '../../../i18n/index.ts'
import { h } from '../../dom.ts'
import { apiLabel } from '../period.ts'
import type { Trend } from './types.ts'

/** Why a period is drawn hollow: "Q4 2026: data for 1 of 3 months" (days when the data stop within a month). */
export function incompleteNote(p: Trend['periods'][number], data: Trend['data']): string {
  const c = periodCoverage(p, data.from, data.to)
  const period = apiLabel(p)
  if (c && c.months != null && p.type !== 'month')
    return t('pol.s.incompleteMonths', { period, n: fmtInt(c.months), total: fmtInt(c.totalMonths) })
  return t('pol.s.incompleteDays', { period, n: fmtInt(c?.days ?? 0), total: fmtInt(c?.totalDays ?? 0) })
}

/** The key to the hollow points and one note per incomplete period, or nothing when every period is complete. */
export function incompleteNotes(tr: Trend): HTMLElement[] {
  const partial = tr.periods.filter((p) => !p.complete)
  if (!partial.length) return []
  return [
    h(
      'div',
      { class: 'chart-note incomplete-note muted small' },
      h('p', {}, h('span', { class: 'swatch hollow', 'aria-hidden': 'true' }), t('pol.s.incompleteKey')),
      h('ul', {}, ...partial.map((p) => h('li', { 'data-period': `${p.type}-${p.year}-${p.index ?? ''}` }, incompleteNote(p, tr.data)))),
    ),
  ]
}

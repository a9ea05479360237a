import { CRITERION_IDS, criterionKey } from '../../../../common/criteria.ts'
import { fmtInt, type MessageKey, placeName, t } from '../../../i18n/index.ts'
import { h } from '../../dom.ts'
import type { PolicyCtx } from '../common.ts'
import { cnt, empty, pct, table, yesNo } from '../format.ts'
import { apiLabel } from '../period.ts'
import type { Safety } from './types.ts'

/** The summary line and the table of safe status (one row per area; a click selects it). */
export function safetyTable(ctx: PolicyCtx, d: Safety, levelKey: MessageKey, colors: string[]): Node[] {
  const summary = t('pol.s.summary', {
    safe: fmtInt(d.summary.safe),
    areas: fmtInt(d.summary.areas),
    level: t(levelKey),
    share: pct(d.summary.share, 1),
    period: apiLabel(d.period),
  })
  const missing = d.rows.filter((r) => r.lon == null || r.lat == null).length
  const head = [
    t('pol.col.code'),
    t('pol.col.name'),
    ...CRITERION_IDS.map((k) =>
      h(
        'span',
        { title: t(criterionKey(k)), class: 'crit-head' },
        h('span', { class: 'dot', style: { background: colors[k - 1] } }),
        String(k),
      ),
    ),
    t('pol.col.safe'),
  ]
  const rows = d.rows.map((r) =>
    h(
      'tr',
      { 'data-code': r.code, class: r.safe ? 'safe' : '', onclick: () => ctx.select(r.code, r.lon, r.lat) },
      h('td', { class: 'code' }, r.code),
      h('td', {}, placeName(r)),
      ...CRITERION_IDS.map((k) =>
        h('td', { class: `num ${r.pass[String(k)] ? 'pass' : 'fail'}` }, r.pass[String(k)] ? '✓' : cnt(r.counts[String(k)])),
      ),
      h('td', { class: 'num' }, yesNo(r.safe)),
    ),
  )
  return [
    h('p', { class: 'pol-summary' }, summary),
    missing ? h('p', { class: 'muted small' }, t('pol.s.noPoint', { n: fmtInt(missing) })) : null,
    d.rows.length ? table('safety', head, rows) : empty(t('pol.s.empty')),
  ].filter((x): x is HTMLElement => x != null)
}

import { fmtInt, placeName, t } from '../../../i18n/index.ts'
import { FORUM_COLORS, FORUM_STATUSES } from '../../../layers/forums.ts'
import { h } from '../../dom.ts'
import type { PolicyCtx } from '../common.ts'
import { empty } from '../format.ts'
import { present } from '../view.ts'
import type { Compliance, Row } from './types.ts'

const LIST_MAX = 40

/** The summary, the count of each status, and the overdue areas (longest first; a click selects one). */
export function overdueNodes(ctx: PolicyCtx, d: Compliance): Node[] {
  const s = d.summary
  const late = d.rows
    .filter((r) => r.status === 'overdue' || r.status === 'never')
    .sort((a, b) => (a.status === b.status ? (b.days_since ?? 0) - (a.days_since ?? 0) : a.status === 'overdue' ? -1 : 1))
  return present([
    h('p', { class: 'pol-summary' }, t('pol.f.summary', { ok: fmtInt(s.compliant), areas: fmtInt(s.areas), date: d.date })),
    h(
      'ul',
      { class: 'classes inline' },
      ...FORUM_STATUSES.map((st) =>
        h(
          'li',
          {},
          h('span', { class: 'swatch round', style: { background: FORUM_COLORS[st] } }),
          `${t(`pol.f.${st}`)}: ${fmtInt(st === 'ok' ? d.rows.filter((r) => r.status === 'ok').length : s[st])}`,
        ),
      ),
    ),
    h('h3', {}, t('pol.f.overdueList', { n: fmtInt(late.length) })),
    !d.rows.length ? empty(t('pol.f.empty')) : !late.length ? empty(t('pol.f.noneOverdue')) : null,
    late.length ? h('ul', { class: 'overdue-list', 'data-scroll': 'overdue' }, ...late.slice(0, LIST_MAX).map((r) => item(ctx, r))) : null,
    late.length > LIST_MAX ? h('p', { class: 'muted small' }, t('pol.f.more', { n: fmtInt(late.length - LIST_MAX) })) : null,
  ])
}

function item(ctx: PolicyCtx, r: Row): HTMLElement {
  const since = r.last_forum ? t('pol.f.daysSince', { n: fmtInt(r.days_since ?? 0), date: r.last_forum }) : t('pol.f.neverHeld')
  return h(
    'li',
    {},
    h('button', { type: 'button', class: 'link', 'data-code': r.code, onclick: () => ctx.select(r.code, r.lon, r.lat) }, placeName(r)),
    h('span', { class: 'muted small' }, ` ${since}`),
  )
}

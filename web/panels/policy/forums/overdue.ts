import { DUE_SOON_DAYS } from '../../../../common/forum-rule.ts'
import { fmtInt, placeName, t } from '../../../i18n/index.ts'
import { FORUM_COLORS } from '../../../layers/forums.ts'
import { h } from '../../dom.ts'
import type { PolicyCtx } from '../common.ts'
import { empty } from '../format.ts'
import { present } from '../view.ts'
import type { Compliance, Row } from './types.ts'

const LIST_MAX = 40

/** A forum status as the legend, tooltip and list name it. */
export const statusLabel = (st: Row['status']) => t(`pol.f.${st}`, { days: DUE_SOON_DAYS })

/** The counts the tab shows: one "held a forum in the last three months" (common/forum-rule.ts), from the API's summary. */
export function forumCounts(d: Compliance) {
  const s = d.summary
  return { areas: s.areas, recent: s.recent, dueSoon: s.due_soon, overdue: s.overdue, never: s.never }
}

/** The summary, the count of each status, and the overdue areas (longest first; a click selects one). */
export function overdueNodes(ctx: PolicyCtx, d: Compliance): Node[] {
  const c = forumCounts(d)
  const late = d.rows
    .filter((r) => r.status === 'overdue' || r.status === 'never')
    .sort((a, b) => (a.status === b.status ? (b.days_since ?? 0) - (a.days_since ?? 0) : a.status === 'overdue' ? -1 : 1))
  const swatch = (st: Row['status']) => h('span', { class: 'swatch round', style: { background: FORUM_COLORS[st] } })
  return present([
    h('p', { class: 'pol-summary' }, t('pol.f.summary', { ok: fmtInt(c.recent), areas: fmtInt(c.areas), date: d.date })),
    h(
      'ul',
      { class: 'classes inline forum-counts' },
      h('li', { 'data-count': 'recent' }, swatch('ok'), swatch('due_soon'), `${t('pol.f.recent')}: ${fmtInt(c.recent)}`),
      h('li', { 'data-count': 'due_soon' }, swatch('due_soon'), `${t('pol.f.dueSoonOf', { days: DUE_SOON_DAYS })}: ${fmtInt(c.dueSoon)}`),
      ...(['overdue', 'never'] as const).map((st) => h('li', { 'data-count': st }, swatch(st), `${statusLabel(st)}: ${fmtInt(c[st])}`)),
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

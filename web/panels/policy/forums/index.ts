import { placeName, t } from '../../../i18n/index.ts'
import { FORUM_STATUSES, forumIconUrl, setForums, showForums } from '../../../layers/forums.ts'
import { h } from '../../dom.ts'
import { esc } from '../../tooltip.ts'
import { api, areaParam, namesOf, type PolicyCtx, propsOf, str, type Tab, today, unitsOf } from '../common.ts'
import { stateNodes, syntheticNote } from '../format.ts'
import { loader } from '../loader.ts'
import { periodRange } from '../period.ts'
import { parts, present } from '../view.ts'
import { overdueNodes, statusLabel } from './overdue.ts'
import { recordForm } from './record-form.ts'
import type { Compliance } from './types.ts'

/** Compliance with the forum rule on the map, the overdue areas, and a form to record a forum. */
export function createForumsTab(ctx: PolicyCtx): Tab {
  let on = false
  // Compliance as of the end of the period (not after today).
  const asOf = () => {
    const to = periodRange(ctx.period()).to,
      d = today()
    return to < d ? to : d
  }
  const data = loader(
    ctx,
    (signal) => {
      const u = unitsOf(ctx.area())
      return api<Compliance>(`/api/forums/compliance?level=${u.level}${areaParam(u.area)}&date=${asOf()}`, signal)
    },
    (d) => setForums(ctx.map, d?.rows ?? []),
  )
  bindTooltip(ctx)
  const p = parts()
  const el = h(
    'div',
    {},
    p.region('div', {}, () => [syntheticNote(ctx), ...stateNodes(data)]),
    p.region('div', {}, () => (data.data ? overdueNodes(ctx, data.data) : [])),
  )
  if (ctx.user.can.edit) el.append(recordForm(p, ctx, asOf, () => void data.load()))
  return {
    id: 'forums',
    el,
    update: p.update,
    show(v) {
      on = v
      showForums(ctx.map, v)
    },
    reload() {
      void data.load()
    },
    legend: () => (on ? legend(ctx.meta.synthetic) : null),
  }
}

function bindTooltip(ctx: PolicyCtx) {
  ctx.map.on('mousemove', 'forums-marker', (e) => {
    const p = propsOf(e)
    if (!p) return
    const lastForum = str(p, 'last_forum')
    const last = lastForum ? t('pol.f.last', { date: lastForum }) : t('pol.f.neverHeld')
    const status = FORUM_STATUSES.find((s) => s === p.status)
    const statusText = status ? statusLabel(status) : ''
    ctx.tip.show(e.point.x, e.point.y, `<strong>${esc(placeName(namesOf(p)))}</strong><br>${esc(statusText)}<br>${esc(last)}`)
  })
  ctx.map.on('mouseleave', 'forums-marker', () => ctx.tip.hide())
}

function legend(synthetic: boolean): Node[] {
  return present([
    h('h2', {}, t('pol.f.legendTitle')),
    h(
      'ul',
      { class: 'classes' },
      ...FORUM_STATUSES.map((st) =>
        h('li', {}, h('img', { src: forumIconUrl(st), width: 20, height: 20, alt: '' }), h('span', {}, statusLabel(st))),
      ),
    ),
    h('p', { class: 'muted small' }, t('pol.f.rule')),
    synthetic ? h('p', { class: 'synthetic-note' }, t('pol.f.synthetic')) : null,
  ])
}

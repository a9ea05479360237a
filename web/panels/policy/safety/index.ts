import { CRITERION_IDS, criterionKey } from '../../../../common/criteria.ts'
import { fmtInt, type MessageKey, placeName, t } from '../../../i18n/index.ts'
import { failedMask, PASS_COLOR, SAFE_RING, safetyIconUrl, setSafety, showSafety } from '../../../layers/safety.ts'
import { h } from '../../dom.ts'
import { isProtected, protectedBadgeHtml, protectedNoteHtml } from '../../protected.ts'
import { esc } from '../../tooltip.ts'
import { api, areaParam, namesOf, type PolicyCtx, propsOf, str, type Tab, unitsOf } from '../common.ts'
import { stateNodes, syntheticNote } from '../format.ts'
import { loader } from '../loader.ts'
import { addMonths, periodQuery, periodRange } from '../period.ts'
import { parts, present } from '../view.ts'
import { safetyTable } from './table.ts'
import { trendPart } from './trend.ts'
import type { Safety, Trend } from './types.ts'

/** Safe status of each commune (or village of a commune) for the period: map markers, a table, and the trend of the share safe. */
export function createSafetyTab(ctx: PolicyCtx): Tab {
  const colors = CRITERION_IDS.map((k) => ctx.meta.criteria.find((c) => c.id === k)?.color ?? '#888')
  let on = false
  const data = loader(
    ctx,
    (signal) => {
      const u = unitsOf(ctx.area())
      return api<Safety>(`/api/safety?${periodQuery(ctx.period())}&level=${u.level}${areaParam(u.area)}`, signal)
    },
    (d) => setSafety(ctx.map, d?.rows ?? []),
  )
  const trend = loader(ctx, (signal) => api<Trend>(`/api/safety/trend?${trendQuery(ctx)}`, signal))
  bindTooltip(ctx)
  const levelKey = (): MessageKey => (unitsOf(ctx.area()).level === 'village' ? 'pol.s.villages' : 'pol.s.communes')
  const p = parts()
  const el = h(
    'div',
    {},
    p.region('div', {}, () => [syntheticNote(ctx), ...stateNodes(data)]),
    p.region('div', {}, () => (data.data ? safetyTable(ctx, data.data, levelKey(), colors) : [])),
    ...trendPart(p, ctx, trend, levelKey),
  )
  return {
    id: 'safety',
    el,
    update: p.update,
    show(v) {
      on = v
      showSafety(ctx.map, v)
    },
    reload() {
      void data.load()
      void trend.load()
    },
    legend: () => (on ? legend(ctx, data.data, colors) : null),
  }
}

/** Groups: provinces nationally, districts of a province, communes of a district (villages counted). */
function trendQuery(ctx: PolicyCtx): string {
  const a = ctx.area()
  const q = a && a.length >= 4 ? `level=village&area=${a.slice(0, 4)}` : `level=commune${areaParam(a)}`
  const tr = ctx.meta.time_range
  const to = tr.to ?? periodRange(ctx.period()).to
  const from = tr.from ?? addMonths(to, -24)
  const type = ctx.period().type === 'month' ? 'quarter' : ctx.period().type
  return `period=${type}&from=${from}&to=${to}&${q}`
}

/** Over a marker: the name, safe or not, and the count of each criterion. */
function bindTooltip(ctx: PolicyCtx) {
  ctx.map.on('mousemove', 'safety-symbol', (e) => {
    const p = propsOf(e)
    if (!p) return
    const counts = CRITERION_IDS.map((k) => {
      const v = str(p, `c${k}`)
      return `${k}: ${v == null ? '–' : fmtInt(Number(v))}`
    }).join(' · ')
    const prot = isProtected(ctx.user)
    const safe = p.safe === true || p.safe === 'true'
    ctx.tip.show(
      e.point.x,
      e.point.y,
      `<strong>${esc(placeName(namesOf(p)))}</strong>${prot ? protectedBadgeHtml() : ''}<br>${esc(t(safe ? 'pol.s.safe' : 'pol.s.notSafe'))}<br>${esc(counts)}` +
        (prot ? protectedNoteHtml(ctx.user.privacy.k) : ''),
    )
  })
  ctx.map.on('mouseleave', 'safety-symbol', () => ctx.tip.hide())
}

function legend(ctx: PolicyCtx, d: Safety | null, colors: string[]): Node[] {
  const img = (mask: number) => h('img', { src: safetyIconUrl(mask, colors), width: 22, height: 22, alt: '' })
  const n = (mask: number) => (d ? d.rows.filter((r) => failedMask(r.pass) === mask).length : 0)
  return present([
    h('h2', {}, t('pol.s.legendTitle')),
    h(
      'ul',
      { class: 'classes safety-legend' },
      h('li', {}, img(0), h('span', {}, `${t('pol.s.legendSafe')}${d ? ` (${fmtInt(n(0))})` : ''}`)),
      ...CRITERION_IDS.map((k) => h('li', {}, img(1 << (k - 1)), h('span', {}, `${k}. ${t(criterionKey(k))}`))),
    ),
    h(
      'p',
      { class: 'muted small' },
      h('span', { class: 'swatch', style: { background: PASS_COLOR, display: 'inline-block', verticalAlign: 'middle' } }),
      ' ',
      t('pol.s.legendSegments'),
    ),
    h('p', { class: 'muted small', style: { color: SAFE_RING } }, t('pol.s.legendRing')),
    ctx.meta.synthetic ? h('p', { class: 'synthetic-note' }, t('app.synthetic')) : null,
  ])
}

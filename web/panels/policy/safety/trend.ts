import { fmtInt, type MessageKey, placeName, t } from '../../../i18n/index.ts'
import { h } from '../../dom.ts'
import { lineChart, type Series } from '../chart.ts'
import type { PolicyCtx } from '../common.ts'
import { empty, stateNodes } from '../format.ts'
import type { Loader } from '../loader.ts'
import { apiLabel } from '../period.ts'
import { type Parts, present } from '../view.ts'
import type { Trend } from './types.ts'
import { incompleteNotes } from './trend-notes.ts'

const TOTAL_COLOR = '#1565c0',
  HIGHLIGHT = '#e6550d',
  OTHER = '#b8c2cc'

/** The share of areas safe over the periods: every group grey, the total and one highlighted group in colour. */
export function trendPart(p: Parts, ctx: PolicyCtx, trend: Loader<Trend>, levelKey: () => MessageKey): HTMLElement[] {
  let highlight: string | null = null
  const select = h('select', { name: 'trend-highlight' })
  select.addEventListener('change', () => {
    highlight = select.value || null
    ctx.rerender()
  })
  const picker = h(
    'label',
    { class: 'field' },
    h(
      'span',
      {},
      p.text(() => t('pol.s.highlight')),
    ),
    select,
  )
  const chart = p.region('div', {}, () => {
    const tr = trend.data
    if (tr && highlight && !tr.groups.some((g) => g.code === highlight)) highlight = null
    if (!tr) return []
    if (!tr.periods.length) return [empty(t('pol.s.noTrend'))]
    return chartNodes(tr, highlight, levelKey())
  })
  p.effect(() => {
    const groups = trend.data?.periods.length ? trend.data.groups : []
    picker.hidden = !groups.length
    const options = [
      h('option', { value: '' }, '—'),
      ...groups.map((g) => h('option', { value: g.code }, `${placeName(g)} (${fmtInt(g.areas)})`)),
    ]
    // Options are redrawn only when they change, so an open list is not disturbed.
    if (select.options.length !== options.length || options.some((o, i) => select.options[i].outerHTML !== o.outerHTML))
      select.replaceChildren(...options)
    select.value = highlight ?? ''
  })
  return [
    p.region('h3', {}, () => [t('pol.s.trend', { level: t(levelKey()) })]),
    p.region('div', {}, () => stateNodes(trend)),
    chart,
    picker,
  ]
}

function chartNodes(tr: Trend, highlight: string | null, levelKey: MessageKey): Node[] {
  const line = (g: Trend['groups'][number], color: string, width: number, dots?: boolean): Series => ({
    name: placeName(g),
    color,
    values: g.share.map((v) => (v ?? 0) * 100),
    width,
    dots,
  })
  const series = [
    ...tr.groups.filter((g) => g.code !== highlight).map((g) => line(g, OTHER, 1, false)),
    ...tr.groups.filter((g) => g.code === highlight).map((g) => line(g, HIGHLIGHT, 2.2)),
    { name: t('pol.s.total'), color: TOTAL_COLOR, values: tr.total.share.map((v) => (v ?? 0) * 100), width: 2.8 },
  ]
  const marked = tr.groups.find((g) => g.code === highlight)
  return present([
    h(
      'div',
      { class: 'chart-box safety-trend' },
      lineChart({
        labels: tr.periods.map(apiLabel),
        series,
        yMin: 0,
        yMax: Math.min(100, Math.max(10, ...series.flatMap((x) => x.values.filter((v): v is number => v != null)))),
        yFormat: (v) => `${v}%`,
        title: t('pol.s.trend', { level: t(levelKey) }),
        incomplete: tr.periods.map((p) => !p.complete),
      }),
    ),
    h(
      'ul',
      { class: 'classes inline chart-key' },
      h('li', {}, h('span', { class: 'swatch line', style: { background: TOTAL_COLOR } }), t('pol.s.total')),
      h('li', {}, h('span', { class: 'swatch line', style: { background: OTHER } }), t('pol.s.groups')),
      marked ? h('li', {}, h('span', { class: 'swatch line', style: { background: HIGHLIGHT } }), placeName(marked)) : null,
    ),
    ...incompleteNotes(tr),
  ])
}

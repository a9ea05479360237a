import { fmtInt, fmtRate, monthLabel, t } from '../../../i18n/index.ts'
import { PLAN_COLOR } from '../../../layers/pilots.ts'
import { h } from '../../dom.ts'
import { lineChart } from '../chart.ts'
import { api } from '../common.ts'
import { empty, methodText, stateNodes } from '../format.ts'
import { type Loader, loader } from '../loader.ts'
import type { Parts } from '../view.ts'
import type { PilotState } from './state.ts'
import { type Evaluation, minus, num, pilotName, type Plan } from './types.ts'

const CONTROL_COLOR = '#5f6b76'

export interface EvaluationPart {
  el: HTMLElement
  evaluate(p: Plan): void
  forget(p: Plan): void // the plan was deleted
}

/** The difference-in-differences evaluation of a plan that has started: figures, a reading, and the monthly chart. */
export function evaluationPart(p: Parts, s: PilotState): EvaluationPart {
  let plan: Plan | null = null
  const data: Loader<Evaluation> = loader(s.ctx, (signal) =>
    api<Evaluation>(`/api/pilots/plans/${plan?.id}/evaluation?controls=3&pre_months=12`, signal),
  )
  const el = p.region('div', {}, () =>
    plan ? [h('h3', {}, t('pol.e.title', { name: plan.name })), ...stateNodes(data), data.data ? view(data.data) : null] : [],
  )
  return {
    el,
    evaluate(x) {
      plan = x
      data.data = null
      void data.load()
    },
    forget(x) {
      if (plan?.id !== x.id) return
      plan = null
      data.abort()
      data.data = null
    },
  }
}

function view(e: Evaluation): HTMLElement {
  const est = e.estimate
  const reading =
    est.ci_high != null && est.ci_high < 0 ? 'pol.e.readDown' : est.ci_low != null && est.ci_low > 0 ? 'pol.e.readUp' : 'pol.e.readNone'
  return h(
    'div',
    { class: 'evaluation' },
    figures(e),
    h('p', { class: 'muted small' }, t(reading)),
    e.planted ? h('p', { class: 'muted small planted-note' }, t('pol.e.plantedNote', { n: fmtInt(e.planted.removed) })) : null,
    e.series.length ? h('div', { class: 'chart-box evaluation-chart' }, chart(e)) : empty(t('pol.e.noSeries')),
    h(
      'ul',
      { class: 'classes inline chart-key' },
      h('li', {}, h('span', { class: 'swatch line', style: { background: PLAN_COLOR } }), t('pol.e.pilots')),
      h('li', {}, h('span', { class: 'swatch line dashed', style: { background: CONTROL_COLOR } }), t('pol.e.controls')),
      h('li', { class: 'muted' }, t('pol.e.chart')),
    ),
    pairs(e),
    e.method ? h('p', { class: 'muted small pol-method' }, methodText(e)) : null,
  )
}

/** The effect the demo seed planted (synthetic plans only), beside the estimate, as the same rate difference. */
function planted(e: Evaluation): HTMLElement[] {
  if (!e.planted) return []
  return [
    h('dt', {}, t('pol.e.planted')),
    h('dd', { class: 'planted' }, minus(num(e.planted.att, 3)), ' ', h('span', { class: 'badge synthetic small' }, t('app.synthetic'))),
  ]
}

/** Each pilot with its matched controls, named with their districts. */
function pairs(e: Evaluation): HTMLElement | null {
  if (!e.pairs.length) return null
  return h(
    'details',
    { class: 'params eval-pairs' },
    h('summary', {}, t('pol.e.pairs')),
    h(
      'ul',
      { class: 'small' },
      ...e.pairs.map((p) => h('li', { 'data-code': p.code }, h('strong', {}, pilotName(p)), ` — ${p.controls.map(pilotName).join(', ')}`)),
    ),
  )
}

function figures(e: Evaluation): HTMLElement {
  const est = e.estimate
  return h(
    'dl',
    { class: 'figures' },
    h('dt', {}, t('pol.e.did')),
    h('dd', { class: 'did' }, minus(num(est.did, 3))),
    h('dt', {}, t('pol.e.ci', { level: String(Math.round((est.level ?? 0.95) * 100)) })),
    h('dd', { class: 'ci' }, `${minus(num(est.ci_low, 3))} … ${minus(num(est.ci_high, 3))}`),
    ...planted(e),
    h('dt', {}, 'p'),
    h('dd', {}, est.p == null ? '–' : est.p < 0.001 ? '< 0.001' : est.p.toFixed(3)),
    est.relative != null ? h('dt', {}, t('pol.e.relative')) : null,
    est.relative != null ? h('dd', {}, minus(`${(100 * est.relative).toFixed(0)}%`)) : null,
    h('dt', {}, t('pol.e.units')),
    h('dd', { class: 'n' }, t('pol.e.n', { p: fmtInt(e.n_pilots), c: fmtInt(e.n_controls) })),
    h('dt', {}, t('pol.e.windows')),
    h('dd', { class: 'small' }, `${e.pre.from} – ${e.pre.to} / ${e.post.from} – ${e.post.to}`),
  )
}

function chart(e: Evaluation): SVGSVGElement {
  const months = e.series.map((x) => x.month)
  return lineChart({
    labels: months.map(monthLabel),
    title: t('pol.e.chart'),
    series: [
      { name: t('pol.e.controls'), color: CONTROL_COLOR, values: e.series.map((x) => x.controls), dash: '4 3' },
      { name: t('pol.e.pilots'), color: PLAN_COLOR, values: e.series.map((x) => x.pilots), width: 2.2 },
    ],
    yMin: 0,
    yFormat: (v) => fmtRate(v),
    marker: markerAt(months, e.plan.start_date),
  })
}

/** The vertical line between the last month before the start and the start month. */
function markerAt(months: string[], start: string): { at: number; label: string } | undefined {
  const i = months.indexOf(start.slice(0, 7))
  if (i < 0) return undefined
  const day = Number(start.slice(8, 10))
  return { at: Math.max(0, i - 0.5 + (day - 1) / 31), label: t('pol.e.start', { date: start }) }
}

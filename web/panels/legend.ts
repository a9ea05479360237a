import type { Criterion } from '../api.ts'
import { criterionKey } from '../../common/criteria.ts'
import { fmtInt, fmtRate, t, type MessageKey } from '../i18n/index.ts'
import { classLabels, NO_DATA_COLOR, RATE_COLORS, SUPPRESSED_COLOR } from '../layers/classes.ts'
import type { Me } from '../session.ts'
import { CLUSTER_MIN_ZOOM } from '../layers/incidents.ts'
import { EHSA_CLASSES, GI_BINS, LISA_CLASSES } from '../layers/analysis-classes.ts'
import type { AnalysisMeta } from '../app/analysis-meta.ts'
import { analysisKey } from '../i18n/keys.ts'
import type { AnalysisMethod, AppState } from '../state.ts'
import { byId, h, patch } from './dom.ts'
import { isProtected, protectedNote } from './protected.ts'

export interface LegendData {
  breaks: number[]
  total: number
  hasNoData: boolean
  suppressed: number
  levelKey: MessageKey
}

/** The incident layer under an analysis layer: hidden unless asked for, with the one click that shows or hides it. */
export interface UnderAnalysis {
  /** An analysis layer is drawn. */
  on: boolean
  /** The incidents are hidden under it. */
  hidden: boolean
  show(on: boolean): void
}

/**
 * The map's section of the legend dock: the analysis classes, the rate classes, the no-data swatch, the privacy
 * notes, the incident layer key (or that it is hidden under the analysis layer), and the empty state.
 */
export function renderLegend(
  s: AppState,
  d: LegendData | null,
  criteria: Criterion[],
  zoom: number,
  analysis: AnalysisMeta | null,
  user: Me,
  under: UnderAnalysis,
) {
  const el = byId('legend')
  const parts: Node[] = []
  if (analysis && s.an !== 'none') parts.push(...analysisLegend(s.an, analysis))
  parts.push(h('h2', {}, t('legend.title')))
  if (!s.criteria.length) parts.push(h('p', { class: 'empty' }, t('legend.noCriteria')))
  else if (d) parts.push(...rateLegend(d, user))
  parts.push(...privacyNotes(user))
  parts.push(...pointLegend(s, criteria, zoom, user, under))
  patch(el, ...parts)
}

const swatchItem = (color: string, label: string) =>
  h('li', {}, h('span', { class: 'swatch', style: { background: color } }), h('span', {}, label))

/** The level and total, the rate classes, and the no-data and suppressed swatches. */
function rateLegend(d: LegendData, user: Me): Node[] {
  const parts: Node[] = []
  const total = d.suppressed
    ? t('privacy.totalShown', { n: fmtInt(d.total), a: fmtInt(d.suppressed) })
    : t('legend.total', { n: fmtInt(d.total) })
  parts.push(h('p', { class: 'muted level-name' }, `${t(d.levelKey)} · ${total}`))
  if (d.total === 0 && !d.suppressed) parts.push(h('p', { class: 'empty' }, t('legend.empty')))
  const labels = classLabels(d.breaks, fmtRate)
  parts.push(h('ul', { class: 'classes' }, ...labels.map((l, i) => swatchItem(RATE_COLORS[i]!, l))))
  if (d.hasNoData) parts.push(h('ul', { class: 'classes' }, swatchItem(NO_DATA_COLOR, t('legend.noData'))))
  // Viewers always see the suppressed class, so a withheld count is never read as 0.
  if (user.privacy.suppressed)
    parts.push(
      h('ul', { class: 'classes suppressed' }, swatchItem(SUPPRESSED_COLOR, t('privacy.suppressedLegend', { k: String(user.privacy.k) }))),
    )
  return parts
}

/**
 * The incident layer's key: the criteria's dots for clusters (and a hint to zoom in), or the heat ramp. Under an
 * analysis layer the incidents are hidden: the key says so, with a button that shows them (and one that hides them again).
 */
function pointLegend(s: AppState, criteria: Criterion[], zoom: number, user: Me, under: UnderAnalysis): Node[] {
  if (!user.can.points || !s.criteria.length || s.mode === 'off') return [] // no point layers for this role, or nothing selected
  const button = (show: boolean) =>
    h(
      'button',
      { type: 'button', class: `link ${show ? 'show-incidents' : 'hide-incidents'}`, onclick: () => under.show(show) },
      t(show ? 'legend.showIncidents' : 'legend.hideIncidents'),
    )
  // The buttons are not in a <p>: the PNG export reads paragraphs as notes, and a printed map has nothing to click.
  if (under.on && under.hidden)
    return [h('div', { class: 'hint incidents-hidden' }, h('p', {}, t('legend.hiddenUnderAnalysis')), button(true))]
  const again = under.on ? [button(false)] : []
  if (s.mode === 'clusters') {
    const dots = criteria
      .filter((c) => s.criteria.includes(c.id))
      .map((c) => h('span', { class: 'dot', title: t(criterionKey(c.id)), style: { background: c.color } }))
    return [
      ...(zoom < CLUSTER_MIN_ZOOM ? [h('p', { class: 'hint' }, t('legend.zoomIn'))] : []),
      h('p', { class: 'muted crit-key' }, ...dots, ' ', t('legend.incidents')),
      ...again,
    ]
  }
  return [h('p', { class: 'muted' }, t('legend.heatmap')), h('div', { class: 'heat-ramp' }), ...again]
}

/** The analysis layer's classes: the 7-class diverging Gi* legend, LISA quadrants, EHSA categories present, or the density ramp. */
function analysisLegend(method: AnalysisMethod, meta: AnalysisMeta): Node[] {
  const title = h('h2', {}, t(analysisKey(method)))
  const item = (color: string, key: MessageKey) => swatchItem(color, t(key))
  if (method === 'kde') {
    return [
      title,
      h('p', { class: 'muted' }, t(meta.unit?.includes('1,000') ? 'an.densityPop' : 'an.density')),
      h('div', { class: 'density-ramp' }),
      h('div', { class: 'ramp-labels' }, h('span', {}, '0'), h('span', {}, fmtRate(meta.scale_max ?? 0))),
      h('p', { class: 'muted' }, t('an.contours')),
    ]
  }
  if (method === 'localmoran') return [title, h('ul', { class: 'classes' }, ...LISA_CLASSES.map((c) => item(c.color, c.key)))]
  if (method === 'ehsa') {
    const present = new Set<string>(meta.categories ?? EHSA_CLASSES.map((c) => c.category))
    return [title, h('ul', { class: 'classes' }, ...EHSA_CLASSES.filter((c) => present.has(c.category)).map((c) => item(c.color, c.key)))]
  }
  return [title, h('ul', { class: 'classes' }, ...GI_BINS.map((c) => item(c.color, c.key)))]
}

/** What this role does not see, said once under the legend. */
function privacyNotes(user: Me): Node[] {
  const out: Node[] = []
  if (isProtected(user)) out.push(protectedNote(user.privacy.k))
  if (user.privacy.suppressed) out.push(h('p', { class: 'privacy-note' }, t('privacy.viewerNote', { k1: String(user.privacy.k - 1) })))
  if (user.privacy.masked_criteria.length)
    out.push(h('p', { class: 'privacy-note' }, t('privacy.maskedNote', { c: user.privacy.masked_criteria.join(', ') })))
  if (user.privacy.omitted_criteria.length)
    out.push(h('p', { class: 'privacy-note' }, t('privacy.omittedNote', { c: user.privacy.omitted_criteria.join(', ') })))
  return out
}

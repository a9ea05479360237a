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

/** Rate classes, the no-data swatch, the incident layer key, and the empty state. */
export function renderLegend(
  s: AppState,
  d: LegendData | null,
  criteria: Criterion[],
  zoom: number,
  analysis: AnalysisMeta | null,
  user: Me,
) {
  const el = byId('legend')
  const parts: Node[] = []
  if (analysis && s.an !== 'none') parts.push(...analysisLegend(s.an, analysis))
  parts.push(h('h2', {}, t('legend.title')))
  if (!s.criteria.length) parts.push(h('p', { class: 'empty' }, t('legend.noCriteria')))
  else if (d) {
    const total = d.suppressed
      ? t('privacy.totalShown', { n: fmtInt(d.total), a: fmtInt(d.suppressed) })
      : t('legend.total', { n: fmtInt(d.total) })
    parts.push(h('p', { class: 'muted level-name' }, `${t(d.levelKey)} · ${total}`))
    if (d.total === 0 && !d.suppressed) parts.push(h('p', { class: 'empty' }, t('legend.empty')))
    const labels = classLabels(d.breaks, fmtRate)
    parts.push(
      h(
        'ul',
        { class: 'classes' },
        ...labels.map((l, i) => h('li', {}, h('span', { class: 'swatch', style: { background: RATE_COLORS[i] } }), h('span', {}, l))),
      ),
    )
    if (d.hasNoData)
      parts.push(
        h(
          'ul',
          { class: 'classes' },
          h('li', {}, h('span', { class: 'swatch', style: { background: NO_DATA_COLOR } }), h('span', {}, t('legend.noData'))),
        ),
      )
    // Viewers always see the suppressed class, so a withheld count is never read as 0.
    if (user.privacy.suppressed)
      parts.push(
        h(
          'ul',
          { class: 'classes suppressed' },
          h(
            'li',
            {},
            h('span', { class: 'swatch', style: { background: SUPPRESSED_COLOR } }),
            h('span', {}, t('privacy.suppressedLegend', { k: String(user.privacy.k) })),
          ),
        ),
      )
  }
  parts.push(...privacyNotes(user))
  if (!user.can.points) {
    /* no point layers for this role */
  } else if (s.mode === 'clusters' && s.criteria.length) {
    if (zoom < CLUSTER_MIN_ZOOM) parts.push(h('p', { class: 'hint' }, t('legend.zoomIn')))
    parts.push(
      h(
        'p',
        { class: 'muted crit-key' },
        ...criteria
          .filter((c) => s.criteria.includes(c.id))
          .map((c) => h('span', { class: 'dot', title: t(criterionKey(c.id)), style: { background: c.color } })),
        ' ',
        t('legend.incidents'),
      ),
    )
  } else if (s.mode === 'heatmap' && s.criteria.length) {
    parts.push(h('p', { class: 'muted' }, t('legend.heatmap')), h('div', { class: 'heat-ramp' }))
  }
  patch(el, ...parts)
}

/** The analysis layer's classes: the 7-class diverging Gi* legend, LISA quadrants, EHSA categories present, or the density ramp. */
function analysisLegend(method: AnalysisMethod, meta: AnalysisMeta): Node[] {
  const title = h('h2', {}, t(analysisKey(method)))
  const item = (color: string, key: MessageKey) =>
    h('li', {}, h('span', { class: 'swatch', style: { background: color } }), h('span', {}, t(key)))
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

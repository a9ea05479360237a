import { t } from '../../../i18n/index.ts'
import { HIGHLIGHT_COLOR, PLAN_COLOR, SCORE_BREAKS, SCORE_COLORS, starUrl } from '../../../layers/pilots.ts'
import { h } from '../../dom.ts'
import { present } from '../view.ts'

const ring = (color: string, key: 'pol.p.legendChosen' | 'pol.p.legendHighlight') =>
  h('li', {}, h('span', { class: 'swatch round ring', style: { borderColor: color } }), h('span', {}, t(key)))

/** The score classes, the chosen ring, the plan star and the highlight. */
export function pilotsLegend(synthetic: boolean): Node[] {
  const labels = SCORE_COLORS.map((_, i) =>
    i === 0 ? `< ${SCORE_BREAKS[0]}` : i < SCORE_BREAKS.length ? `${SCORE_BREAKS[i - 1]}–${SCORE_BREAKS[i]}` : `≥ ${SCORE_BREAKS[i - 1]}`,
  )
  return present([
    h('h2', {}, t('pol.p.legendTitle')),
    h('p', { class: 'muted small' }, t('pol.p.legendScore')),
    h(
      'ul',
      { class: 'classes inline' },
      ...SCORE_COLORS.map((c, i) =>
        h('li', {}, h('span', { class: 'swatch round', style: { background: c, border: '1px solid #5a3000' } }), labels[i]),
      ),
    ),
    h(
      'ul',
      { class: 'classes' },
      ring(PLAN_COLOR, 'pol.p.legendChosen'),
      h('li', {}, h('img', { src: starUrl(), width: 16, height: 16, alt: '' }), h('span', {}, t('pol.p.legendPlan'))),
      ring(HIGHLIGHT_COLOR, 'pol.p.legendHighlight'),
    ),
    synthetic ? h('p', { class: 'synthetic-note' }, t('app.synthetic')) : null,
  ])
}

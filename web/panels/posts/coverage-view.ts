import { fmtInt, t } from '../../i18n/index.ts'
import { GAP_COLOR, LOAD_BREAKS, LOAD_COLORS } from '../../layers/posts.ts'
import { h } from '../dom.ts'
import { pct } from './result-view.ts'
import type { Coverage } from './types.ts'

const loadLabel = (i: number) =>
  i === 0
    ? `< ${fmtInt(LOAD_BREAKS[0])}`
    : i < LOAD_BREAKS.length
      ? `${fmtInt(LOAD_BREAKS[i - 1])}–${fmtInt(LOAD_BREAKS[i])}`
      : `≥ ${fmtInt(LOAD_BREAKS[i - 1])}`

/** The area's posts, staff, covered share and gaps, with the load legend (the PNG export draws every visible .legend). */
export function coverageView(c: Coverage): Node[] {
  const tot = c.totals
  return [
    h(
      'dl',
      { class: 'figures coverage' },
      h('dt', {}, t('posts.count')),
      h('dd', {}, `${fmtInt(tot.posts)} · ${t('posts.staff', { n: fmtInt(tot.staff) })}`),
      h('dt', {}, t('posts.covered')),
      h('dd', { class: 'covered-share' }, `${pct(tot.covered, tot.population)} (${fmtInt(tot.covered)} / ${fmtInt(tot.population)})`),
      h('dt', {}, t('posts.gaps')),
      h('dd', {}, t('posts.gapsValue', { v: fmtInt(c.gaps.villages), p: fmtInt(c.gaps.population) })),
    ),
    h(
      'div',
      { class: 'legend posts-legend' },
      h('h3', { class: 'visually-hidden' }, t('posts.title')),
      h('p', { class: 'muted small' }, t('posts.loadLegend')),
      h(
        'ul',
        { class: 'classes inline' },
        ...LOAD_COLORS.map((col, i) =>
          h('li', {}, h('span', { class: 'swatch', style: { background: col } }), h('span', {}, loadLabel(i))),
        ),
      ),
      h(
        'p',
        { class: 'muted small gap-key' },
        h('span', { class: 'swatch round', style: { background: GAP_COLOR } }),
        ' ',
        t('posts.gapKey'),
      ),
    ),
    ...(c.synthetic_posts ? [h('p', { class: 'synthetic-note' }, t('posts.synthetic'))] : []),
  ]
}

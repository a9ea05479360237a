import { fmtInt, t } from '../../i18n/index.ts'
import { GAP_COLOR, LOAD_BREAKS, LOAD_COLORS } from '../../layers/posts.ts'
import { h } from '../dom.ts'
import { coverageDefinition } from './definition.ts'
import { pct } from './result-view.ts'
import { loadTable } from './load-table.ts'
import type { Coverage, LoadSort } from './types.ts'

const loadLabel = (i: number) =>
  i === 0
    ? `< ${fmtInt(LOAD_BREAKS[0])}`
    : i < LOAD_BREAKS.length
      ? `${fmtInt(LOAD_BREAKS[i - 1])}–${fmtInt(LOAD_BREAKS[i])}`
      : `≥ ${fmtInt(LOAD_BREAKS[i - 1])}`

/** The area's posts, staff, covered share and gaps, with the load legend (the PNG export draws every visible .legend). */
export function coverageView(c: Coverage, sort: LoadSort, onSort: (s: LoadSort) => void): Node[] {
  const tot = c.totals
  return [
    h(
      'dl',
      { class: 'figures coverage' },
      h('dt', {}, t('posts.count')),
      h('dd', {}, `${fmtInt(tot.posts)} · ${t('posts.staff', { n: fmtInt(tot.staff) })}`),
      h('dt', {}, t('posts.population')),
      h('dd', { class: 'coverage-population' }, fmtInt(tot.population)),
      h('dt', {}, t('posts.covered')),
      h('dd', { class: 'covered-share' }, `${pct(tot.covered, tot.population)} (${fmtInt(tot.covered)} / ${fmtInt(tot.population)})`),
      h('dt', {}, t('posts.gaps')),
      h('dd', {}, t('posts.gapsValue', { v: fmtInt(c.gaps.villages), p: fmtInt(c.gaps.population) })),
    ),
    h('p', { class: 'muted small coverage-def' }, coverageDefinition(c.method.radius_m)),
    h('p', { class: 'muted small population-note' }, t('posts.populationNote')),
    loadTable(c, sort, onSort),
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

import { fmtInt, t } from '../../i18n/index.ts'
import { h } from '../dom.ts'
import { coverageDefinition } from './definition.ts'
import { pct } from './result-view.ts'
import { loadTable } from './load-table.ts'
import type { Coverage, LoadSort } from './types.ts'

/** The area's posts, staff, covered share and gaps; their legend (post types, load classes, gaps) is in the map's legend dock. */
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
    ...(c.synthetic_posts ? [h('p', { class: 'synthetic-note' }, t('posts.synthetic'))] : []),
  ]
}

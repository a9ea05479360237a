import { fmtInt, placeName, t } from '../../i18n/index.ts'
import { saveBlob } from '../../client.ts'
import { h } from '../dom.ts'
import type { Coverage, PlanResult } from './types.ts'
import { coverageDefinition } from './definition.ts'
import { DEFAULT_RADIUS } from '../../../common/posts.ts'

export const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '–')

/** The proposed posts with before/after coverage, the solver, and CSV / GeoJSON downloads. */
export function resultView(r: PlanResult, coverage: Coverage | null) {
  return h(
    'div',
    { class: 'result' },
    h('h3', {}, t('posts.result', { n: String(r.proposed.length) })),
    h(
      'dl',
      { class: 'figures' },
      h('dt', {}, t('posts.before')),
      h('dd', {}, `${pct(r.covered_before, r.population)} (${fmtInt(r.covered_before)})`),
      h('dt', {}, t('posts.after')),
      h('dd', { class: 'after' }, `${pct(r.covered_after, r.population)} (${fmtInt(r.covered_after)})`),
      h('dt', {}, t('posts.solver')),
      h('dd', {}, `${r.solver}${r.gap != null ? ` · gap ${(100 * r.gap).toFixed(2)}%` : ''} · ${fmtInt(r.ms)} ms`),
    ),
    h(
      'p',
      { class: 'muted small coverage-def' },
      `${coverageDefinition(DEFAULT_RADIUS)}. ${t('posts.plannerDef', { r: String(r.radius_m / 1000) })}`,
    ),
    // Numbered as on the map: each proposed post carries its rank.
    h(
      'ol',
      { class: 'proposed' },
      ...r.proposed.map((p, i) =>
        h('li', { 'data-rank': String(i + 1) }, h('span', { class: 'rank-badge', 'aria-hidden': 'true' }, String(i + 1)), placeName(p)),
      ),
    ),
    r.moved_away?.length
      ? h(
          'p',
          { class: 'muted small moved-away' },
          t('posts.movedAway', { n: String(r.moved_away.length), names: r.moved_away.map((m) => placeName(m)).join(', ') }),
        )
      : null,
    h('p', { class: 'muted small' }, t('posts.drag')),
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        { type: 'button', class: 'export-csv', onclick: () => saveBlob(new Blob([toCsv(r)], { type: 'text/csv' }), 'proposed-posts.csv') },
        'CSV',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'export-geojson',
          onclick: () => saveBlob(new Blob([toGeoJson(r, coverage)], { type: 'application/geo+json' }), 'proposed-posts.geojson'),
        },
        'GeoJSON',
      ),
    ),
  )
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`

export function toCsv(r: PlanResult): string {
  const rows = r.proposed.map((p) =>
    [p.lon.toFixed(6), p.lat.toFixed(6), p.village_code ?? '', quote(p.name_en), quote(p.name_km ?? ''), p.province_code ?? ''].join(','),
  )
  return `${['lon,lat,village_code,name_en,name_km,province_code', ...rows].join('\n')}\n`
}

export function toGeoJson(r: PlanResult, coverage: Coverage | null): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    properties: {
      problem: r.problem,
      solver: r.solver,
      radius_m: r.radius_m,
      covered_before: r.covered_before,
      covered_after: r.covered_after,
      synthetic_posts: !!coverage?.synthetic_posts,
    },
    features: r.proposed.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: p })),
  })
}

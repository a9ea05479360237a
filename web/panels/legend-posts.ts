import { DEFAULT_RADIUS } from '../../common/posts.ts'
import { fmtInt, t } from '../i18n/index.ts'
import { postTypeLabel } from '../i18n/keys.ts'
import {
  candidateSymbolUrl,
  GAP_COLOR,
  LOAD_BREAKS,
  LOAD_COLORS,
  POST_TYPES,
  PROPOSED_COLOR,
  postSymbolUrl,
  proposedSymbolUrl,
} from '../layers/posts.ts'
import { byId, h, patch } from './dom.ts'
import type { PlannerState } from './posts/types.ts'

const km = (m: number) => String(Math.round(m / 100) / 10)

const loadLabel = (i: number) =>
  i === 0
    ? `< ${fmtInt(LOAD_BREAKS[0])}`
    : i < LOAD_BREAKS.length
      ? `${fmtInt(LOAD_BREAKS[i - 1])}–${fmtInt(LOAD_BREAKS[i])}`
      : `≥ ${fmtInt(LOAD_BREAKS[i - 1])}`

// The symbols are drawn once per page (a data: URL each): the legend is redrawn on every planner change.
const urls = new Map<string, string>()
function cached(key: string, draw: () => string): string {
  let url = urls.get(key)
  if (!url) urls.set(key, (url = draw()))
  return url
}

/** A legend line with a symbol drawn as the map draws it, at its own size (CSS px). */
const symbolItem = (cls: string, src: string, size: number, label: string) =>
  h('li', { class: cls }, h('img', { src, width: size, height: size, alt: '' }), h('span', {}, label))

/**
 * The posts' section of the legend dock, while the posts layer is on: the post types with their symbol and coverage
 * radius, the service areas' load classes, uncovered villages, candidate sites, and the planner's proposals (the
 * numbered disc and its ring).
 */
export function renderPostsLegend(s: PlannerState) {
  const el = byId('posts-legend')
  el.hidden = !s.on
  if (!s.on) return patch(el)
  const radius = s.coverage?.method.radius_m ?? DEFAULT_RADIUS
  const n = s.result?.proposed.length ?? 0
  patch(
    el,
    h('h2', {}, t('posts.title')),
    h('p', { class: 'muted small' }, t('legend.postTypes')),
    h(
      'ul',
      { class: 'classes post-types' },
      ...POST_TYPES.map((type) =>
        symbolItem(
          `post-type post-${type}`,
          cached(type, () => postSymbolUrl(type)),
          22,
          t('legend.postType', { type: postTypeLabel(type), km: km(radius[type]) }),
        ),
      ),
    ),
    ...(n
      ? [
          h('p', { class: 'muted small' }, t('legend.proposals')),
          h(
            'ul',
            { class: 'classes proposals' },
            symbolItem(
              'proposed-key',
              cached('proposed', () => proposedSymbolUrl(1, false)),
              24,
              t('legend.proposed', { n: String(n) }),
            ),
            h(
              'li',
              { class: 'proposed-ring-key' },
              h('span', { class: 'swatch round ring proposed-ring', style: { borderColor: PROPOSED_COLOR } }),
              h('span', {}, t('legend.proposedRing', { km: km(s.result!.radius_m) })),
            ),
          ),
        ]
      : []),
    ...(s.extra.length
      ? [h('ul', { class: 'classes' }, symbolItem('candidate-key', cached('candidate', candidateSymbolUrl), 18, t('legend.candidate')))]
      : []),
    h('p', { class: 'muted small' }, t('posts.loadLegend')),
    h(
      'ul',
      { class: 'classes inline load-classes' },
      ...LOAD_COLORS.map((col, i) => h('li', {}, h('span', { class: 'swatch', style: { background: col } }), h('span', {}, loadLabel(i)))),
    ),
    h(
      'ul',
      { class: 'classes' },
      h(
        'li',
        { class: 'gap-key' },
        h('span', { class: 'swatch round', style: { background: GAP_COLOR } }),
        h('span', {}, t('posts.gapKey')),
      ),
    ),
  )
}

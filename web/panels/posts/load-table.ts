import { fmtInt, placeName, t, type MessageKey } from '../../i18n/index.ts'
import { h } from '../dom.ts'
import type { Coverage, LoadSort, Post } from './types.ts'

const TOP = 20
// The panel is narrow: headers wrap rather than scroll sideways.
const WRAP = { whiteSpace: 'normal', verticalAlign: 'bottom' }

/** A post's load per officer: its nearest-post load, or for a station or HQ the posts it backs up (marked). */
export function loadOf(p: Post) {
  const per = p.load_basis === 'backup' ? p.backup?.per_officer : p.per_officer
  return { people: per?.population ?? null, incidents: per?.incidents.total ?? null, backup: p.load_basis === 'backup' }
}

/** The most loaded posts by the sort key, largest first (or smallest first); posts without a figure last. */
export function sortedLoads(posts: Post[], sort: LoadSort) {
  const sign = sort.desc ? -1 : 1
  return posts
    .map((p) => ({ p, ...loadOf(p) }))
    .sort((a, b) => {
      const x = a[sort.key],
        y = b[sort.key]
      if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1
      return sign * (x - y) || a.p.id - b.p.id
    })
    .slice(0, TOP)
}

const num = (v: number | null, d: number) => (v == null ? '–' : d ? v.toFixed(d) : fmtInt(Math.round(v)))

/** The top posts by people or incidents per officer; a click on a column header sorts by it (again: reverses). */
export function loadTable(c: Coverage, sort: LoadSort, onSort: (s: LoadSort) => void) {
  const head = (key: LoadSort['key'], label: string) =>
    h(
      'th',
      { 'aria-sort': sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none', style: WRAP },
      h(
        'button',
        { type: 'button', class: `link sort-${key}`, onclick: () => onSort({ key, desc: sort.key === key ? !sort.desc : true }) },
        `${label}${sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}`,
      ),
    )
  return h(
    'div',
    { class: 'load-table' },
    h('h3', {}, t('posts.loadTable')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'pol-table posts-load' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('posts.col.post')),
            h('th', {}, t('posts.col.officers')),
            head('people', t('posts.col.people')),
            head('incidents', t('posts.col.incidents')),
          ),
        ),
        h(
          'tbody',
          {},
          ...sortedLoads(c.posts, sort).map((r) =>
            h(
              'tr',
              {
                'data-code': r.p.code,
                title: r.backup ? t('posts.backup', { n: String(r.p.backup?.posts ?? 0) }) : t(`posttype.${r.p.post_type}` as MessageKey),
              },
              h('td', {}, `${placeName(r.p)}${r.backup ? ' *' : ''}`),
              h('td', { class: 'num' }, fmtInt(r.p.staff)),
              h('td', { class: 'num people' }, num(r.people, 0)),
              h('td', { class: 'num incidents' }, num(r.incidents, 2)),
            ),
          ),
        ),
      ),
    ),
    h('p', { class: 'muted small' }, t('posts.loadNote')),
  )
}

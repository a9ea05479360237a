import type { AreaDetails, Criterion } from '../api.ts'
import { criterionKey } from '../../common/criteria.ts'
import { fmtInt, fmtRate, otherName, placeName, t, type MessageKey } from '../i18n/index.ts'
import { byId, h, patch } from './dom.ts'
import { protectedBadge, protectedNote } from './protected.ts'

const LEVEL_KEY: Record<string, MessageKey> = {
  province: 'level.province',
  district: 'level.district',
  commune: 'level.commune',
  village: 'level.village',
}

/** How a count reads: a number, or "suppressed (< k)" when withheld. */
interface Counts {
  withheld: (n: number | null | undefined) => boolean
  num: (n: number | null | undefined) => string
  badge: () => Node | null
}

/** Population, incidents and rate per 1,000. */
function figures(d: AreaDetails, c: Counts) {
  return h(
    'dl',
    { class: 'figures' },
    h('dt', {}, d.population_estimated ? t('details.populationEstimated') : t('details.population')),
    h('dd', {}, d.population == null ? '–' : `${fmtInt(d.population)} ${d.population_estimated ? '' : t('details.populationYear')}`),
    h('dt', {}, t('details.incidents'), c.badge()),
    h('dd', { class: `count${c.withheld(d.incidents.count) ? ' suppressed' : ''}` }, c.num(d.incidents.count)),
    h('dt', {}, t('details.rate')),
    h('dd', { class: 'rate' }, fmtRate(d.incidents.rate_per_1000)),
  )
}

/** A bar per criterion, scaled to the largest count. */
function criterionBars(d: AreaDetails, criteria: Criterion[], c: Counts) {
  const by = d.incidents.by_criterion
  const max = Math.max(1, ...Object.values(by).map((n) => n ?? 0))
  return h(
    'div',
    { class: 'bars' },
    h('h3', {}, t('details.byCriterion'), c.badge()),
    ...criteria.map((cr) =>
      h(
        'div',
        { class: 'bar-row', title: t(criterionKey(cr.id)) },
        h('span', { class: 'bar-label' }, `${cr.id}. ${t(criterionKey(cr.id))}`),
        h('span', { class: 'bar' }, h('span', { style: { width: `${(100 * (by[cr.id] ?? 0)) / max}%`, background: cr.color } })),
        h('span', { class: `bar-value${c.withheld(by[cr.id]) ? ' suppressed' : ''}` }, c.num(by[cr.id])),
      ),
    ),
  )
}

/** Figures of the selected area: names, population, count, rate and a bar per criterion (k > 0: protected figures, badged). */
export function renderDetails(d: AreaDetails | null, criteria: Criterion[], synthetic: boolean, onUp: (() => void) | null, k = 0) {
  const el = byId('details')
  if (!d) {
    patch(el, h('h2', {}, t('details.title')), h('p', { class: 'muted' }, t('details.hint')))
    return
  }
  const withheld = (n: number | null | undefined) => n == null && d.incidents.suppressed
  const counts: Counts = {
    withheld,
    num: (n) => (withheld(n) ? `${t('privacy.suppressed')} (< ${k})` : fmtInt(n ?? 0)),
    badge: () => (k > 0 ? protectedBadge() : null),
  }
  const other = otherName(d)
  patch(
    el,
    ...([
      h('h2', { class: 'area-name' }, placeName(d)),
      other ? h('p', { class: 'other-name' }, other) : null,
      h('p', { class: 'muted' }, `${t(LEVEL_KEY[d.level] ?? 'level.commune')} · ${d.code}`),
      !d.has_geometry && d.level !== 'village' ? h('p', { class: 'muted' }, t('details.noGeometry')) : null,
      figures(d, counts),
      d.incidents.count === 0 ? h('p', { class: 'empty' }, t('details.noIncidents')) : criterionBars(d, criteria, counts),
      k > 0 ? protectedNote(k) : null,
      synthetic ? h('p', { class: 'synthetic-note' }, t('app.syntheticNote')) : null,
      onUp ? h('button', { type: 'button', class: 'up', onclick: onUp }, `↑ ${t('details.back')}`) : null,
    ].filter((x) => x != null) as Node[]),
  )
}

/** Cambodia › Province › District › Commune › Village, each clickable. */
export function renderBreadcrumb(d: AreaDetails | null, onPick: (code: string | null) => void) {
  const el = byId('breadcrumb')
  const items: { code: string | null; label: string }[] = [{ code: null, label: t('level.country') }]
  if (d) {
    for (const a of d.ancestors) items.push({ code: a.code, label: placeName(a) })
    items.push({ code: d.code, label: placeName(d) })
  }
  patch(
    el,
    ...items.flatMap((it, i) => {
      const last = i === items.length - 1
      const node = last
        ? h('span', { class: 'crumb current', 'aria-current': 'page' }, it.label)
        : h('button', { type: 'button', class: 'crumb', onclick: () => onPick(it.code) }, it.label)
      return i ? [h('span', { class: 'sep', 'aria-hidden': 'true' }, '›'), node] : [node]
    }),
  )
}

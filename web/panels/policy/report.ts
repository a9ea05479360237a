import type { ReportResponse, ReportRow } from '../../../common/api/policy.ts'
import { CRITERION_IDS, criterionKey } from '../../../common/criteria.ts'
import { fmtInt, fmtRate, placeName, t } from '../../i18n/index.ts'
import { h } from '../dom.ts'
import { api, type PolicyCtx, type Tab } from './common.ts'
import { cnt, empty, signed, stateNodes, syntheticNote, table, yesNo } from './format.ts'
import { loader } from './loader.ts'
import { type ApiPeriod, apiLabel, periodQuery } from './period.ts'
import { parts } from './view.ts'

type Row = ReportRow
type Report = ReportResponse

/** The Ministry's periodic report: one row per area below the selection, the total, and the downloads. */
export function createReportTab(ctx: PolicyCtx): Tab {
  const query = () => {
    const a = ctx.area()
    return `${periodQuery(ctx.period())}${a ? `&area=${a.slice(0, 6)}` : ''}`
  }
  const data = loader(ctx, (signal) => api<Report>(`/api/reports?${query()}`, signal))
  const p = parts()
  const el = h(
    'div',
    {},
    p.region('div', {}, () => [syntheticNote(ctx), ...stateNodes(data)]),
    p.region('div', { class: 'downloads' }, () => {
      const q = query()
      return [
        h('span', { class: 'muted' }, t('pol.r.download')),
        h('a', { href: `/api/reports?${q}&format=csv`, download: '', class: 'dl-csv' }, 'CSV'),
        h('a', { href: `/api/reports?${q}&format=xlsx`, download: '', class: 'dl-xlsx' }, 'XLSX'),
        h('a', { href: `/api/reports?${q}&format=html`, target: '_blank', rel: 'noopener', class: 'dl-html' }, t('pol.r.printable')),
      ]
    }),
    p.region('div', {}, () => (data.data ? report(data.data) : [])),
  )
  return {
    id: 'report',
    el,
    update: p.update,
    show() {
      /* no map layer */
    },
    reload() {
      void data.load()
    },
    legend: () => null,
  }
}

const frac = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null ? '–' : `${fmtInt(a)}/${fmtInt(b)}`)

function report(d: Report): Node[] {
  const heading = t('pol.r.heading', {
    period: apiLabel(d.period),
    previous: apiLabel(d.period.previous),
    area: d.area ? placeName(d.area) : t('user.national'),
  })
  const small = d.level === 'commune' || d.level === 'village'
  const head = [
    t('pol.col.name'),
    ...CRITERION_IDS.map((k) => h('span', { title: t(criterionKey(k)) }, String(k))),
    t('pol.col.total'),
    h('span', { title: t('details.rate') }, t('pol.col.rate')),
    t('pol.col.change'),
    h('span', { title: small ? '' : t('pol.col.safeCommunesLong') }, t('pol.col.safe')),
    h('span', { title: small ? t('pol.col.forumLong') : t('pol.col.forumCommunesLong') }, t('pol.col.forum')),
  ]
  return [
    h('p', { class: 'pol-summary' }, heading),
    d.rows.length
      ? table(
          'report',
          head,
          d.rows.map((r) => row(r, small)),
          totalRow(d),
          'report',
        )
      : empty(t('pol.r.empty')),
    h('p', { class: 'muted small' }, t('pol.r.note')),
  ]
}

function row(r: Row, small: boolean): HTMLElement {
  const trend = r.change != null && r.change > 0 ? 'up' : r.change != null && r.change < 0 ? 'down' : ''
  return h(
    'tr',
    { 'data-code': r.code },
    h('td', {}, placeName(r)),
    ...CRITERION_IDS.map((k) => h('td', { class: 'num' }, cnt(r.counts[String(k)]))),
    h('td', { class: 'num strong' }, cnt(r.total)),
    h('td', { class: 'num' }, fmtRate(r.rate_per_1000)),
    h(
      'td',
      { class: `num ${trend}`, title: r.change_pct != null ? `${r.change_pct > 0 ? '+' : ''}${r.change_pct}%` : '' },
      signed(r.change),
    ),
    h('td', { class: 'num' }, small ? yesNo(r.safe) : frac(r.safe_communes, r.communes)),
    h('td', { class: 'num' }, small ? yesNo(r.forum_held) : frac(r.forums_held_communes, r.communes)),
  )
}

function totalRow(d: Report): HTMLElement {
  return h(
    'tr',
    { class: 'total' },
    h('td', {}, t('pol.r.total')),
    ...CRITERION_IDS.map((k) => h('td', { class: 'num' }, cnt(d.total.counts[String(k)]))),
    h('td', { class: 'num strong' }, cnt(d.total.total)),
    h('td', { class: 'num' }, fmtRate(d.total.rate_per_1000)),
    h('td', { class: 'num' }, signed(d.total.change)),
    h('td', { class: 'num' }, frac(d.total.safe_communes, d.total.communes)),
    h('td', { class: 'num' }, frac(d.total.forums_held_communes, d.total.communes)),
  )
}

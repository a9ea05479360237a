import type { RankingResponse, RankingRow } from '../../../common/api/policy.ts'
import { fmtInt, fmtRate, placeName, t } from '../../i18n/index.ts'
import { h } from '../dom.ts'
import { api, type PolicyCtx, type Tab } from './common.ts'
import { empty, methodNote, methodText, stateNodes, syntheticNote, table } from './format.ts'
import { loader } from './loader.ts'
import { type ApiPeriod, apiLabel, periodQuery } from './period.ts'
import { parts } from './view.ts'

type Row = RankingRow
type Ranking = RankingResponse

/** Outstanding communes: the most improved communes of each province (rates smoothed), with a CSV download. */
export function createRankingTab(ctx: PolicyCtx): Tab {
  const query = () => {
    const a = ctx.area()
    return `${periodQuery(ctx.period())}${a ? `&area=${a.slice(0, 2)}` : ''}&top=3`
  }
  const data = loader(ctx, (signal) => api<Ranking>(`/api/ranking?${query()}`, signal))
  const p = parts()
  // Every ranked commune, not only the outstanding ones: a checkbox built once (it keeps its focus).
  const all = h('input', { type: 'checkbox', name: 'ranking-all', onchange: () => ctx.rerender() })
  const allBox = h(
    'label',
    { class: 'check' },
    all,
    p.text(() => t('pol.k.all', { n: fmtInt(data.data?.rows.length ?? 0) })),
  )
  p.effect(() => {
    allBox.hidden = !data.data
  })
  const el = h(
    'div',
    {},
    p.region('div', {}, () => [syntheticNote(ctx), ...stateNodes(data)]),
    p.region('div', { class: 'downloads' }, () => [
      h('span', { class: 'muted' }, t('pol.r.download')),
      h('a', { href: `/api/ranking?${query()}&format=csv`, download: '', class: 'dl-csv' }, 'CSV'),
    ]),
    p.region('div', {}, () =>
      data.data
        ? [
            h(
              'p',
              { class: 'pol-summary' },
              t('pol.k.heading', { period: apiLabel(data.data.period), previous: apiLabel(data.data.previous) }),
            ),
          ]
        : [],
    ),
    allBox,
    p.region('div', {}, () => (data.data ? ranking(ctx, data.data, all.checked) : [])),
    methodNote(p, () => (data.data?.rows.some((r) => r.outstanding || all.checked) ? methodText(data.data) : null)),
  )
  return {
    id: 'ranking',
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

/** The table, grouped by province, and a note; or a line saying there is none. */
function ranking(ctx: PolicyCtx, d: Ranking, all: boolean): Node[] {
  const shown = all ? d.rows : d.rows.filter((r) => r.outstanding)
  if (!shown.length) return [empty(t('pol.k.empty'))]
  let last = ''
  const rows: Node[] = []
  for (const r of shown) {
    if (r.province_code !== last) {
      last = r.province_code
      rows.push(h('tr', { class: 'group' }, h('td', { colspan: 5 }, placeName({ name_en: r.province_en, name_km: r.province_km }))))
    }
    rows.push(row(ctx, r))
  }
  return [
    table('ranking', [t('pol.col.rank'), t('level.commune'), t('pol.k.before'), t('pol.k.after'), t('pol.k.improvement')], rows),
    h('p', { class: 'muted small' }, t('pol.k.note', { n: fmtInt(d.rows.filter((r) => r.outstanding).length) })),
  ]
}

function row(ctx: PolicyCtx, r: Row): HTMLElement {
  const better = r.improvement != null && r.improvement < 0
  return h(
    'tr',
    { 'data-code': r.code, class: r.outstanding ? 'outstanding' : '', onclick: () => ctx.select(r.code) },
    h('td', { class: 'num', title: r.of ? `${r.rank} / ${r.of}` : '' }, String(r.rank)),
    h('td', {}, r.outstanding ? '★ ' : '', placeName(r)),
    h('td', { class: 'num' }, fmtRate(r.eb_previous_rate ?? r.previous_rate)),
    h('td', { class: 'num' }, fmtRate(r.eb_rate ?? r.rate)),
    h(
      'td',
      { class: `num strong ${better ? 'up' : ''}` },
      r.improvement == null ? '–' : r.improvement < 0 ? `−${fmtRate(-r.improvement)}` : fmtRate(r.improvement),
    ),
  )
}

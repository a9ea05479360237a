import { fmtInt, fmtRate, placeName, t } from '../../i18n/index.ts'
import { h } from '../dom.ts'
import { api, empty, loader, stateNodes, syntheticNote, table, type PolicyCtx, type Tab } from './common.ts'
import { apiLabel, periodQuery, type ApiPeriod } from './period.ts'

interface Row {
  code: string
  name_en: string
  name_km: string | null
  province_code: string
  province_en: string
  province_km: string | null
  population: number | null
  count: number | null
  previous_count: number | null
  rate: number | null
  previous_rate: number | null
  eb_rate: number | null
  eb_previous_rate: number | null
  improvement: number | null
  rank: number
  of?: number
  outstanding: boolean
}
interface Ranking {
  method: string
  period: ApiPeriod
  previous: ApiPeriod
  rows: Row[]
}

/** Outstanding communes: the most improved communes of each province (rates smoothed), with a CSV download. */
export function createRankingTab(ctx: PolicyCtx): Tab {
  const query = () => {
    const a = ctx.area()
    return `${periodQuery(ctx.period())}${a ? `&area=${a.slice(0, 2)}` : ''}&top=3`
  }
  const data = loader(ctx, (signal) => api<Ranking>(`/api/ranking?${query()}`, signal))
  let all = false // every ranked commune, not only the outstanding ones

  function body(): Node[] {
    const d = data.data
    const out: (Node | null)[] = [
      syntheticNote(ctx),
      ...stateNodes(data),
      h(
        'div',
        { class: 'downloads' },
        h('span', { class: 'muted' }, t('pol.r.download')),
        h('a', { href: `/api/ranking?${query()}&format=csv`, download: '', class: 'dl-csv' }, 'CSV'),
      ),
    ]
    if (d) {
      out.push(h('p', { class: 'pol-summary' }, t('pol.k.heading', { period: apiLabel(d.period), previous: apiLabel(d.previous) })))
      const shown = all ? d.rows : d.rows.filter((r) => r.outstanding)
      out.push(
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            name: 'ranking-all',
            checked: all,
            onchange: (e: Event) => {
              all = (e.target as HTMLInputElement).checked
              ctx.rerender()
            },
          }),
          h('span', {}, t('pol.k.all', { n: fmtInt(d.rows.length) })),
        ),
      )
      if (!shown.length) out.push(empty(t('pol.k.empty')))
      else {
        let last = ''
        const rows: Node[] = []
        for (const r of shown) {
          if (r.province_code !== last) {
            last = r.province_code
            rows.push(h('tr', { class: 'group' }, h('td', { colspan: 5 }, placeName({ name_en: r.province_en, name_km: r.province_km }))))
          }
          rows.push(
            h(
              'tr',
              { 'data-code': r.code, class: r.outstanding ? 'outstanding' : '', onclick: () => ctx.select(r.code) },
              h('td', { class: 'num', title: r.of ? `${r.rank} / ${r.of}` : '' }, String(r.rank)),
              h('td', {}, r.outstanding ? '★ ' : '', placeName(r)),
              h('td', { class: 'num' }, fmtRate(r.eb_previous_rate ?? r.previous_rate)),
              h('td', { class: 'num' }, fmtRate(r.eb_rate ?? r.rate)),
              h(
                'td',
                { class: `num strong ${r.improvement != null && r.improvement < 0 ? 'up' : ''}` },
                r.improvement == null ? '–' : r.improvement < 0 ? `−${fmtRate(-r.improvement)}` : fmtRate(r.improvement),
              ),
            ),
          )
        }
        out.push(
          table('ranking', [t('pol.col.rank'), t('level.commune'), t('pol.k.before'), t('pol.k.after'), t('pol.k.improvement')], rows),
        )
        out.push(h('p', { class: 'muted small' }, t('pol.k.note', { n: fmtInt(d.rows.filter((r) => r.outstanding).length) })))
        if (d.method)
          out.push(
            h('details', { class: 'params' }, h('summary', {}, t('pol.p.method')), h('p', { class: 'muted small pol-method' }, d.method)),
          )
      }
    }
    return out.filter(Boolean) as Node[]
  }

  return {
    id: 'ranking',
    show() {
      /* no map layer */
    },
    reload() {
      void data.load()
    },
    body,
    legend: () => null,
  }
}

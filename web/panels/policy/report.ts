import { fmtInt, fmtRate, placeName, t, type MessageKey } from '../../i18n/index.ts'
import { h } from '../dom.ts'
import { api, cnt, empty, loader, signed, stateNodes, syntheticNote, table, yesNo, type PolicyCtx, type Tab } from './common.ts'
import { apiLabel, periodQuery, type ApiPeriod } from './period.ts'

type Counts = Record<string, number | null>
interface Row {
  code: string
  name_en: string
  name_km: string | null
  population: number | null
  counts: Counts
  total: number | null
  previous_total: number | null
  rate_per_1000: number | null
  change: number | null
  change_pct: number | null
  safe: boolean | null
  safe_communes?: number | null
  communes?: number | null
  safe_villages?: number | null
  villages?: number | null
  forum_held?: boolean | null
  forums_held_communes?: number | null
}
interface Report {
  period: ApiPeriod & { previous: ApiPeriod }
  area: { code: string; name_en: string; name_km: string | null } | null
  level: string
  rows: Row[]
  total: {
    counts: Counts
    total: number | null
    previous_total: number | null
    change: number | null
    change_pct?: number | null
    population: number | null
    rate_per_1000: number | null
    safe_communes?: number | null
    communes?: number | null
    safe_villages?: number | null
    villages?: number | null
    forums_held_communes?: number | null
  }
}

/** The Ministry's periodic report: one row per area below the selection, the total, and the downloads. */
export function createReportTab(ctx: PolicyCtx): Tab {
  const query = () => {
    const a = ctx.area()
    return `${periodQuery(ctx.period())}${a ? `&area=${a.slice(0, 6)}` : ''}`
  }
  const data = loader(ctx, (signal) => api<Report>(`/api/reports?${query()}`, signal))

  function body(): Node[] {
    const d = data.data
    const out: (Node | null)[] = [syntheticNote(ctx), ...stateNodes(data)]
    const q = query()
    out.push(
      h(
        'div',
        { class: 'downloads' },
        h('span', { class: 'muted' }, t('pol.r.download')),
        h('a', { href: `/api/reports?${q}&format=csv`, download: '', class: 'dl-csv' }, 'CSV'),
        h('a', { href: `/api/reports?${q}&format=xlsx`, download: '', class: 'dl-xlsx' }, 'XLSX'),
        h('a', { href: `/api/reports?${q}&format=html`, target: '_blank', rel: 'noopener', class: 'dl-html' }, t('pol.r.printable')),
      ),
    )
    if (d) {
      out.push(
        h(
          'p',
          { class: 'pol-summary' },
          t('pol.r.heading', {
            period: apiLabel(d.period),
            previous: apiLabel(d.period.previous),
            area: d.area ? placeName(d.area) : t('user.national'),
          }),
        ),
      )
      const small = d.level === 'commune' || d.level === 'village'
      const frac = (a: number | null | undefined, b: number | null | undefined) =>
        a == null || b == null ? '–' : `${fmtInt(a)}/${fmtInt(b)}`
      if (!d.rows.length) out.push(empty(t('pol.r.empty')))
      else
        out.push(
          table(
            'report',
            [
              t('pol.col.name'),
              ...[1, 2, 3, 4, 5].map((k) => h('span', { title: t(`criterion.${k}` as MessageKey) }, String(k))),
              t('pol.col.total'),
              h('span', { title: t('details.rate') }, t('pol.col.rate')),
              t('pol.col.change'),
              h('span', { title: small ? '' : t('pol.col.safeCommunesLong') }, t('pol.col.safe')),
              h('span', { title: small ? t('pol.col.forumLong') : t('pol.col.forumCommunesLong') }, t('pol.col.forum')),
            ],
            d.rows.map((r) =>
              h(
                'tr',
                { 'data-code': r.code },
                h('td', {}, placeName(r)),
                ...[1, 2, 3, 4, 5].map((k) => h('td', { class: 'num' }, cnt(r.counts[String(k)]))),
                h('td', { class: 'num strong' }, cnt(r.total)),
                h('td', { class: 'num' }, fmtRate(r.rate_per_1000)),
                h(
                  'td',
                  {
                    class: `num ${r.change != null && r.change > 0 ? 'up' : r.change != null && r.change < 0 ? 'down' : ''}`,
                    title: r.change_pct != null ? `${r.change_pct > 0 ? '+' : ''}${r.change_pct}%` : '',
                  },
                  signed(r.change),
                ),
                h('td', { class: 'num' }, small ? yesNo(r.safe) : frac(r.safe_communes, r.communes)),
                h('td', { class: 'num' }, small ? yesNo(r.forum_held) : frac(r.forums_held_communes, r.communes)),
              ),
            ),
            h(
              'tr',
              { class: 'total' },
              h('td', {}, t('pol.r.total')),
              ...[1, 2, 3, 4, 5].map((k) => h('td', { class: 'num' }, cnt(d.total.counts[String(k)]))),
              h('td', { class: 'num strong' }, cnt(d.total.total)),
              h('td', { class: 'num' }, fmtRate(d.total.rate_per_1000)),
              h('td', { class: 'num' }, signed(d.total.change)),
              h('td', { class: 'num' }, frac(d.total.safe_communes, d.total.communes)),
              h('td', { class: 'num' }, frac(d.total.forums_held_communes, d.total.communes)),
            ),
            'report',
          ),
        )
      out.push(h('p', { class: 'muted small' }, t('pol.r.note')))
    }
    return out.filter(Boolean) as Node[]
  }

  return {
    id: 'report',
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

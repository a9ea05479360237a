import { fmtInt, placeName, t, type MessageKey } from '../../i18n/index.ts'
import { addMonths } from './period.ts'
import { failedMask, PASS_COLOR, SAFE_RING, safetyIconUrl, setSafety, showSafety, type SafetyRow } from '../../layers/safety.ts'
import { h } from '../dom.ts'
import { esc } from '../tooltip.ts'
import { isProtected, protectedBadgeHtml, protectedNoteHtml } from '../protected.ts'
import { lineChart } from './chart.ts'
import {
  api,
  areaParam,
  cnt,
  empty,
  loader,
  pct,
  stateNodes,
  syntheticNote,
  table,
  unitsOf,
  yesNo,
  type PolicyCtx,
  type Tab,
} from './common.ts'
import { apiLabel, periodQuery, periodRange, type ApiPeriod } from './period.ts'

interface Row extends SafetyRow {
  parent_code: string | null
  population: number | null
}
interface Safety {
  period: ApiPeriod
  level: string
  thresholds: number[]
  rows: Row[]
  summary: { areas: number; safe: number; share: number }
}
interface Trend {
  level: string
  periods: ApiPeriod[]
  groups: { code: string; name_en: string; name_km: string | null; areas: number; safe: number[]; share: number[] }[]
  total: { areas: number; safe: number[]; share: number[] }
}

const TOTAL_COLOR = '#1565c0',
  HIGHLIGHT = '#e6550d',
  OTHER = '#b8c2cc'

/** Safe status of each commune (or village of a commune) for the period: map markers, a table, and the trend of the share safe. */
export function createSafetyTab(ctx: PolicyCtx): Tab {
  const colors = [1, 2, 3, 4, 5].map((k) => ctx.meta.criteria.find((c) => c.id === k)?.color ?? '#888')
  let on = false
  let highlight: string | null = null
  const data = loader(
    ctx,
    (signal) => {
      const u = unitsOf(ctx.area())
      return api<Safety>(`/api/safety?${periodQuery(ctx.period())}&level=${u.level}${areaParam(u.area)}`, signal)
    },
    (d) => setSafety(ctx.map, d?.rows ?? []),
  )
  const trend = loader(ctx, (signal) => {
    // Groups: provinces nationally, districts of a province, communes of a district (villages counted).
    const a = ctx.area()
    const q = a && a.length >= 4 ? `level=village&area=${a.slice(0, 4)}` : `level=commune${areaParam(a)}`
    const tr = ctx.meta.time_range
    const to = tr.to ?? periodRange(ctx.period()).to
    const from = tr.from ?? addMonths(to, -24)
    return api<Trend>(
      `/api/safety/trend?period=${ctx.period().type === 'month' ? 'quarter' : ctx.period().type}&from=${from}&to=${to}&${q}`,
      signal,
    )
  })

  // Tooltip over a marker: the name, safe or not, and the count of each criterion.
  ctx.map.on('mousemove', 'safety-symbol', (e) => {
    const p = e.features?.[0]?.properties as any
    if (!p) return
    const counts = [1, 2, 3, 4, 5]
      .map((k) => {
        const v = p[`c${k}`]
        return `${k}: ${v == null || v === 'null' ? '–' : fmtInt(Number(v))}`
      })
      .join(' · ')
    const prot = isProtected(ctx.user)
    ctx.tip.show(
      e.point.x,
      e.point.y,
      `<strong>${esc(placeName(p))}</strong>${prot ? protectedBadgeHtml() : ''}<br>${esc(t(p.safe === true || p.safe === 'true' ? 'pol.s.safe' : 'pol.s.notSafe'))}<br>${esc(counts)}` +
        (prot ? protectedNoteHtml(ctx.user.privacy.k) : ''),
    )
  })
  ctx.map.on('mouseleave', 'safety-symbol', () => ctx.tip.hide())

  function body(): Node[] {
    const d = data.data
    const levelKey: MessageKey = unitsOf(ctx.area()).level === 'village' ? 'pol.s.villages' : 'pol.s.communes'
    const out: (Node | null)[] = [syntheticNote(ctx), ...stateNodes(data)]
    if (d) {
      out.push(
        h(
          'p',
          { class: 'pol-summary' },
          t('pol.s.summary', {
            safe: fmtInt(d.summary.safe),
            areas: fmtInt(d.summary.areas),
            level: t(levelKey),
            share: pct(d.summary.share, 1),
            period: apiLabel(d.period),
          }),
        ),
      )
      const missing = d.rows.filter((r) => r.lon == null || r.lat == null).length
      if (missing) out.push(h('p', { class: 'muted small' }, t('pol.s.noPoint', { n: fmtInt(missing) })))
      if (!d.rows.length) out.push(empty(t('pol.s.empty')))
      else
        out.push(
          table(
            'safety',
            [
              t('pol.col.code'),
              t('pol.col.name'),
              ...[1, 2, 3, 4, 5].map((k) =>
                h(
                  'span',
                  { title: t(`criterion.${k}` as MessageKey), class: 'crit-head' },
                  h('span', { class: 'dot', style: { background: colors[k - 1] } }),
                  String(k),
                ),
              ),
              t('pol.col.safe'),
            ],
            d.rows.map((r) =>
              h(
                'tr',
                { 'data-code': r.code, class: r.safe ? 'safe' : '', onclick: () => ctx.select(r.code, r.lon, r.lat) },
                h('td', { class: 'code' }, r.code),
                h('td', {}, placeName(r)),
                ...[1, 2, 3, 4, 5].map((k) =>
                  h('td', { class: `num ${r.pass[String(k)] ? 'pass' : 'fail'}` }, r.pass[String(k)] ? '✓' : cnt(r.counts[String(k)])),
                ),
                h('td', { class: 'num' }, yesNo(r.safe)),
              ),
            ),
          ),
        )
    }
    out.push(h('h3', {}, t('pol.s.trend', { level: t(levelKey) })), ...stateNodes(trend))
    const tr = trend.data
    if (tr?.periods.length) {
      const groups = tr.groups
      if (highlight && !groups.some((g) => g.code === highlight)) highlight = null
      const series = [
        ...groups
          .filter((g) => g.code !== highlight)
          .map((g) => ({ name: placeName(g), color: OTHER, values: g.share.map((v) => v * 100), width: 1, dots: false })),
        ...groups
          .filter((g) => g.code === highlight)
          .map((g) => ({ name: placeName(g), color: HIGHLIGHT, values: g.share.map((v) => v * 100), width: 2.2 })),
        { name: t('pol.s.total'), color: TOTAL_COLOR, values: tr.total.share.map((v) => v * 100), width: 2.8 },
      ]
      out.push(
        h(
          'div',
          { class: 'chart-box safety-trend' },
          lineChart({
            labels: tr.periods.map(apiLabel),
            series,
            yMin: 0,
            yMax: Math.min(100, Math.max(10, ...series.flatMap((x) => x.values))),
            yFormat: (v) => `${v}%`,
            title: t('pol.s.trend', { level: t(levelKey) }),
          }),
        ),
        h(
          'ul',
          { class: 'classes inline chart-key' },
          h('li', {}, h('span', { class: 'swatch line', style: { background: TOTAL_COLOR } }), t('pol.s.total')),
          h('li', {}, h('span', { class: 'swatch line', style: { background: OTHER } }), t('pol.s.groups')),
          highlight
            ? h(
                'li',
                {},
                h('span', { class: 'swatch line', style: { background: HIGHLIGHT } }),
                placeName(groups.find((g) => g.code === highlight)!),
              )
            : null,
        ),
        groups.length
          ? h(
              'label',
              { class: 'field' },
              h('span', {}, t('pol.s.highlight')),
              h(
                'select',
                {
                  name: 'trend-highlight',
                  onchange: (e: Event) => {
                    highlight = (e.target as HTMLSelectElement).value || null
                    ctx.rerender()
                  },
                },
                h('option', { value: '' }, '—'),
                ...groups.map((g) =>
                  h('option', { value: g.code, selected: g.code === highlight }, `${placeName(g)} (${fmtInt(g.areas)})`),
                ),
              ),
            )
          : null,
      )
    } else if (tr) out.push(empty(t('pol.s.noTrend')))
    return out.filter(Boolean) as Node[]
  }

  function legend(): Node[] {
    const img = (mask: number) => h('img', { src: safetyIconUrl(mask, colors), width: 22, height: 22, alt: '' })
    const d = data.data
    const n = (mask: number) => (d ? d.rows.filter((r) => failedMask(r.pass) === mask).length : 0)
    return [
      h('h2', {}, t('pol.s.legendTitle')),
      h(
        'ul',
        { class: 'classes safety-legend' },
        h('li', {}, img(0), h('span', {}, `${t('pol.s.legendSafe')}${d ? ` (${fmtInt(n(0))})` : ''}`)),
        ...[1, 2, 3, 4, 5].map((k) => h('li', {}, img(1 << (k - 1)), h('span', {}, `${k}. ${t(`criterion.${k}` as MessageKey)}`))),
      ),
      h(
        'p',
        { class: 'muted small' },
        h('span', { class: 'swatch', style: { background: PASS_COLOR, display: 'inline-block', verticalAlign: 'middle' } }),
        ' ',
        t('pol.s.legendSegments'),
      ),
      h('p', { class: 'muted small', style: { color: SAFE_RING } }, t('pol.s.legendRing')),
      ctx.meta.synthetic ? h('p', { class: 'synthetic-note' }, t('app.synthetic')) : null,
    ].filter(Boolean) as Node[]
  }

  return {
    id: 'safety',
    show(v) {
      on = v
      showSafety(ctx.map, v)
    },
    reload() {
      void data.load()
      void trend.load()
    },
    body,
    legend: () => (on ? legend() : null),
  }
}

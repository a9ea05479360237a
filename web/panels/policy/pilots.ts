import { bbox, multiPoint } from '@turf/turf'
import { fmtInt, fmtRate, getLang, monthLabel, placeName, t } from '../../i18n/index.ts'
import { HIGHLIGHT_COLOR, PLAN_COLOR, SCORE_BREAKS, SCORE_COLORS, setPilotData, showPilots, starUrl } from '../../layers/pilots.ts'
import { h } from '../dom.ts'
import { esc } from '../tooltip.ts'
import { lineChart } from './chart.ts'
import { api, empty, loader, send, stateNodes, syntheticNote, table, today, type PolicyCtx, type Tab } from './common.ts'
import { addMonths, periodRange } from './period.ts'

const TERMS = ['rate', 'trend', 'hotspot', 'population', 'distance', 'safe'] as const
type Term = (typeof TERMS)[number]
type Weights = Record<Term, number>
interface Row {
  rank: number
  code: string
  name_en: string
  name_km: string | null
  parent_code: string | null
  lon: number | null
  lat: number | null
  population: number | null
  population_estimated: boolean
  count: number | null
  rate_per_1000: number | null
  trend_z: number | null
  trend_p: number | null
  hotspot_z: number | null
  hotspot: boolean
  distance_post_m: number | null
  safe: boolean
  terms: Record<Term, number>
  score: number
}
interface Scores {
  level: string
  from: string
  to: string
  weights: Weights
  method?: string
  terms?: { key: Term; label_en: string; label_km: string; description: string }[]
  rows: Row[]
}
interface Area {
  code: string
  name_en: string
  name_km: string | null
  lon: number | null
  lat: number | null
}
interface Plan {
  id: number
  name: string
  level: 'village' | 'commune'
  start_date: string
  rationale: string
  author: string
  areas: Area[]
  synthetic: boolean
  created_at: string
  updated_at: string
}
interface Evaluation {
  plan: { id: number; name: string; start_date: string }
  pre: { from: string; to: string; months: number }
  post: { from: string; to: string; months: number }
  method: string
  n_pilots: number
  n_controls: number
  estimate: { did: number; se: number; ci_low: number; ci_high: number; level: number; p: number | null; relative: number | null }
  series: { month: string; pilots: number | null; controls: number | null }[]
}

const LIMIT = 300
const CONTROL_COLOR = '#5f6b76'
const num = (v: number | null | undefined, d = 2) => (v == null || !Number.isFinite(v) ? '–' : v.toFixed(d))
const minus = (s: string) => s.replace(/^-/, '−')

/**
 * Pilot areas: candidates ranked by a weighted score (weights editable), linked to the map both ways; chosen pilots
 * saved as a plan; saved plans opened on the map, edited, deleted, and evaluated (difference in differences).
 */
export function createPilotsTab(ctx: PolicyCtx): Tab {
  const { map } = ctx
  let on = false
  let level: 'commune' | 'village' | null = null // null: from the selection
  let weights: Weights | null = null
  const chosen = new globalThis.Map<string, Area>()
  let marked: string | null = null
  let openPlan: Plan | null = null // shown on the map as stars
  let editing: Plan | null = null // the form saves changes to it
  const form = { name: '', start_date: '', rationale: '' }
  let saving = false,
    saveMsg: string | null = null,
    saveError: string | null = null,
    confirmDelete: number | null = null
  const canPlan = ctx.user.role !== 'viewer'

  const areaOf = () => {
    const a = ctx.area()
    return a ? a.slice(0, 6) : null
  }
  const levelOf = () => level ?? ((areaOf()?.length ?? 0) >= 4 ? 'village' : 'commune')
  // Scores use the 12 months up to the end of the period; a viewer's, the calendar year of the period (the server
  // publishes viewers' figures for calendar periods only).
  const span = () => {
    if (ctx.user.privacy.k > 0) return periodRange({ type: 'year', year: ctx.period().year, index: null })
    const to = periodRange(ctx.period()).to
    return { from: nextDay(addMonths(to, -12)), to }
  }
  let lastArea: string | null | undefined

  const scores = loader(
    ctx,
    (signal) => {
      const a = areaOf(),
        w = span()
      const ws = weights ? TERMS.map((k) => `&w_${k}=${weights![k]}`).join('') : ''
      return api<Scores>(
        `/api/pilots/scores?level=${levelOf()}${a ? `&area=${a}` : ''}&from=${w.from}&to=${w.to}${ws}&limit=${LIMIT}`,
        signal,
      )
    },
    (d) => {
      if (d && !weights) weights = { ...d.weights }
      setPilotData(map, { scores: d?.rows ?? [] })
      drawHighlight()
    },
  )
  const plans = loader(ctx, (signal) => api<Plan[]>('/api/pilots/plans', signal))
  let evalFor: Plan | null = null
  const evaluation = loader(ctx, (signal) =>
    api<Evaluation>(`/api/pilots/plans/${evalFor!.id}/evaluation?controls=3&pre_months=12`, signal),
  )

  const rowOf = (code: string | null) => (code ? (scores.data?.rows.find((r) => r.code === code) ?? null) : null)
  function drawChosen() {
    setPilotData(map, { chosen: [...chosen.values()] })
  }
  function drawHighlight(code = marked) {
    const r = rowOf(code)
    setPilotData(map, { highlight: r ? [r] : [] })
  }
  function drawPlan() {
    setPilotData(map, { plan: openPlan?.areas ?? [] })
  }

  function toggle(a: Area) {
    if (chosen.has(a.code)) chosen.delete(a.code)
    else chosen.set(a.code, { code: a.code, name_en: a.name_en, name_km: a.name_km, lon: a.lon, lat: a.lat })
    saveMsg = null
    drawChosen()
  }

  // The map: hovering a candidate says its rank and score; clicking one marks its row and chooses or drops it.
  map.on('mousemove', 'pilot-score-circle', (e) => {
    const p = e.features?.[0]?.properties as any
    if (!p) return
    map.getCanvas().style.cursor = 'pointer'
    ctx.tip.show(
      e.point.x,
      e.point.y,
      `<strong>${esc(placeName(p))}</strong><br>${esc(t('pol.p.tip', { rank: p.rank, score: num(Number(p.score)) }))}<br>${esc(chosen.has(p.code) ? t('pol.p.tipChosen') : t('pol.p.tipChoose'))}`,
    )
  })
  map.on('mouseleave', 'pilot-score-circle', () => {
    ctx.tip.hide()
    map.getCanvas().style.cursor = ''
  })
  map.on('click', 'pilot-score-circle', (e) => {
    const code = String(e.features?.[0]?.properties?.code ?? '')
    const r = rowOf(code)
    if (!r) return
    marked = code
    if (canPlan) toggle(r)
    drawHighlight()
    ctx.rerender()
    queueMicrotask(() => {
      const tr = document.querySelector<HTMLElement>(`#policy tr[data-code="${code}"]`)
      tr?.scrollIntoView({ block: 'nearest' })
    })
  })

  async function savePlan() {
    saving = true
    saveMsg = null
    saveError = null
    ctx.rerender()
    try {
      const body = { name: form.name.trim(), start_date: form.start_date, rationale: form.rationale.trim(), areas: [...chosen.keys()] }
      const p = editing
        ? await send<Plan>('PATCH', `/api/pilots/plans/${editing.id}`, body)
        : await send<Plan>('POST', '/api/pilots/plans', { ...body, level: levelOf() })
      editing = p
      openPlan = p
      drawPlan()
      saveMsg = t('pol.p.saved', { name: p.name })
      await plans.load()
    } catch (e) {
      saveError = (e as Error).message
    }
    saving = false
    ctx.rerender()
  }

  function open(p: Plan, edit: boolean) {
    openPlan = p
    drawPlan()
    if (edit) {
      editing = p
      form.name = p.name
      form.start_date = p.start_date
      form.rationale = p.rationale
      chosen.clear()
      for (const a of p.areas) chosen.set(a.code, a)
      drawChosen()
      saveMsg = null
      saveError = null
    }
    const pts = p.areas.filter((a) => a.lon != null && a.lat != null)
    if (pts.length) {
      const [x0, y0, x1, y1] = bbox(multiPoint(pts.map((a) => [a.lon!, a.lat!])))
      map.fitBounds([x0 - 0.05, y0 - 0.05, x1 + 0.05, y1 + 0.05], { padding: 60, maxZoom: 12 })
    }
    ctx.rerender()
  }

  function newPlan() {
    editing = null
    form.name = ''
    form.rationale = ''
    form.start_date = ''
    chosen.clear()
    drawChosen()
    saveMsg = null
    saveError = null
    ctx.rerender()
  }

  async function remove(p: Plan) {
    try {
      await send('DELETE', `/api/pilots/plans/${p.id}`)
      if (openPlan?.id === p.id) {
        openPlan = null
        drawPlan()
      }
      if (editing?.id === p.id) editing = null
      if (evalFor?.id === p.id) {
        evalFor = null
        evaluation.abort()
        evaluation.data = null
      }
      confirmDelete = null
      await plans.load()
    } catch (e) {
      saveError = (e as Error).message
      ctx.rerender()
    }
  }

  function evaluate(p: Plan) {
    evalFor = p
    evaluation.data = null
    void evaluation.load()
  }

  function weightsForm(d: Scores): Node {
    const w = weights ?? d.weights
    const label = (k: Term) => {
      const term = d.terms?.find((x) => x.key === k)
      return term ? (getLang() === 'km' ? term.label_km : term.label_en) : t(`pol.w.${k}`)
    }
    return h(
      'details',
      { class: 'weights', open: true },
      h('summary', {}, t('pol.p.weights')),
      h(
        'div',
        { class: 'weight-grid' },
        ...TERMS.map((k) =>
          h(
            'label',
            { title: d.terms?.find((x) => x.key === k)?.description ?? '' },
            h('span', {}, label(k)),
            h('input', {
              type: 'number',
              name: `w-${k}`,
              min: 0,
              max: 10,
              step: 0.1,
              value: String(w[k] ?? 0),
              onchange: (e: Event) => {
                const v = Number((e.target as HTMLInputElement).value)
                weights = { ...w, [k]: Number.isFinite(v) && v >= 0 ? v : 0 }
                void scores.load()
              },
            }),
          ),
        ),
      ),
    )
  }

  function scoreTable(d: Scores): Node {
    if (!d.rows.length) return empty(t('pol.p.empty'))
    return table(
      'pilots',
      [
        canPlan ? t('pol.p.pilot') : '',
        t('pol.col.rank'),
        t('pol.col.name'),
        t('pol.col.score'),
        t('pol.col.rate'),
        t('pol.p.hot'),
        t('pol.p.post'),
      ],
      d.rows.map((r) =>
        h(
          'tr',
          {
            'data-code': r.code,
            class: `${r.code === marked ? 'marked' : ''}${chosen.has(r.code) ? ' chosen' : ''}`,
            title: TERMS.map((k) => `${t(`pol.w.${k}`)}: ${num(r.terms[k])}`).join('\n'),
            onmouseenter: () => drawHighlight(r.code),
            onmouseleave: () => drawHighlight(),
            onclick: (e: Event) => {
              if ((e.target as HTMLElement).tagName === 'INPUT') return
              marked = r.code
              drawHighlight()
              if (r.lon != null && r.lat != null && !map.getBounds().contains([r.lon, r.lat])) map.easeTo({ center: [r.lon, r.lat] })
              ctx.rerender()
            },
          },
          h(
            'td',
            {},
            canPlan
              ? h('input', {
                  type: 'checkbox',
                  name: 'pilot',
                  value: r.code,
                  checked: chosen.has(r.code),
                  'aria-label': placeName(r),
                  onchange: () => {
                    toggle(r)
                    ctx.rerender()
                  },
                })
              : '',
          ),
          h('td', { class: 'num' }, String(r.rank)),
          h('td', {}, placeName(r), r.safe ? h('span', { class: 'muted small' }, ` (${t('pol.s.safe')})`) : ''),
          h('td', { class: 'num strong' }, num(r.score)),
          h('td', { class: 'num' }, fmtRate(r.rate_per_1000)),
          h('td', { class: 'num' }, r.hotspot ? '●' : ''),
          h('td', { class: 'num' }, r.distance_post_m == null ? '–' : (r.distance_post_m / 1000).toFixed(1)),
        ),
      ),
    )
  }

  function planForm(): Node {
    if (!form.start_date) form.start_date = addMonths(`${today().slice(0, 8)}01`, 1)
    const input = (name: 'name' | 'start_date', attrs: Record<string, unknown>) =>
      h('input', {
        name: `plan-${name}`,
        value: form[name],
        ...attrs,
        oninput: (e: Event) => {
          form[name] = (e.target as HTMLInputElement).value
        },
      })
    return h(
      'form',
      {
        class: 'planner plan-form',
        onsubmit: (e: Event) => {
          e.preventDefault()
          if (chosen.size) void savePlan()
        },
      },
      h('h3', {}, editing ? t('pol.p.editing', { name: editing.name }) : t('pol.p.newPlan')),
      h(
        'p',
        { class: 'muted small chosen-count' },
        t('pol.p.chosen', { n: fmtInt(chosen.size) }),
        ' ',
        chosen.size
          ? h(
              'button',
              {
                type: 'button',
                class: 'link',
                onclick: () => {
                  chosen.clear()
                  drawChosen()
                  ctx.rerender()
                },
              },
              t('pol.p.clear'),
            )
          : null,
      ),
      chosen.size
        ? h('p', { class: 'small chosen-names' }, [...chosen.values()].map((a) => placeName(a)).join(', '))
        : h('p', { class: 'muted small' }, t('pol.p.needAreas')),
      h('label', { class: 'field' }, h('span', {}, t('pol.p.name')), input('name', { required: true, maxlength: 200 })),
      h('label', { class: 'field' }, h('span', {}, t('pol.p.start')), input('start_date', { type: 'date', required: true })),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('pol.p.rationale')),
        h(
          'textarea',
          {
            name: 'plan-rationale',
            rows: 2,
            oninput: (e: Event) => {
              form.rationale = (e.target as HTMLTextAreaElement).value
            },
          },
          form.rationale,
        ),
      ),
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          { type: 'submit', class: 'primary save-plan', disabled: saving || !chosen.size },
          editing ? t('pol.p.update') : t('pol.p.save'),
        ),
        editing ? h('button', { type: 'button', class: 'link', onclick: newPlan }, t('pol.p.new')) : null,
      ),
      saveMsg ? h('p', { class: 'ok small plan-saved' }, saveMsg) : null,
      saveError ? h('p', { class: 'login-error' }, saveError) : null,
    )
  }

  function planList(): Node[] {
    const list = plans.data
    const out: Node[] = [h('h3', {}, t('pol.p.plans')), ...stateNodes(plans)]
    if (!list) return out
    if (!list.length) {
      out.push(empty(t('pol.p.noPlans')))
      return out
    }
    out.push(
      h(
        'ul',
        { class: 'plans' },
        ...list.map((p) => {
          const started = p.start_date <= today()
          return h(
            'li',
            { 'data-plan': String(p.id), class: openPlan?.id === p.id ? 'open' : '' },
            h('div', {}, h('strong', {}, p.name), p.synthetic ? h('span', { class: 'badge synthetic small' }, t('app.synthetic')) : null),
            h('div', { class: 'muted small' }, t('pol.p.planMeta', { n: fmtInt(p.areas.length), date: p.start_date, author: p.author })),
            p.rationale ? h('div', { class: 'small rationale' }, p.rationale) : null,
            h(
              'div',
              { class: 'row plan-actions' },
              h('button', { type: 'button', class: 'link open-plan', onclick: () => open(p, false) }, t('pol.p.open')),
              canPlan ? h('button', { type: 'button', class: 'link edit-plan', onclick: () => open(p, true) }, t('pol.p.edit')) : null,
              started
                ? h('button', { type: 'button', class: 'link evaluate-plan', onclick: () => evaluate(p) }, t('pol.p.evaluate'))
                : h('span', { class: 'muted small' }, t('pol.p.notStarted')),
              canPlan
                ? confirmDelete === p.id
                  ? h(
                      'button',
                      { type: 'button', class: 'link danger confirm-delete', onclick: () => void remove(p) },
                      t('pol.p.confirmDelete'),
                    )
                  : h(
                      'button',
                      {
                        type: 'button',
                        class: 'link danger delete-plan',
                        onclick: () => {
                          confirmDelete = p.id
                          ctx.rerender()
                        },
                      },
                      t('pol.p.delete'),
                    )
                : null,
            ),
          )
        }),
      ),
    )
    return out
  }

  function evaluationView(): Node[] {
    if (!evalFor) return []
    const out: Node[] = [h('h3', {}, t('pol.e.title', { name: evalFor.name })), ...stateNodes(evaluation)]
    const e = evaluation.data
    if (!e) return out
    const est = e.estimate
    out.push(
      h(
        'div',
        { class: 'evaluation' },
        h(
          'dl',
          { class: 'figures' },
          h('dt', {}, t('pol.e.did')),
          h('dd', { class: 'did' }, minus(num(est.did, 3))),
          h('dt', {}, t('pol.e.ci', { level: String(Math.round((est.level ?? 0.95) * 100)) })),
          h('dd', { class: 'ci' }, `${minus(num(est.ci_low, 3))} … ${minus(num(est.ci_high, 3))}`),
          h('dt', {}, 'p'),
          h('dd', {}, est.p == null ? '–' : est.p < 0.001 ? '< 0.001' : est.p.toFixed(3)),
          est.relative != null ? h('dt', {}, t('pol.e.relative')) : null,
          est.relative != null ? h('dd', {}, minus(`${(100 * est.relative).toFixed(0)}%`)) : null,
          h('dt', {}, t('pol.e.units')),
          h('dd', { class: 'n' }, t('pol.e.n', { p: fmtInt(e.n_pilots), c: fmtInt(e.n_controls) })),
          h('dt', {}, t('pol.e.windows')),
          h('dd', { class: 'small' }, `${e.pre.from} – ${e.pre.to} / ${e.post.from} – ${e.post.to}`),
        ),
        h('p', { class: 'muted small' }, t(est.ci_high < 0 ? 'pol.e.readDown' : est.ci_low > 0 ? 'pol.e.readUp' : 'pol.e.readNone')),
        e.series.length
          ? h(
              'div',
              { class: 'chart-box evaluation-chart' },
              lineChart({
                labels: e.series.map((s) => monthLabel(s.month)),
                title: t('pol.e.chart'),
                series: [
                  { name: t('pol.e.controls'), color: CONTROL_COLOR, values: e.series.map((s) => s.controls), dash: '4 3' },
                  { name: t('pol.e.pilots'), color: PLAN_COLOR, values: e.series.map((s) => s.pilots), width: 2.2 },
                ],
                yMin: 0,
                yFormat: (v) => fmtRate(v),
                marker: markerAt(
                  e.series.map((s) => s.month),
                  e.plan.start_date,
                ),
              }),
            )
          : empty(t('pol.e.noSeries')),
        h(
          'ul',
          { class: 'classes inline chart-key' },
          h('li', {}, h('span', { class: 'swatch line', style: { background: PLAN_COLOR } }), t('pol.e.pilots')),
          h('li', {}, h('span', { class: 'swatch line dashed', style: { background: CONTROL_COLOR } }), t('pol.e.controls')),
          h('li', { class: 'muted' }, t('pol.e.chart')),
        ),
        e.method ? h('p', { class: 'muted small pol-method' }, e.method) : null,
      ),
    )
    return out
  }

  function body(): Node[] {
    const d = scores.data
    const w = span()
    const out: (Node | null)[] = [
      syntheticNote(ctx),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('pol.p.level')),
        h(
          'select',
          {
            name: 'pilot-level',
            onchange: (e: Event) => {
              level = (e.target as HTMLSelectElement).value as 'commune' | 'village'
              void scores.load()
            },
          },
          ...(['commune', 'village'] as const).map((l) => h('option', { value: l, selected: levelOf() === l }, t(`level.${l}`))),
        ),
      ),
      h('p', { class: 'muted small' }, t('pol.p.window', { from: w.from, to: w.to })),
      ...stateNodes(scores),
    ]
    if (d) {
      out.push(weightsForm(d))
      if (canPlan) out.push(h('p', { class: 'hint small' }, t('pol.p.clickHint')))
      out.push(scoreTable(d))
      if (d.rows.length >= LIMIT) out.push(h('p', { class: 'muted small' }, t('pol.p.limited', { n: fmtInt(LIMIT) })))
      if (d.method)
        out.push(
          h('details', { class: 'params' }, h('summary', {}, t('pol.p.method')), h('p', { class: 'muted small pol-method' }, d.method)),
        )
    }
    if (canPlan) out.push(planForm())
    out.push(...planList(), ...evaluationView())
    return out.filter(Boolean) as Node[]
  }

  function legend(): Node[] {
    const labels = SCORE_COLORS.map((_, i) =>
      i === 0 ? `< ${SCORE_BREAKS[0]}` : i < SCORE_BREAKS.length ? `${SCORE_BREAKS[i - 1]}–${SCORE_BREAKS[i]}` : `≥ ${SCORE_BREAKS[i - 1]}`,
    )
    return [
      h('h2', {}, t('pol.p.legendTitle')),
      h('p', { class: 'muted small' }, t('pol.p.legendScore')),
      h(
        'ul',
        { class: 'classes inline' },
        ...SCORE_COLORS.map((c, i) =>
          h('li', {}, h('span', { class: 'swatch round', style: { background: c, border: '1px solid #5a3000' } }), labels[i]),
        ),
      ),
      h(
        'ul',
        { class: 'classes' },
        h('li', {}, h('span', { class: 'swatch round ring', style: { borderColor: PLAN_COLOR } }), h('span', {}, t('pol.p.legendChosen'))),
        h('li', {}, h('img', { src: starUrl(), width: 16, height: 16, alt: '' }), h('span', {}, t('pol.p.legendPlan'))),
        h(
          'li',
          {},
          h('span', { class: 'swatch round ring', style: { borderColor: HIGHLIGHT_COLOR } }),
          h('span', {}, t('pol.p.legendHighlight')),
        ),
      ),
      ctx.meta.synthetic ? h('p', { class: 'synthetic-note' }, t('app.synthetic')) : null,
    ].filter(Boolean) as Node[]
  }

  return {
    id: 'pilots',
    show(v) {
      on = v
      showPilots(map, v)
      if (v && !plans.loaded) void plans.load()
    },
    reload() {
      if (areaOf() !== lastArea) {
        lastArea = areaOf()
        level = null
      }
      void scores.load()
      if (!plans.loaded) void plans.load()
    },
    body,
    legend: () => (on ? legend() : null),
  }
}

function nextDay(d: string): string {
  const x = new Date(`${d}T00:00:00Z`)
  x.setUTCDate(x.getUTCDate() + 1)
  return x.toISOString().slice(0, 10)
}

/** The vertical line between the last month before the start and the start month. */
function markerAt(months: string[], start: string): { at: number; label: string } | undefined {
  const i = months.indexOf(start.slice(0, 7))
  if (i < 0) return undefined
  const day = Number(start.slice(8, 10))
  return { at: Math.max(0, i - 0.5 + (day - 1) / 31), label: t('pol.e.start', { date: start }) }
}

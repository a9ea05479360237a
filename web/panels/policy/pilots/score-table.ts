import { fmtRate, t } from '../../../i18n/index.ts'
import { h } from '../../dom.ts'
import { keyed, type Parts, setClass } from '../view.ts'
import { drawHighlight, type PilotState, rowOf, toggle } from './state.ts'
import { num, pilotName, type Row, TERMS } from './types.ts'

/**
 * The ranked candidates, one row per area keyed by its code: a reload updates the rows in place, so a pilot's
 * checkbox (and the keyboard focus on it) stays.
 */
export function scoreTable(p: Parts, s: PilotState): HTMLElement {
  const head = p.region('thead', {}, () => [
    h(
      'tr',
      {},
      ...[
        s.canPlan ? t('pol.p.pilot') : '',
        t('pol.col.rank'),
        t('pol.col.name'),
        t('pol.col.score'),
        t('pol.col.rate'),
        t('pol.p.hot'),
        t('pol.p.post'),
      ].map((x) => h('th', {}, x)),
    ),
  ])
  const body = h('tbody')
  p.effect(() =>
    keyed(
      body,
      s.rows(),
      (r) => r.code,
      (r) => createRow(s, r.code),
      (tr, r) => updateRow(s, tr, r),
    ),
  )
  const wrap = h('div', { class: 'table-wrap', 'data-scroll': 'pilots' }, h('table', { class: 'pol-table' }, head, body))
  p.effect(() => {
    wrap.hidden = !s.rows().length
  })
  return wrap
}

function createRow(s: PilotState, code: string): HTMLTableRowElement {
  const { map } = s.ctx
  const box = s.canPlan
    ? h('input', {
        type: 'checkbox',
        name: 'pilot',
        value: code,
        onchange: () => {
          const r = rowOf(s, code)
          if (r) toggle(s, r)
        },
      })
    : ''
  return h(
    'tr',
    {
      'data-code': code,
      onmouseenter: () => drawHighlight(s, code),
      onmouseleave: () => drawHighlight(s),
      onclick: (e: Event) => {
        if (e.target instanceof HTMLInputElement) return
        const r = rowOf(s, code)
        s.marked = code
        drawHighlight(s)
        if (r?.lon != null && r.lat != null && !map.getBounds().contains([r.lon, r.lat])) map.easeTo({ center: [r.lon, r.lat] })
        s.ctx.rerender()
      },
    },
    h('td', {}, box),
  )
}

function updateRow(s: PilotState, tr: HTMLTableRowElement, r: Row) {
  setClass(tr, `${r.code === s.marked ? 'marked' : ''}${s.chosen.has(r.code) ? ' chosen' : ''}`)
  tr.title = TERMS.map((k) => `${t(`pol.w.${k}`)}: ${num(r.terms[k])}`).join('\n')
  const box = tr.cells[0].firstElementChild
  if (box instanceof HTMLInputElement) {
    box.checked = s.chosen.has(r.code)
    box.setAttribute('aria-label', pilotName(r))
  }
  const cells = [
    h('td', { class: 'num' }, String(r.rank)),
    h('td', { class: 'pilot-name' }, pilotName(r), r.safe ? h('span', { class: 'muted small' }, ` (${t('pol.s.safe')})`) : ''),
    h('td', { class: 'num strong' }, num(r.score)),
    h('td', { class: 'num' }, fmtRate(r.rate_per_1000)),
    h('td', { class: 'num' }, r.hotspot ? '●' : ''),
    h('td', { class: 'num' }, r.distance_post_m == null ? '–' : (r.distance_post_m / 1000).toFixed(1)),
  ]
  // Only the text cells are redrawn, and only when they changed.
  const old = Array.from(tr.cells).slice(1)
  if (old.length !== cells.length || old.some((c, i) => c.outerHTML !== cells[i].outerHTML)) {
    for (const c of old) c.remove()
    tr.append(...cells)
  }
}

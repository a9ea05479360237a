import { t } from '../../i18n/index.ts'
import type { Me } from '../../session.ts'
import { POLICY_TABS, type PolicyTab, type Store } from '../../state.ts'
import { h } from '../dom.ts'
import { isProtected, protectedNote } from '../protected.ts'
import type { Tab } from './common.ts'
import { formatPeriod, type PeriodSel, periodChooser, periodLabel } from './period.ts'
import { type Parts, parts, setClass, swapKeepingFocus } from './view.ts'

export interface PanelDeps {
  store: Store
  user: Me
  tabs: Record<PolicyTab, Tab>
  years: number[]
  period(): PeriodSel
  areaLabel(): string
}

/**
 * The panel's frame, built once into `el`: head, tab bar, area and period, and the open tab's body. render() updates
 * it in place and asks the open tab to update; tables keep their scroll position.
 */
export function panelView(el: HTMLElement, legendEl: HTMLElement, d: PanelDeps) {
  const p = parts()
  const active = () => d.store.get().pol
  const close = h(
    'button',
    { type: 'button', class: 'link pol-close', onclick: () => d.store.set({ pol: null }) },
    p.text(() => t('pol.close')),
  )
  p.effect(() => {
    close.hidden = !active()
  })
  const hint = h(
    'p',
    { class: 'muted small' },
    p.text(() => t('pol.hint')),
  )
  const body = h('div', { role: 'tabpanel' })
  p.effect(() => {
    hint.hidden = active() != null
    body.hidden = active() == null
  })
  el.replaceChildren(
    h(
      'div',
      { class: 'pol-head' },
      h(
        'h2',
        {},
        p.text(() => t('pol.title')),
      ),
      close,
    ),
    tabBar(p, d),
    hint,
    context(p, d),
    body,
  )
  const note = p.region('div', {}, () => [isProtected(d.user) ? protectedNote(d.user.privacy.k) : null])

  return function render() {
    const tab = active()
    const scroll = new Map<string, number>()
    for (const s of el.querySelectorAll<HTMLElement>('[data-scroll]')) scroll.set(s.dataset.scroll ?? '', s.scrollTop)
    p.update()
    if (tab) {
      setClass(body, `pol-body pol-${tab}`)
      // A viewer's tables hold protected figures: said above them.
      if (body.lastChild !== d.tabs[tab].el) body.replaceChildren(note, d.tabs[tab].el)
      d.tabs[tab].update()
    }
    for (const s of el.querySelectorAll<HTMLElement>('[data-scroll]')) {
      const top = scroll.get(s.dataset.scroll ?? '')
      if (top && s.scrollTop !== top) s.scrollTop = top
    }
    const lg = tab ? d.tabs[tab].legend() : null
    legendEl.hidden = !lg
    legendEl.replaceChildren(...(lg ?? []))
  }
}

function tabBar(p: Parts, d: PanelDeps): HTMLElement {
  const buttons = POLICY_TABS.map((id) => {
    const b = h(
      'button',
      { type: 'button', role: 'tab', 'data-tab': id, onclick: () => d.store.set({ pol: id === d.store.get().pol ? null : id }) },
      p.text(() => t(`pol.tab.${id}`)),
    )
    p.effect(() => {
      const on = id === d.store.get().pol
      setClass(b, `pol-tab${on ? ' active' : ''}`)
      b.setAttribute('aria-selected', String(on))
    })
    return b
  })
  return h('div', { class: 'pol-tabs', role: 'tablist' }, ...buttons)
}

/** The area and the period chooser; the chooser is rebuilt only when the period or the language changes. */
function context(p: Parts, d: PanelDeps): HTMLElement {
  const chooser = h('span', { class: 'pol-period' })
  let drawn = ''
  p.effect(() => {
    const per = d.period()
    const key = `${formatPeriod(per)} ${d.store.get().lang}`
    chooser.title = periodLabel(per)
    if (key === drawn) return
    drawn = key
    swapKeepingFocus(chooser, [periodChooser(per, d.years, (x: PeriodSel) => d.store.set({ per: formatPeriod(x) }))])
  })
  const box = h('div', { class: 'pol-context' }, h('span', { class: 'pol-area' }, p.text(d.areaLabel)), chooser)
  p.effect(() => {
    box.hidden = d.store.get().pol == null
  })
  return box
}

import type { Map } from 'maplibre-gl'
import { getJson, type AreaDetails, type Meta } from '../../api.ts'
import { placeName, t } from '../../i18n/index.ts'
import type { Me } from '../../session.ts'
import { POLICY_TABS, type PolicyTab, type Store } from '../../state.ts'
import { byId, h } from '../dom.ts'
import { createTooltip } from '../tooltip.ts'
import { isProtected, protectedNote } from '../protected.ts'
import type { PolicyCtx, Tab } from './common.ts'
import { createForumsTab } from './forums.ts'
import { defaultPeriod, formatPeriod, parsePeriod, periodChooser, periodLabel, type PeriodSel } from './period.ts'
import { createPilotsTab } from './pilots.ts'
import { createRankingTab } from './ranking.ts'
import { createReportTab } from './report.ts'
import { createSafetyTab } from './safety.ts'

/**
 * The policy panel: safe status, the Ministry report, public forums, pilot areas and the ranking, for the selected area
 * (else the user's own) and a reporting period. Only the open tab's layers are on the map; closing the panel hides them all.
 */
export function createPolicy(map: Map, user: Me, meta: Meta, store: Store) {
  const el = byId('policy'),
    legendEl = byId('policy-legend')
  const fallback = defaultPeriod(meta.time_range.to)
  const y0 = Number((meta.time_range.from ?? fallback.year.toString()).slice(0, 4)),
    y1 = Number((meta.time_range.to ?? fallback.year.toString()).slice(0, 4))
  const years = Array.from({ length: Math.max(1, y1 - y0 + 1) }, (_, i) => y0 + i)
  const period = () => parsePeriod(store.get().per) ?? fallback
  const area = () => store.get().sel ?? user.scope?.code ?? null
  let areaName: string | null = null,
    areaNameFor: string | null = null,
    areaDetails: AreaDetails | null = null

  const ctx: PolicyCtx = {
    map,
    user,
    meta,
    store,
    area,
    period,
    tip: createTooltip(),
    rerender: () => schedule(),
    select(code, lon, lat) {
      store.set({ sel: code })
      if (lon != null && lat != null) map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), code.length >= 8 ? 13 : 11) })
    },
  }
  const tabs: Record<PolicyTab, Tab> = {
    safety: createSafetyTab(ctx),
    report: createReportTab(ctx),
    forums: createForumsTab(ctx),
    pilots: createPilotsTab(ctx),
    ranking: createRankingTab(ctx),
  }
  const stale = new Set<PolicyTab>(POLICY_TABS)
  let shown: PolicyTab | null = null

  function activate() {
    const want = store.get().pol
    if (shown && shown !== want) tabs[shown].show(false)
    if (want && want !== shown) tabs[want].show(true)
    const wasOpen = shown != null
    shown = want
    document.body.classList.toggle('policy-open', want != null)
    if ((want != null) !== wasOpen) requestAnimationFrame(() => map.resize())
    if (want && stale.has(want)) {
      stale.delete(want)
      tabs[want].reload()
    }
    render()
  }

  async function loadAreaName() {
    const code = area()
    if (code === areaNameFor) return
    areaNameFor = code
    areaName = null
    areaDetails = null
    if (!code) return render()
    try {
      areaDetails = await getJson<AreaDetails>(`/api/areas/${code}`)
      if (areaNameFor === code) {
        areaName = placeName(areaDetails)
        render()
      }
    } catch {
      /* the name is only a label */
    }
  }

  let queued = false
  function schedule() {
    if (!queued) {
      queued = true
      queueMicrotask(() => {
        queued = false
        render()
      })
    }
  }

  function render() {
    const active = store.get().pol
    // Tables keep their scroll position across re-renders.
    const scroll = new globalThis.Map<string, number>()
    for (const s of el.querySelectorAll<HTMLElement>('[data-scroll]')) scroll.set(s.dataset.scroll!, s.scrollTop)
    const head = h(
      'div',
      { class: 'pol-head' },
      h('h2', {}, t('pol.title')),
      active ? h('button', { type: 'button', class: 'link pol-close', onclick: () => store.set({ pol: null }) }, t('pol.close')) : null,
    )
    const tabBar = h(
      'div',
      { class: 'pol-tabs', role: 'tablist' },
      ...POLICY_TABS.map((id) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: `pol-tab${id === active ? ' active' : ''}`,
            'data-tab': id,
            'aria-selected': String(id === active),
            onclick: () => store.set({ pol: id === active ? null : id }),
          },
          t(`pol.tab.${id}`),
        ),
      ),
    )
    const parts: (Node | null)[] = [head, tabBar]
    if (!active) parts.push(h('p', { class: 'muted small' }, t('pol.hint')))
    else {
      const a = area()
      parts.push(
        h(
          'div',
          { class: 'pol-context' },
          h('span', { class: 'pol-area' }, a ? (areaDetails?.code === a ? placeName(areaDetails) : (areaName ?? a)) : t('user.national')),
          h(
            'span',
            { class: 'pol-period', title: periodLabel(period()) },
            periodChooser(period(), years, (p: PeriodSel) => store.set({ per: formatPeriod(p) })),
          ),
        ),
      )
      // A viewer's tables hold protected figures: said above them.
      parts.push(
        h(
          'div',
          { class: `pol-body pol-${active}`, role: 'tabpanel' },
          isProtected(user) ? protectedNote(user.privacy.k) : null,
          ...tabs[active].body(),
        ),
      )
    }
    el.replaceChildren(...(parts.filter(Boolean) as Node[]))
    for (const s of el.querySelectorAll<HTMLElement>('[data-scroll]')) {
      const top = scroll.get(s.dataset.scroll!)
      if (top) s.scrollTop = top
    }
    const lg = active ? tabs[active].legend() : null
    legendEl.hidden = !lg
    legendEl.replaceChildren(...(lg ?? []))
  }

  store.subscribe((s, prev) => {
    const areaChanged = s.sel !== prev.sel
    const periodChanged = s.per !== prev.per
    if (areaChanged || periodChanged) {
      for (const id of POLICY_TABS) stale.add(id)
      if (areaChanged) void loadAreaName()
      if (s.pol) {
        stale.delete(s.pol)
        tabs[s.pol].reload()
      }
    }
    if (s.pol !== prev.pol) activate()
    else if (s.lang !== prev.lang || areaChanged || periodChanged) render()
  })
  void loadAreaName()
  activate()
  return { render, tabs, ctx }
}

import type { Map } from 'maplibre-gl'
import type { Meta } from '../../api.ts'
import type { Me } from '../../session.ts'
import { POLICY_TABS, type PolicyTab, type Store } from '../../state.ts'
import { byId } from '../dom.ts'
import { createTooltip } from '../tooltip.ts'
import { areaName } from './area-name.ts'
import type { PolicyCtx, Tab } from './common.ts'
import { createForumsTab } from './forums/index.ts'
import { panelView } from './panel-view.ts'
import { defaultPeriod, parsePeriod } from './period.ts'
import { createPilotsTab } from './pilots/index.ts'
import { createRankingTab } from './ranking.ts'
import { createReportTab } from './report.ts'
import { createSafetyTab } from './safety/index.ts'

/** Years the period chooser offers: those of the data. */
function yearsOf(meta: Meta, fallback: number): number[] {
  const y0 = Number((meta.time_range.from ?? String(fallback)).slice(0, 4)),
    y1 = Number((meta.time_range.to ?? String(fallback)).slice(0, 4))
  return Array.from({ length: Math.max(1, y1 - y0 + 1) }, (_, i) => y0 + i)
}

/** A function that runs `fn` once, in a microtask, however often it is called before then. */
function batched(fn: () => void): () => void {
  let queued = false
  return () => {
    if (queued) return
    queued = true
    queueMicrotask(() => {
      queued = false
      fn()
    })
  }
}

/** What every tab is given: the map and session, the area and period chosen, a tooltip, and how to redraw or select. */
function policyCtx(map: Map, user: Me, meta: Meta, store: Store, period: PolicyCtx['period'], rerender: () => void): PolicyCtx {
  return {
    map,
    user,
    meta,
    store,
    area: () => store.get().sel ?? user.scope?.code ?? null,
    period,
    tip: createTooltip(),
    rerender,
    select(code, lon, lat) {
      store.set({ sel: code })
      if (lon != null && lat != null) map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), code.length >= 8 ? 13 : 11) })
    },
  }
}

function createTabs(ctx: PolicyCtx): Record<PolicyTab, Tab> {
  return {
    safety: createSafetyTab(ctx),
    report: createReportTab(ctx),
    forums: createForumsTab(ctx),
    pilots: createPilotsTab(ctx),
    ranking: createRankingTab(ctx),
  }
}

/**
 * The policy panel: safe status, the Ministry report, public forums, pilot areas and the ranking, for the selected area
 * (else the user's own) and a reporting period. Only the open tab's layers are on the map; closing the panel hides them all.
 */
export function createPolicy(map: Map, user: Me, meta: Meta, store: Store) {
  const fallback = defaultPeriod(meta.time_range.to)
  const period = () => parsePeriod(store.get().per) ?? fallback
  const schedule = batched(() => render())
  const ctx = policyCtx(map, user, meta, store, period, schedule)
  const name = areaName(ctx.area, schedule)
  const tabs = createTabs(ctx)
  const years = yearsOf(meta, fallback.year)
  const render = panelView(byId('policy'), byId('policy-legend'), { store, user, tabs, years, period, areaLabel: name.label })
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

  store.subscribe((s, prev) => {
    const areaChanged = s.sel !== prev.sel
    const periodChanged = s.per !== prev.per
    if (areaChanged || periodChanged) {
      for (const id of POLICY_TABS) stale.add(id)
      if (areaChanged) void name.load()
      if (s.pol) {
        stale.delete(s.pol)
        tabs[s.pol].reload()
      }
    }
    if (s.pol !== prev.pol) activate()
    else if (s.lang !== prev.lang || areaChanged || periodChanged) render()
  })
  void name.load()
  activate()
  return { render, tabs, ctx }
}

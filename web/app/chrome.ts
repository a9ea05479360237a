import { setLang } from '../i18n/index.ts'
import { setLabelLanguage } from '../layers/labels.ts'
import { renderAnalysis } from '../panels/analysis.ts'
import { renderAttribution } from '../panels/attribution.ts'
import { renderBreadcrumb, renderDetails } from '../panels/details.ts'
import { renderFilters } from '../panels/filters.ts'
import { renderLangSwitch } from '../panels/lang-switch.ts'
import { renderLegend } from '../panels/legend.ts'
import { renderDock } from '../panels/legend-dock.ts'
import type { AppCtx } from './context.ts'
import { analysisOn, incidentsHidden, showIncidentsUnderAnalysis } from './incidents.ts'
import { flyToSelection, parentOf } from './selection.ts'

/** The legend of the current state and data, in the legend dock. */
export function drawLegend(ctx: AppCtx) {
  const { map, store, data, meta, user } = ctx
  renderLegend(store.get(), data.get().legend, meta.criteria, map.getZoom(), data.get().analysis.meta, user, {
    on: analysisOn(ctx),
    hidden: incidentsHidden(ctx),
    show(on) {
      showIncidentsUnderAnalysis(ctx, on)
      drawLegend(ctx)
    },
  })
  renderDock()
}

/** The side panels, the legend and the status line from the state and the loaded data (each updated in place). */
export function drawChrome(ctx: AppCtx, relabel: () => void) {
  const { store, data, meta, user, status } = ctx
  const s = store.get()
  const { details } = data.get()
  setLang(s.lang)
  setLabelLanguage(ctx.map, s.lang)
  renderLangSwitch((lang) => store.set({ lang }))
  relabel()
  renderAnalysis(store, data.get().analysis.meta, user.privacy.k)
  renderFilters(store, meta.criteria, ctx.months, user.can.points, ctx.viewer)
  drawLegend(ctx)
  const up = details && parentOf(details.code)
  const canGoUp = details && (!user.scope || up?.startsWith(user.scope.code))
  renderDetails(details, meta.criteria, meta.synthetic, canGoUp ? () => store.set({ sel: up }) : null, user.privacy.k)
  renderBreadcrumb(details, (code) => {
    store.set({ sel: code })
    void flyToSelection(ctx, code)
  })
  const badge = document.getElementById('synthetic-badge')
  if (badge) badge.hidden = !meta.synthetic
  renderAttribution(meta)
  status.render() // its messages in the current language
}

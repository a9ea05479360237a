import type { MapLayerMouseEvent } from 'maplibre-gl'
import { fmtInt, fmtRate, t } from '../i18n/index.ts'
import { ehsaKey, giBinKey, lisaKey } from '../i18n/keys.ts'
import { setHover } from '../layers/boundaries.ts'
import { protectedBadgeHtml, protectedNoteHtml } from '../panels/protected.ts'
import { createTooltip, esc, featureName } from '../panels/tooltip.ts'
import type { AppCtx } from './context.ts'

type Props = Record<string, unknown>
/** GeoJSON properties come back from MapLibre as strings when they were null or booleans. */
const isNull = (v: unknown) => v == null || v === 'null'
const isTrue = (v: unknown) => v === true || v === 'true'
const num = (v: unknown) => (isNull(v) ? null : Number(v))
const name = featureName

/** Hover tooltips over areas, analysis units and villages (a viewer's figures badged and explained). */
export function bindTooltips({ map, viewer, user }: AppCtx) {
  const tooltip = createTooltip()
  const k = user.privacy.k
  const extra = { badge: viewer ? protectedBadgeHtml() : '', note: viewer ? protectedNoteHtml(k) : '' }
  const show = (e: MapLayerMouseEvent, html: string) => tooltip.show(e.point.x, e.point.y, html)
  map.on('mousemove', 'areas-fill', (e) => {
    const p = e.features?.[0]?.properties
    if (!p) return
    setHover(map, p.code)
    map.getCanvas().style.cursor = 'pointer'
    show(e, areaHtml(p, k, extra))
  })
  map.on('mouseleave', 'areas-fill', () => {
    setHover(map, null)
    map.getCanvas().style.cursor = ''
    tooltip.hide()
  })
  for (const layer of ['analysis-fill', 'analysis-point']) {
    map.on('mousemove', layer, (e) => {
      const p = e.features?.[0]?.properties
      if (p) show(e, analysisHtml(p, k, extra))
    })
    map.on('mouseleave', layer, () => tooltip.hide())
  }
  map.on('mousemove', 'villages-circle', (e) => {
    const p = e.features?.[0]?.properties
    if (p) show(e, `<strong>${esc(name(p))}</strong><br>${esc(t('details.populationEstimated'))}: ${p.population_est ?? '–'}`)
  })
}

type Extra = { badge: string; note: string }

/** An area: outside the user's scope, withheld, or its count and rate. */
export function areaHtml(p: Props, k: number, x: Extra): string {
  const title = `<strong>${esc(name(p))}</strong>`
  if (isTrue(p.outside)) return `${title}<br>${esc(t('privacy.outside'))}`
  if (isTrue(p.suppressed)) return `${title}${x.badge}<br>${esc(t('privacy.suppressedLegend', { k: String(k) }))}${x.note}`
  const rate = isNull(p.rate) ? t('tooltip.noPopulation') : t('tooltip.rate', { r: fmtRate(Number(p.rate)) })
  return `${title}${x.badge}<br>${esc(t('tooltip.incidents', { n: fmtInt(Number(p.count)) }))} · ${esc(rate)}${x.note}`
}

/** A hot-spot cell or unit: its place, class, count and statistic (z or trend, and p). */
export function analysisHtml(p: Props, k: number, x: Extra): string {
  const title = !isNull(p.name_en)
    ? name(p)
    : !isNull(p.place_en)
      ? `${t('an.cellNear')} ${name({ name_en: p.place_en, name_km: p.place_km })}`
      : `#${p.code}`
  const stat = !isNull(p.category)
    ? t(ehsaKey(String(p.category)))
    : !isNull(p.quadrant)
      ? t(lisaKey(String(p.quadrant)))
      : !isNull(p.bin)
        ? t(giBinKey(Number(p.bin)))
        : ''
  const z = num(p.z) ?? num(p.trend_z)
  const pv = num(p.p) ?? num(p.p_sim) ?? num(p.trend_p)
  const count = isNull(p.count) ? t('privacy.suppressedLegend', { k: String(k) }) : t('tooltip.incidents', { n: fmtInt(Number(p.count)) })
  const zLine =
    z != null
      ? `<br>${!isNull(p.trend_z) ? esc(t('an.trend')) : 'z'} = ${z.toFixed(2)}, p = ${pv != null ? (pv < 0.001 ? pv.toExponential(1) : pv.toFixed(3)) : '–'}`
      : ''
  return `<strong>${esc(title)}</strong>${x.badge}<br>${esc(stat)}<br>${esc(count)}${zLine}${x.note}`
}

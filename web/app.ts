import type { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map, MapLayerMouseEvent } from 'maplibre-gl'
import {
  ApiError,
  apiError,
  BAD_REQUEST_EVENT,
  getJson,
  isAbort,
  refusalText,
  type AreaDetails,
  type AreaStat,
  type BadRequestDetail,
  type Meta,
  type Points,
} from './api.ts'
import { fmtInt, fmtRate, placeName, setLang, t, type MessageKey } from './i18n/index.ts'
import { rateBreaks } from './layers/classes.ts'
import { setAreas, setContext, setHover, setSelectedArea } from './layers/boundaries.ts'
import { buildIndex, CLUSTER_MIN_ZOOM, incidentLayers, type Pt } from './layers/incidents.ts'
import { setVillages } from './layers/villages.ts'
import { PILOT_CLICK_LAYERS } from './layers/pilots.ts'
import { viewOf } from './map/create-map.ts'
import { CAMBODIA_BOUNDS } from './map/style.ts'
import { renderAttribution } from './panels/attribution.ts'
import { renderBreadcrumb, renderDetails } from './panels/details.ts'
import { renderFilters } from './panels/filters.ts'
import { renderLangSwitch } from './panels/lang-switch.ts'
import { renderLegend, type LegendData } from './panels/legend.ts'
import { createSearch } from './panels/search.ts'
import type { Status } from './panels/status.ts'
import { createTooltip, esc } from './panels/tooltip.ts'
import { analysisParams, choroplethScope, filterParams, viewerFix, type AppState, type Store } from './state.ts'
import { setAnalysis, setDensity } from './layers/analysis.ts'
import type { Me } from './session.ts'
import { renderAnalysis } from './panels/analysis.ts'
import { isProtected, protectedBadgeHtml, protectedNoteHtml } from './panels/protected.ts'

type FC = GeoJSON.FeatureCollection
const LEVEL_PLURAL: Record<string, MessageKey> = { province: 'level.provinces', district: 'level.districts', commune: 'level.communes' }

/** Wires the store to the map, the layers and the panels; every change of state re-renders what depends on it. */
export function startApp(map: Map, overlay: MapLibreOverlay, store: Store, meta: Meta, months: string[], status: Status, user: Me) {
  const colors = Object.fromEntries(meta.criteria.map((c) => [c.id, c.color]))
  const areaCache = new globalThis.Map<string, Promise<FC>>()
  const tooltip = createTooltip()
  let legend: LegendData | null = null
  let details: AreaDetails | null = null
  let points: Pt[] = []
  let index: ReturnType<typeof buildIndex> | null = null
  let pointsKey: string | null = null
  let ctl: AbortController | null = null
  let fitOnLoad = !store.get().view
  let rendered = 0
  let analysisKey: string | null = null
  let analysisMeta: Record<string, any> | null = null
  let densityUrl: string | null = null
  const viewer = isProtected(user)
  const k = user.privacy.k
  if (viewer) keepViewerState(store, status)

  const areas = (level: string, parent: string | null) => {
    const key = `${level}:${parent ?? ''}`
    let p = areaCache.get(key)
    if (!p) {
      p = getJson<FC>(`/api/areas?level=${level}${parent ? `&parent=${parent}` : ''}`)
      areaCache.set(key, p)
      p.catch(() => areaCache.delete(key))
    }
    return p
  }

  const search = createSearch((hit) => {
    store.set({ sel: hit.code })
    if (hit.bbox) map.fitBounds(hit.bbox, { padding: 40, maxZoom: 14 })
    else if (hit.lon != null && hit.lat != null) map.flyTo({ center: [hit.lon, hit.lat], zoom: 13 })
  })

  // Static panels that depend only on language and filters.
  function renderChrome() {
    const s = store.get()
    setLang(s.lang)
    renderLangSwitch((lang) => store.set({ lang }))
    search.relabel()
    renderAnalysis(store, analysisMeta, k)
    renderFilters(store, meta.criteria, months, user.can.points, viewer)
    renderLegend(s, legend, meta.criteria, map.getZoom(), analysisMeta, user)
    const up = details && parentOf(details.code)
    const canGoUp = details && (!user.scope || up?.startsWith(user.scope.code))
    renderDetails(details, meta.criteria, meta.synthetic, canGoUp ? () => store.set({ sel: up }) : null, user.privacy.k)
    renderBreadcrumb(details, (code) => {
      store.set({ sel: code })
      flyToSelection(code)
    })
    document.getElementById('synthetic-badge')!.hidden = !meta.synthetic
    updateAttribution()
    status.render() // its messages in the current language
  }

  function updateAttribution() {
    renderAttribution(meta)
  }

  function updateIncidents() {
    const s = store.get()
    const b = map.getBounds()
    overlay.setProps({
      layers: incidentLayers({
        mode: s.criteria.length && user.can.points ? s.mode : 'off',
        points,
        index,
        bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
        zoom: map.getZoom(),
        colors,
        onClusterClick: (lon, lat, zoom) => map.easeTo({ center: [lon, lat], zoom }),
      }),
    })
  }

  async function flyToSelection(code: string | null) {
    if (!code) {
      map.fitBounds(CAMBODIA_BOUNDS, { padding: 20 })
      return
    }
    try {
      const d = await getJson<AreaDetails>(`/api/areas/${code}`)
      if (d.bbox) map.fitBounds(d.bbox, { padding: 40, maxZoom: code.length === 8 ? 14 : 12 })
    } catch {
      /* the render reports errors */
    }
  }

  /** Loads everything the state needs (aborting a stale load), then draws it. */
  async function render() {
    const s = store.get()
    ctl?.abort()
    const c = (ctl = new AbortController())
    status.clear()
    const scope = choroplethScope(s)
    const f = filterParams(s)
    const none = !s.criteria.length
    try {
      await status.track(
        (async () => {
          const statsUrl = `/api/stats/areas?level=${scope.level}${scope.parent ? `&parent=${scope.parent}` : ''}&${f}`
          const pKey = f.toString()
          const [fc, stats, det, pts, ctx] = await Promise.all([
            areas(scope.level, scope.parent),
            none ? Promise.resolve([] as AreaStat[]) : getJson<AreaStat[]>(statsUrl, c.signal),
            s.sel ? getJson<AreaDetails>(`/api/areas/${s.sel}?${f}`, c.signal) : Promise.resolve(null),
            // Viewers never receive points (the server refuses them too).
            none || !user.can.points || pKey === pointsKey
              ? Promise.resolve(null)
              : getJson<Points>(`/api/incidents/points?${f}`, c.signal),
            areas('province', null),
          ])
          if (c.signal.aborted) return
          const byCode = new globalThis.Map(stats.map((r) => [r.code, r]))
          const features = fc.features.map((ft) => {
            const r = byCode.get(String(ft.properties!.code))
            const outside = !!user.scope && !String(ft.properties!.code).startsWith(user.scope.code)
            return {
              ...ft,
              properties: {
                ...ft.properties,
                count: r ? r.count : 0,
                suppressed: !!r && r.count == null,
                outside,
                rate: none || outside ? null : (r?.rate_per_1000 ?? null),
              },
            }
          })
          const rates = features.map((ft) => ft.properties.rate).filter((x): x is number => x != null)
          const breaks = rateBreaks(rates)
          setContext(map, ctx)
          setAreas(map, { type: 'FeatureCollection', features }, breaks)
          setSelectedArea(map, scope.highlight)
          legend = none
            ? null
            : {
                breaks,
                total: stats.reduce((a, r) => a + (r.count ?? 0), 0),
                hasNoData: features.some((ft) => ft.properties.rate == null && !ft.properties.suppressed && !ft.properties.outside),
                suppressed: features.filter((ft) => ft.properties.suppressed).length,
                levelKey: LEVEL_PLURAL[scope.level],
              }
          details = det
          if (pts) {
            points = pts.points
            index = buildIndex(points)
            pointsKey = pKey
          }
          if (none) {
            points = []
            index = null
            pointsKey = null
          }
          updateIncidents()
          await renderAnalysisLayer(s, c.signal)
          await renderVillages(s, c.signal)
          renderChrome()
          if (fitOnLoad) {
            fitOnLoad = false
            if (s.sel && det?.bbox) map.fitBounds(det.bbox, { padding: 40, maxZoom: 14, duration: 0 })
          }
        })(),
      )
      rendered++
      markReady()
    } catch (e) {
      if (isAbort(e)) return
      status.fail(e instanceof ApiError ? refusalText(e) : (e as Error).message)
    }
  }

  /** The analysis layer: hot spots, clusters, trends (GeoJSON) or the density surface (PNG + contours). */
  async function renderAnalysisLayer(s: AppState, signal: AbortSignal) {
    const key = s.an === 'none' || !s.criteria.length ? '' : `${s.an}?${analysisParams(s)}`
    if (key === analysisKey) return
    if (!key) {
      setAnalysis(map, null, 'gistar')
      setDensity(map, null, null, null)
      analysisMeta = null
      analysisKey = key
      return
    }
    const q = analysisParams(s)
    if (s.an === 'kde') {
      const path = `/api/density?${q}&format=png`
      const res = await fetch(path, { signal })
      if (!res.ok) throw await apiError(res, path)
      const m = JSON.parse(res.headers.get('x-density-meta') ?? '{}')
      const contours = await getJson<FC>(`/api/density?${q}&format=contours&levels=6`, signal)
      if (densityUrl) URL.revokeObjectURL(densityUrl)
      densityUrl = URL.createObjectURL(await res.blob())
      setAnalysis(map, null, 'gistar')
      setDensity(map, densityUrl, m.corners, contours)
      map.setPaintProperty('areas-fill', 'fill-opacity', 0.15)
      analysisMeta = { ...m, method: 'kde' }
    } else {
      const fc = await getJson<FC & { meta: Record<string, any> }>(`/api/hotspots?${q}`, signal)
      setDensity(map, null, null, null)
      setAnalysis(map, fc, s.an)
      analysisMeta = fc.meta
    }
    analysisKey = key
  }

  async function renderVillages(s: AppState, signal: AbortSignal) {
    const commune = s.sel && s.sel.length >= 6 ? s.sel.slice(0, 6) : null
    if (!commune || !details) {
      setVillages(map, { type: 'FeatureCollection', features: [] }, null)
      return
    }
    const bbox = details.bbox ?? [102, 10, 108, 15]
    const pad = 0.02
    const fc = await getJson<FC>(
      `/api/villages?bbox=${[bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad].join(',')}&commune=${commune}`,
      signal,
    )
    setVillages(map, fc, s.sel!.length === 8 ? s.sel : null)
  }

  function markReady() {
    map.once('idle', () => {
      if (status.pending === 0) {
        document.body.dataset.ready = '1'
        document.body.dataset.renders = String(rendered)
      }
    })
    map.triggerRepaint()
  }

  // Map interactions: hover tooltips (a viewer's figures badged and explained), click to drill down.
  const badge = () => (viewer ? protectedBadgeHtml() : '')
  const note = () => (viewer ? protectedNoteHtml(k) : '')
  map.on('mousemove', 'areas-fill', (e: MapLayerMouseEvent) => {
    const ft = e.features?.[0]
    if (!ft) return
    const p = ft.properties as any
    setHover(map, p.code)
    map.getCanvas().style.cursor = 'pointer'
    if (p.outside === true || p.outside === 'true') {
      tooltip.show(e.point.x, e.point.y, `<strong>${esc(placeName(p))}</strong><br>${esc(t('privacy.outside'))}`)
      return
    }
    if (p.suppressed === true || p.suppressed === 'true') {
      tooltip.show(
        e.point.x,
        e.point.y,
        `<strong>${esc(placeName(p))}</strong>${badge()}<br>${esc(t('privacy.suppressedLegend', { k: String(k) }))}${note()}`,
      )
      return
    }
    const rate = p.rate == null || p.rate === 'null' ? t('tooltip.noPopulation') : t('tooltip.rate', { r: fmtRate(Number(p.rate)) })
    tooltip.show(
      e.point.x,
      e.point.y,
      `<strong>${esc(placeName(p))}</strong>${badge()}<br>${esc(t('tooltip.incidents', { n: fmtInt(Number(p.count)) }))} · ${esc(rate)}${note()}`,
    )
  })
  for (const layer of ['analysis-fill', 'analysis-point']) {
    map.on('mousemove', layer, (e: MapLayerMouseEvent) => {
      const p = e.features?.[0]?.properties as any
      if (!p) return
      const name = p.name_en
        ? placeName(p)
        : p.place_en
          ? `${t('an.cellNear')} ${placeName({ name_en: p.place_en, name_km: p.place_km })}`
          : `#${p.code}`
      const stat = p.category
        ? t(ehsaKey(p.category))
        : p.quadrant && p.quadrant !== 'null'
          ? t(`an.${p.quadrant}` as MessageKey)
          : p.bin != null
            ? t(binKey(Number(p.bin)))
            : ''
      const z = p.z != null && p.z !== 'null' ? Number(p.z) : p.trend_z != null ? Number(p.trend_z) : null
      const pv =
        p.p != null && p.p !== 'null'
          ? Number(p.p)
          : p.p_sim != null && p.p_sim !== 'null'
            ? Number(p.p_sim)
            : p.trend_p != null
              ? Number(p.trend_p)
              : null
      const count =
        p.count == null || p.count === 'null'
          ? t('privacy.suppressedLegend', { k: String(k) })
          : t('tooltip.incidents', { n: fmtInt(Number(p.count)) })
      tooltip.show(
        e.point.x,
        e.point.y,
        `<strong>${esc(name)}</strong>${badge()}<br>${esc(stat)}<br>${esc(count)}` +
          (z != null
            ? `<br>${p.trend_z != null ? esc(t('an.trend')) : 'z'} = ${z.toFixed(2)}, p = ${pv != null ? (pv < 0.001 ? pv.toExponential(1) : pv.toFixed(3)) : '–'}`
            : '') +
          note(),
      )
    })
    map.on('mouseleave', layer, () => tooltip.hide())
  }
  map.on('mouseleave', 'areas-fill', () => {
    setHover(map, null)
    map.getCanvas().style.cursor = ''
    tooltip.hide()
  })
  map.on('mousemove', 'villages-circle', (e: MapLayerMouseEvent) => {
    const p = e.features?.[0]?.properties as any
    if (p)
      tooltip.show(
        e.point.x,
        e.point.y,
        `<strong>${esc(placeName(p))}</strong><br>${esc(t('details.populationEstimated'))}: ${p.population_est ?? '–'}`,
      )
  })
  map.on('click', (e) => {
    if (document.body.dataset.placing) return // the planner is taking a candidate site
    // The policy panel's pilot markers take their own clicks; a safe-status or forum marker selects its area.
    if (map.queryRenderedFeatures(e.point, { layers: PILOT_CLICK_LAYERS }).length) return
    const hits = map.queryRenderedFeatures(e.point, { layers: ['safety-symbol', 'forums-circle', 'villages-circle', 'areas-fill'] })
    const m = hits.find((h) => h.layer.id === 'safety-symbol' || h.layer.id === 'forums-circle')
    const v = hits.find((h) => h.layer.id === 'villages-circle') ?? (m && String(m.properties?.code).length === 8 ? m : undefined)
    const a = m ?? hits.find((h) => h.layer.id === 'areas-fill')
    const code = String((v ?? a)?.properties?.code ?? '')
    if (!code || code === store.get().sel) return
    store.set({ sel: code })
    if (!v) flyToSelection(code)
  })
  let wasClose = map.getZoom() >= CLUSTER_MIN_ZOOM
  map.on('moveend', () => {
    store.set({ view: viewOf(map) })
    updateIncidents()
    const close = map.getZoom() >= CLUSTER_MIN_ZOOM
    if (close !== wasClose) {
      wasClose = close
      renderLegend(store.get(), legend, meta.criteria, map.getZoom(), analysisMeta, user)
    }
  })

  // Re-render on state changes; view-only changes need no reload.
  let timer = 0
  store.subscribe((s, prev) => {
    if (s.lang !== prev.lang) {
      renderChrome()
      return
    }
    if (viewer && (s.from !== prev.from || s.to !== prev.to || s.criteria.join() !== prev.criteria.join())) status.notice(null)
    const same =
      s.sel === prev.sel &&
      s.level === prev.level &&
      s.from === prev.from &&
      s.to === prev.to &&
      s.criteria.join() === prev.criteria.join() &&
      s.an === prev.an &&
      s.unit === prev.unit &&
      s.rate === prev.rate
    if (same && s.mode !== prev.mode) {
      updateIncidents()
      renderChrome()
      return
    }
    if (same) return
    document.body.dataset.ready = '0'
    clearTimeout(timer)
    timer = window.setTimeout(render, 120)
  })

  renderChrome()
  return { render, retry: render }
}

/**
 * A viewer's link may hold a range or a set of criteria the server does not publish (any date window, 2 to 4
 * criteria): set it to all dates / all five before anything is asked, and say so once. Any 400 the server still
 * gives goes to the status line with its message.
 */
function keepViewerState(store: Store, status: Status) {
  const fix = viewerFix(store.get())
  if (fix) {
    store.set(fix.patch)
    status.notice(() =>
      [fix.period ? t('privacy.snappedPeriod') : '', fix.criteria ? t('privacy.snappedCriteria') : ''].filter(Boolean).join(' '),
    )
  }
  window.addEventListener(BAD_REQUEST_EVENT, (e) => status.fail(refusalText((e as CustomEvent<BadRequestDetail>).detail)))
}

const binKey = (b: number) =>
  (['an.cold99', 'an.cold95', 'an.cold90', 'an.ns', 'an.hot90', 'an.hot95', 'an.hot99'] as MessageKey[])[b + 3] ?? 'an.ns'
const ehsaKey = (c: string): MessageKey =>
  c === 'no pattern detected' ? 'an.ehsa.none' : (`an.ehsa.${c.split(' ')[0]}.${c.includes('hot') ? 'hot' : 'cold'}` as MessageKey)

export function parentOf(code: string): string | null {
  return code.length === 8 ? code.slice(0, 6) : code.length > 2 ? code.slice(0, code.length - 2) : null
}

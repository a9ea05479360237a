import type { AreaDetails, AreaStat, Points } from '../api.ts'
import { ApiError, getJson, isAbort, latest, refusalText } from '../client.ts'
import { setAreas, setContext, setSelectedArea } from '../layers/boundaries.ts'
import { buildIndex } from '../layers/incidents.ts'
import { setAreaLabels } from '../layers/labels.ts'
import { setVillages } from '../layers/villages.ts'
import { type AppState, choroplethScope, filterParams } from '../state.ts'
import { loadAnalysis } from './analysis-load.ts'
import { areaCache, joinStats } from './choropleth.ts'
import type { AppCtx } from './context.ts'
import type { PointSet } from './data-state.ts'
import { markReady } from './ready.ts'

/** Everything the state needs, loaded in one go; a newer load aborts the older. Returns the function that (re)loads. */
export function createLoader(ctx: AppCtx) {
  const areas = areaCache()
  const requests = latest()
  let fitOnLoad = !ctx.store.get().view

  async function load(s: AppState, signal: AbortSignal, fresh: boolean) {
    await loadBase(ctx, s, signal, areas, fresh)
    if (signal.aborted) return
    await loadAnalysis(ctx, s, signal, fresh)
    await loadVillages(ctx, s, signal)
    if (fitOnLoad) {
      fitOnLoad = false
      const bbox = ctx.data.get().details?.bbox
      if (s.sel && bbox) ctx.map.fitBounds(bbox, { padding: 40, maxZoom: 14, duration: 0 })
    }
  }

  // The data changed on the server (web/app/data-version.ts): points and analysis are asked again too, until a load
  // has done so (a newer load that aborts this one inherits it).
  let stale = false
  return async function reload(fresh = false): Promise<void> {
    if (fresh) stale = true
    const signal = requests.next()
    ctx.status.clear()
    try {
      await ctx.status.track(load(ctx.store.get(), signal, stale))
      if (signal.aborted) return
      stale = false
      ctx.data.set({ renders: ctx.data.get().renders + 1 })
      markReady(ctx)
    } catch (e) {
      if (isAbort(e)) return
      ctx.status.fail(e instanceof ApiError ? refusalText(e) : (e as Error).message)
    }
  }
}

/** The choropleth of the state's level, the selected area's details, the incident points and the provinces around. */
async function loadBase(ctx: AppCtx, s: AppState, signal: AbortSignal, areas: ReturnType<typeof areaCache>, fresh = false) {
  const { map, data, user } = ctx
  const scope = choroplethScope(s)
  const f = filterParams(s)
  const none = !s.criteria.length
  const pKey = f.toString()
  const have = data.get().points
  // Viewers never receive points (the server refuses them too).
  const wantPoints = !none && user.can.points && (fresh || pKey !== have?.key)
  const [fc, stats, details, pts, provinces] = await Promise.all([
    areas(scope.level, scope.parent),
    none
      ? Promise.resolve<AreaStat[]>([])
      : getJson<AreaStat[]>(`/api/stats/areas?level=${scope.level}${scope.parent ? `&parent=${scope.parent}` : ''}&${f}`, signal),
    s.sel ? getJson<AreaDetails>(`/api/areas/${s.sel}?${f}`, signal) : Promise.resolve(null),
    wantPoints ? getJson<Points>(`/api/incidents/points?${f}`, signal) : Promise.resolve(null),
    areas('province', null),
  ])
  if (signal.aborted) return
  const joined = joinStats(fc, stats, user, scope.level, none)
  setContext(map, provinces)
  setAreas(map, joined.fc, joined.breaks)
  setAreaLabels(map, provinces, fc)
  setSelectedArea(map, scope.highlight)
  const points: PointSet | null = none ? null : pts ? { key: pKey, pts: pts.points, index: buildIndex(pts.points) } : have
  data.set({ legend: joined.legend, details, points })
}

/** The villages of the selected commune (or of the selected village's commune). */
async function loadVillages({ map, data }: AppCtx, s: AppState, signal: AbortSignal) {
  const commune = s.sel && s.sel.length >= 6 ? s.sel.slice(0, 6) : null
  const details = data.get().details
  if (!commune || !details) {
    setVillages(map, { type: 'FeatureCollection', features: [] }, null)
    return
  }
  const [w, so, e, n] = details.bbox ?? [102, 10, 108, 15]
  const pad = 0.02
  const fc = await getJson<GeoJSON.FeatureCollection>(
    `/api/villages?bbox=${[w - pad, so - pad, e + pad, n + pad].join(',')}&commune=${commune}`,
    signal,
  )
  if (!signal.aborted) setVillages(map, fc, s.sel && s.sel.length === 8 ? s.sel : null)
}

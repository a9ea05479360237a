import { getBlob, getJson } from '../client.ts'
import { setAnalysis, setDensity } from '../layers/analysis.ts'
import { analysisParams, type AppState } from '../state.ts'
import type { AnalysisMeta } from './analysis-meta.ts'
import type { AppCtx } from './context.ts'

type FC = GeoJSON.FeatureCollection

/** The analysis layer's request for a state: '' when it is off. */
export const analysisKeyOf = (s: AppState) => (s.an === 'none' || !s.criteria.length ? '' : `${s.an}?${analysisParams(s)}`)

/**
 * Loads and draws the analysis layer when its request changed: hot spots, clusters, trends (GeoJSON) or the density
 * surface (PNG + contours). The data store keeps its request, its meta and the PNG's object URL.
 */
export async function loadAnalysis({ map, data }: AppCtx, s: AppState, signal: AbortSignal, fresh = false): Promise<void> {
  const key = analysisKeyOf(s)
  if (key === data.get().analysis.key && !(fresh && key)) return
  const q = analysisParams(s)
  if (!key) {
    setAnalysis(map, null, 'gistar')
    setDensity(map, null, null, null)
    data.set({ analysis: { key, meta: null } })
  } else if (s.an === 'kde') {
    const [png, contours] = await Promise.all([
      getBlob(`/api/density?${q}&format=png`, signal),
      getJson<FC>(`/api/density?${q}&format=contours&levels=6`, signal),
    ])
    if (signal.aborted) return
    const m: AnalysisMeta = JSON.parse(png.headers.get('x-density-meta') ?? '{}')
    const old = data.get().densityUrl
    if (old) URL.revokeObjectURL(old)
    const url = URL.createObjectURL(png.blob)
    setAnalysis(map, null, 'gistar')
    setDensity(map, url, m.corners ?? null, contours)
    map.setPaintProperty('areas-fill', 'fill-opacity', 0.15)
    data.set({ analysis: { key, meta: { ...m, method: 'kde' } }, densityUrl: url })
  } else {
    const fc = await getJson<FC & { meta: AnalysisMeta }>(`/api/hotspots?${q}`, signal)
    if (signal.aborted) return
    setDensity(map, null, null, null)
    setAnalysis(map, fc, s.an)
    data.set({ analysis: { key, meta: fc.meta } })
  }
}

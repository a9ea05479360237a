import type { AreaDetails } from '../api.ts'
import type { buildIndex, Pt } from '../layers/incidents.ts'
import type { LegendData } from '../panels/legend.ts'
import { createSignal } from '../state.ts'
import type { AnalysisMeta } from './analysis-meta.ts'

/** The incident points of one filter (its query string), with their cluster index. */
export interface PointSet {
  key: string
  pts: Pt[]
  index: ReturnType<typeof buildIndex>
}

/** What the loaders brought for the current state; the map layers and panels are drawn from it and the AppState. */
export interface DataState {
  legend: LegendData | null
  details: AreaDetails | null
  points: PointSet | null
  /** The analysis layer's request ('' when off) and the parameters it echoed. */
  analysis: { key: string; meta: AnalysisMeta | null }
  densityUrl: string | null
  /** Zoomed in to where incident clusters show (the legend says so). */
  close: boolean
  renders: number
}

export function createDataStore(close: boolean) {
  return createSignal<DataState>({
    legend: null,
    details: null,
    points: null,
    analysis: { key: '', meta: null },
    densityUrl: null,
    close,
    renders: 0,
  })
}
export type DataStore = ReturnType<typeof createDataStore>

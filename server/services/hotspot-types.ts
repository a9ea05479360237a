/** The hot-spot service's parameters and result (a module of types, so its helpers need not import the service). */
import type { IncidentFilters } from '../db/queries/filters.ts'
import type { TimeStep, UnitKind } from '../db/queries/hotspot-units.ts'

export type HotspotMethod = 'gistar' | 'localmoran' | 'optimized' | 'ehsa'
export interface HotspotParams {
  method: HotspotMethod
  unit: UnitKind
  size?: number
  band?: number
  knn?: number
  rate: boolean
  fdr: boolean
  permutations: number
  seed: number
  alpha: number
  step: TimeStep
  filters: IncidentFilters
}

/** One analysed unit: its code, GeoJSON geometry text, centroid in UTM 48N (metres) and properties. */
export interface HotspotUnit {
  code: string
  geometry: string
  x: number
  y: number
  properties: Record<string, unknown>
}
export interface HotspotResult {
  meta: Record<string, unknown>
  units: HotspotUnit[]
}

/** Cancellation of a hot spot run (the request's signal): the compute task is dropped or its thread terminated. */
export interface HotspotRun {
  signal?: AbortSignal
}

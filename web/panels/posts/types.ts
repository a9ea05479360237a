import type { Map } from 'maplibre-gl'
import type { CoverageResponse, PostLoad } from '../../../common/api/posts.ts'
import type { Me } from '../../session.ts'
import type { createSignal } from '../../state.ts'

export interface Proposed {
  lon: number
  lat: number
  village_code: string | null
  name_en: string
  name_km: string | null
  province_code: string | null
}
export interface PlanResult {
  moved_away?: { code: string; name_en: string; name_km: string | null }[]
  problem: string
  solver: string
  status: string
  objective: number
  gap: number | null
  ms: number
  population: number
  covered_before: number
  covered_after: number
  proposed: Proposed[]
  radius_m: number
}
/** The load table's order: by people or incidents per officer, largest first when desc. */
export interface LoadSort {
  key: 'people' | 'incidents'
  desc: boolean
}
/** /api/posts/coverage (common/api): a post's load, an uncovered village, the whole answer. */
export type Post = PostLoad
export type Gap = CoverageResponse['gaps']['list'][number]
export type Coverage = CoverageResponse
/** A job of /api/posts/optimize as polled. */
export interface Job {
  status: 'queued' | 'running' | 'done' | 'failed'
  progress: number
  stage?: string
  error?: string
  result?: PlanResult
}

export type Problem = 'mclp' | 'lscp' | 'pmedian'
export type Weight = 'population' | 'risk' | 'hotspot'
export interface PlanForm {
  problem: Problem
  k: number
  radius: number
  exact: boolean
  relocate: number
  weight: Weight
  perProvince: number
}
export interface Candidate {
  lon: number
  lat: number
  name: string
}

/** Everything the posts panel shows; every change goes through set() and redraws the panel in place. */
export interface PlannerState {
  on: boolean
  busy: boolean
  coverage: Coverage | null
  result: PlanResult | null
  progress: { p: number; stage: string } | null
  error: string | null
  form: PlanForm
  extra: Candidate[] // candidate sites the user added by clicking the map (besides every village)
  adding: boolean
  loadSort: LoadSort
}
export type PlannerStore = ReturnType<typeof createSignal<PlannerState>>

export interface PlannerCtx {
  map: Map
  user: Me
  areaOf: () => string | null
  st: PlannerStore
}

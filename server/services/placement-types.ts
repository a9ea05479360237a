/** A placement request (a module of types, so the instance and result builders need not import the service). */
export interface PlacementRequest {
  problem: 'mclp' | 'lscp' | 'pmedian'
  k: number
  radius_m: number
  area?: string
  weight: 'population' | 'risk' | 'hotspot'
  exact: boolean
  coverage: number
  time_limit_s: number
  budget?: Record<string, number>
  candidates?: { lon: number; lat: number; name?: string }[]
  /** MCLP: how many existing posts may move (relocation). */
  relocate?: number
  from?: string
  to?: string
}

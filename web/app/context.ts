import type { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map } from 'maplibre-gl'
import type { Meta } from '../api.ts'
import type { Status } from '../panels/status.ts'
import type { Me } from '../session.ts'
import type { Store } from '../state.ts'
import type { DataStore } from './data-state.ts'

/** What every part of the app gets: the map, the two stores (state and loaded data), and who is looking. */
export interface AppCtx {
  map: Map
  overlay: MapLibreOverlay
  store: Store
  data: DataStore
  meta: Meta
  months: string[]
  status: Status
  user: Me
  /** A protected reader (viewer): figures are badged and explained. */
  viewer: boolean
}

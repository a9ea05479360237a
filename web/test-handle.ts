import type { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map } from 'maplibre-gl'
import type { DataStore } from './app/data-state.ts'
import type { DataVersionWatch } from './app/data-version.ts'
import type { ExportResult } from './panels/export-png.ts'
import type { Store } from './state.ts'

/** The last PNG export, as the e2e tests check it. */
export type ExportRecord = Omit<ExportResult, 'blob'> & { file: string; steps: { text: string; disabled: boolean }[] }

/** What the browser tests reach: the map, the stores and the last export. No window global: see exposeForTests. */
export interface TestHandle {
  map: Map
  overlay: MapLibreOverlay
  store: Store
  data: DataStore
  /** The watch of GET /api/data/version: check() now, or a shorter pollMs. */
  dataVersion: DataVersionWatch
  /** Time playback's step time (ms), shortened by tests. */
  playback: { stepMs: number }
  lastExport: ExportRecord | null
}

/** The map's container element carrying the handle (tests: `(document.getElementById('map') as SvElement).sv`). */
export type SvElement = HTMLElement & { readonly sv: TestHandle }

let handle: TestHandle | null = null

/** Puts the handle on the map's container as a non-enumerable `sv` property. */
export function exposeForTests(el: HTMLElement, h: Omit<TestHandle, 'lastExport'>): void {
  handle = { ...h, lastExport: null }
  Object.defineProperty(el, 'sv', { value: handle, enumerable: false })
}

export function recordExport(e: ExportRecord): void {
  if (handle) handle.lastExport = e
}

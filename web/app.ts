import type { MapLibreOverlay } from '@deck.gl/maplibre'
import type { Map } from 'maplibre-gl'
import type { Meta } from './api.ts'
import { drawChrome } from './app/chrome.ts'
import type { AppCtx } from './app/context.ts'
import { createDataStore } from './app/data-state.ts'
import { bindDataVersion } from './app/data-version.ts'
import { incidentLayersOf } from './app/incidents.ts'
import { createLoader } from './app/load.ts'
import { bindClicks } from './app/selection.ts'
import { bindSync } from './app/sync.ts'
import { bindTooltips } from './app/tooltips.ts'
import { keepViewerState } from './app/viewer.ts'
import { CLUSTER_MIN_ZOOM } from './layers/incidents.ts'
import { isProtected } from './panels/protected.ts'
import { createSearch } from './panels/search.ts'
import type { Status } from './panels/status.ts'
import type { Me } from './session.ts'
import type { Store } from './state.ts'

/**
 * Wires the app: the state store (what a link reproduces) drives the loaders, the loaders fill the data store, and
 * the map layers and panels are drawn from both. Returns the (re)load.
 */
export function startApp(map: Map, overlay: MapLibreOverlay, store: Store, meta: Meta, months: string[], status: Status, user: Me) {
  const ctx: AppCtx = {
    map,
    overlay,
    store,
    data: createDataStore(map.getZoom() >= CLUSTER_MIN_ZOOM),
    meta,
    months,
    status,
    user,
    viewer: isProtected(user),
  }
  if (ctx.viewer) keepViewerState(store, status)
  const search = createSearch((hit) => {
    store.set({ sel: hit.code })
    if (hit.bbox) map.fitBounds(hit.bbox, { padding: 40, maxZoom: 14 })
    else if (hit.lon != null && hit.lat != null) map.flyTo({ center: [hit.lon, hit.lat], zoom: 13 })
  })
  const chrome = () => drawChrome(ctx, search.relabel)
  const reload = createLoader(ctx)
  bindTooltips(ctx)
  bindClicks(ctx)
  bindSync(ctx, reload, chrome)
  chrome()
  // New data on the server (another user's edit, an import, this app's own writes) reload the map as it is.
  const dataVersion = bindDataVersion(ctx, reload)
  return { render: reload, retry: reload, data: ctx.data, layers: () => incidentLayersOf(ctx), dataVersion }
}

import '@fontsource/noto-sans-khmer/400.css'
import '@fontsource/noto-sans-khmer/700.css'
import './style.css'
import type { Meta } from './api.ts'
import { getJson, UNAUTHORIZED_EVENT } from './client.ts'
import { startApp } from './app.ts'
import { setLang } from './i18n/index.ts'
import { addAnalysisLayers } from './layers/analysis.ts'
import { addBoundaryLayers } from './layers/boundaries.ts'
import { addVillageLayer } from './layers/villages.ts'
import { addLabelLayers } from './layers/labels.ts'
import { addPostLayers } from './layers/posts.ts'
import { addForumLayers } from './layers/forums.ts'
import { addPilotLayers } from './layers/pilots.ts'
import { addSafetyLayers } from './layers/safety.ts'
import { createPolicy } from './panels/policy/index.ts'
import { createPlanner } from './panels/planner.ts'
import { createExportPanel } from './panels/export.ts'
import { createMap } from './map/create-map.ts'
import { createOverlay } from './map/overlay.ts'
import { monthsBetween } from './panels/filters.ts'
import { createStatus } from './panels/status.ts'
import { showLogin } from './panels/login.ts'
import { renderUser } from './panels/user.ts'
import { initSheet } from './panels/sheet.ts'
import { byId } from './panels/dom.ts'
import { loadMe } from './session.ts'
import { createStore, parseState, stateToSearch } from './state.ts'
import { exposeForTests } from './test-handle.ts'
import { DATA_CHANGED_EVENT } from './app/data-version.ts'
import { playbackTiming } from './panels/playback.ts'
import { noSessionOffline, startOffline } from './offline/index.ts'

const store = createStore(parseState(location.search))
setLang(store.get().lang)
history.replaceState(null, '', stateToSearch(store.get()))
let retry: () => void = () => location.reload()
const status = createStatus(() => retry())
initSheet()
// Offline (docs/offline.md): the service worker, the banner, and the data loaded again once the server answers.
startOffline(status, () => retry())

async function boot() {
  // Nothing is asked of the API before the user is known. Offline, a session kept by the service worker opens the
  // app; with none kept, the login screen (and the offline banner) say a connection is needed.
  const user =
    (await loadMe().catch(noSessionOffline)) ??
    (await showLogin((lang) => {
      store.set({ lang })
      setLang(lang)
    }))
  setLang(store.get().lang)
  renderUser(user)
  // An officer's map opens on their own area (unless the link says otherwise).
  if (user.scope && !store.get().sel && !store.get().view) store.set({ sel: user.scope.code })
  const meta = await status.track(getJson<Meta>('/api/meta'))
  const months =
    meta.time_range.from && meta.time_range.to ? monthsBetween(meta.time_range.from.slice(0, 7), meta.time_range.to.slice(0, 7)) : []
  const container = byId('map')
  const map = createMap(container, store.get().view)
  await new Promise<void>((resolve) => map.once('load', () => resolve()))
  addBoundaryLayers(map)
  addAnalysisLayers(map)
  addPostLayers(map)
  addVillageLayer(map)
  // Place names: above the choropleth, analysis, posts and villages; under the policy markers.
  addLabelLayers(map, store.get().lang)
  // Policy layers (hidden until their tab is open): above the villages so their markers take the clicks.
  addSafetyLayers(
    map,
    [1, 2, 3, 4, 5].map((k) => meta.criteria.find((c) => c.id === k)?.color ?? '#888888'),
  )
  addForumLayers(map)
  addPilotLayers(map)
  const overlay = createOverlay(map)
  const app = startApp(map, overlay, store, meta, months, status, user)
  retry = app.retry
  // Posts and the planner work on the selected area (a village's commune), else the user's own area.
  const areaOf = () => {
    const sel = store.get().sel
    return sel ? sel.slice(0, Math.min(sel.length, 6)) : (user.scope?.code ?? null)
  }
  const planner = createPlanner(map, user, areaOf)
  store.subscribe((s, prev) => {
    if (s.sel !== prev.sel) planner.reload()
    if (s.lang !== prev.lang) {
      planner.render()
      renderUser(user)
    }
  })
  const policy = createPolicy(map, user, meta, store)
  exposeForTests(container, { map, store, overlay, data: app.data, dataVersion: app.dataVersion, playback: playbackTiming })
  // New data on the server (web/app/data-version.ts): the posts planner and the open policy tab reload theirs too.
  window.addEventListener(DATA_CHANGED_EVENT, () => {
    planner.reload()
    const pol = store.get().pol
    if (pol) policy.tabs[pol].reload()
  })
  // The export panel follows the selection, the period and the language (its labels and its briefing link).
  const exporter = createExportPanel(map, app.layers, store, meta, areaOf)
  store.subscribe(() => exporter.render())
  await app.render()
}

// A session that ends while the app is open (expired, logged out elsewhere) brings back the login screen.
window.addEventListener(UNAUTHORIZED_EVENT, () => location.reload())
boot().catch((e) => status.fail((e as Error).message))

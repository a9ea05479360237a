import { isConnectionError } from '../client.ts'
import type { Status } from '../panels/status.ts'
import { mountOfflineBanner } from './banner.ts'
import { catchDownloads } from './downloads.ts'
import { onConnection, watchConnection } from './state.ts'

/**
 * The app offline (docs/offline.md): the service worker, the banner, downloads that say why they fail, and a reload
 * of the data once the server answers again (`onBack`).
 */
export function startOffline(status: Status, onBack: () => void): void {
  registerServiceWorker()
  watchConnection()
  mountOfflineBanner()
  catchDownloads({ busy: (p) => status.track(p), say: (msg) => status.notice(msg) })
  onConnection((now, was) => {
    if (was.offline && !now.offline) onBack()
  })
}

/** Registers the service worker that keeps the app shell (/sw.js; built app only). */
function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined) // the app works online without it
}

/** For the session probe: no connection and no kept session is "nobody logged in here yet" (the login screen says why). */
export function noSessionOffline(e: unknown): null {
  if (isConnectionError(e)) return null
  throw e
}

/**
 * The service worker (built by vite.config.ts to /sw.js, scope /): the app opens without the server.
 *  - The app shell of this build (index.html and every file of /assets: scripts, styles, every weight of the Khmer
 *    font, so Khmer shows offline even if it was never used online) is stored when the worker installs, in a cache
 *    named after the build's hash, and served from there; a new build's worker deletes the old copy.
 *  - Pages load from the server when it answers, else from the stored index.html.
 *  - The API (/api) is left to the app's API client (web/client.ts), which keeps its answers and says when the
 *    connection is down (web/offline/keep.ts): requests, writes above all, go to the network untouched.
 * Privacy: everything stays in this browser's storage on this device (docs/offline.md).
 */

/** Set at build time (vite.config.ts): the shell's URLs and the build's hash. */
declare const __SV_SHELL__: string[]
declare const __SV_BUILD__: string

// The few service-worker types used here (the project's type check runs with the DOM library, not WebWorker's).
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  respondWith(r: Response | Promise<Response>): void
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
}
const sw = self as unknown as WorkerScope
const SHELL_PREFIX = 'sv-shell-'
const SHELL = `${SHELL_PREFIX}${__SV_BUILD__}`

sw.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      await (await caches.open(SHELL)).addAll(__SV_SHELL__)
      await sw.skipWaiting()
    })(),
  )
})

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const k of await caches.keys()) if (k.startsWith(SHELL_PREFIX) && k !== SHELL) await caches.delete(k)
      await sw.clients.claim()
    })(),
  )
})

sw.addEventListener('fetch', (e) => {
  const req = e.request
  const url = new URL(req.url)
  // Only this site's files; the API and every write go to the network untouched.
  if (req.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return
  e.respondWith(req.mode === 'navigate' ? page(req) : shellFile(req))
})

/** A page: from the server, else this build's index.html. */
async function page(req: Request): Promise<Response> {
  try {
    return await fetch(req)
  } catch {
    return (await (await caches.open(SHELL)).match('/index.html')) ?? Response.error()
  }
}

/** A file of the shell from this build's cache, else from the server. */
async function shellFile(req: Request): Promise<Response> {
  const hit = await (await caches.open(SHELL)).match(req)
  if (hit) return hit
  try {
    return await fetch(req)
  } catch {
    return Response.error()
  }
}

/**
 * The offline copies of API answers, kept by the API client (web/client.ts, through web/offline/keep.ts): the caches'
 * names, which answers are kept, and how a kept answer carries the time it was stored. The service worker
 * (web/sw.ts) keeps the app shell; it leaves /api to the client, so tests that route the page's requests still do.
 *
 * Privacy: the copies stay in this browser's Cache Storage on this device; they are emptied when someone logs in
 * or out, or when the server says the session has ended (401), so one user's figures are never shown to another.
 */

/** The API answers kept for offline use (one cache for the whole app; bump the version when answers change shape). */
export const API_CACHE = 'sv-api-v1'
/** Header of a kept answer: when it was stored (ms since 1970). */
export const CACHED_AT = 'x-sv-cached-at'
export const ME_PATH = '/api/auth/me'
export const LOGIN_PATH = '/api/auth/login'
export const LOGOUT_PATH = '/api/auth/logout'
/** At most this many answers are kept; the oldest go first. */
export const MAX_ANSWERS = 400

/**
 * Never kept: the health probe, the session's other routes, the audit log, users, jobs, exports, the data version
 * (asked every few minutes, not a figure) and the API document.
 */
const NEVER = [
  /^\/api\/health$/,
  /^\/api\/auth\/(?!me$)/,
  /^\/api\/(audit|users|jobs|exports)(\/|$)/,
  /^\/api\/data\/version$/,
  /^\/api\/openapi\.json$/,
]

/** Kept: a 200 JSON answer to a GET of our API, outside the routes above. Writes (POST, PUT …) never are. */
export function keepsAnswer(method: string, url: URL, res: Response): boolean {
  if (method.toUpperCase() !== 'GET' || !url.pathname.startsWith('/api/') || res.status !== 200) return false
  if (NEVER.some((re) => re.test(url.pathname))) return false
  return /^application\/(geo\+)?json\b/i.test(res.headers.get('content-type') ?? '')
}

/**
 * Stores a copy of an answer under its URL, stamped with the time. `still()` is asked just before storing: an
 * answer that was on its way while someone logged out is dropped.
 */
export async function keepAnswer(url: string, res: Response, still: () => boolean = () => true, at = Date.now()): Promise<void> {
  const headers = new Headers(res.headers)
  headers.set(CACHED_AT, String(at))
  // The body is stored decoded, so the transfer headers no longer describe it.
  headers.delete('content-encoding')
  headers.delete('content-length')
  const body = await res.blob()
  if (!still()) return
  const cache = await caches.open(API_CACHE)
  await cache.put(url, new Response(body, { status: res.status, statusText: res.statusText, headers }))
  const keys = await cache.keys()
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ANSWERS))) await cache.delete(k)
}

/** The kept answer to a GET, or undefined. */
export async function keptAnswer(url: string): Promise<Response | undefined> {
  return (await caches.open(API_CACHE)).match(url, { ignoreVary: true })
}

/** Empties the kept answers (log in, log out, session ended). */
export const forgetAnswers = (): Promise<boolean> => caches.delete(API_CACHE)

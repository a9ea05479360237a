import { CACHED_AT, forgetAnswers, keepAnswer, keepsAnswer, keptAnswer, LOGIN_PATH, LOGOUT_PATH, ME_PATH } from './rules.ts'

/**
 * The API client's offline copies (web/client.ts calls these around every request): API GETs go to the server
 * first, their JSON answers are kept (web/offline/rules.ts says which), and a kept answer stands in when the server
 * cannot be reached. Logging in or out empties the copies before the request leaves; a login's answer is kept as who
 * is logged in (/api/auth/me); a 401 (the session ended) empties them; a logout made offline is sent to the server
 * before anything else once it answers again, so the session does not come back. Built app only (the service worker
 * that opens it offline exists only there).
 */
const PENDING_LOGOUT = 'sv-pending-logout'
/** Bumped whenever the copies are emptied: an answer that was on its way before is not stored after. */
let epoch = 0
/** Cache writes in the order they were asked (an emptying never overtakes a later copy, nor the reverse). */
let queue: Promise<unknown> = Promise.resolve()
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const p = queue.then(fn, fn)
  queue = p.catch(() => undefined)
  return p
}

const keeping = (): boolean => import.meta.env.PROD && typeof caches !== 'undefined'
const isAuthWrite = (method: string, url: URL) => method === 'POST' && (url.pathname === LOGIN_PATH || url.pathname === LOGOUT_PATH)

function forget(): Promise<unknown> {
  epoch++
  return serial(forgetAnswers).catch(() => undefined)
}

function keep(url: string, res: Response): void {
  const at = epoch
  const copy = res.clone() // now, before the caller reads the body
  void serial(() => keepAnswer(url, copy, () => at === epoch)).catch(() => undefined)
}

/** Before a request leaves: a logout made offline goes first; logging in or out empties the copies. */
export async function beforeRequest(method: string, url: URL): Promise<void> {
  if (!keeping()) return
  if (localStorage.getItem(PENDING_LOGOUT) && !(method === 'POST' && url.pathname === LOGOUT_PATH)) {
    try {
      await fetch(LOGOUT_PATH, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' })
      localStorage.removeItem(PENDING_LOGOUT)
    } catch {
      /* still offline */
    }
  }
  if (isAuthWrite(method, url)) await forget()
}

/** The server answered (its body not read yet): keep it, keep who logged in, or empty the copies (session ended). */
export function afterAnswer(method: string, url: URL, res: Response): void {
  if (!keeping()) return
  if (res.status === 401) void forget()
  else if (method === 'POST' && url.pathname === LOGOUT_PATH) localStorage.removeItem(PENDING_LOGOUT)
  else if (method === 'POST' && url.pathname === LOGIN_PATH && res.ok) keep(new URL(ME_PATH, url).href, res)
  else if (keepsAnswer(method, url, res)) keep(url.href, res)
}

/**
 * The server cannot be reached: the kept answer to a GET with the time it was stored, or null. A logout is
 * remembered, to be sent once the server answers (its copies are already gone).
 */
export async function keptFor(method: string, url: URL): Promise<{ res: Response; at: number } | null> {
  if (!keeping()) return null
  if (method === 'POST' && url.pathname === LOGOUT_PATH) localStorage.setItem(PENDING_LOGOUT, '1')
  if (method !== 'GET') return null
  const res = await serial(() => keptAnswer(url.href)).catch(() => undefined)
  const at = Number(res?.headers.get(CACHED_AT))
  return res && at > 0 ? { res, at } : null
}

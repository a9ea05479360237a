import { afterAnswer, beforeRequest, keptFor } from './offline/keep.ts'
import { connectionMessage, noteFresh, noteKept, noteUnreachable } from './offline/state.ts'

/**
 * The one client of our own /api: JSON in and out, binary downloads, aborts, and the server's errors as ApiError
 * (its message, status and the field it names). A 401 is announced on window (the login screen comes back) and
 * a 400 too (a viewer's status line shows it), unless the call is `quiet`. Offline (docs/offline.md): API answers
 * are kept (web/offline/keep.ts); when the server cannot be reached a kept answer to a GET stands in, else the error
 * is a ConnectionError, status 0, saying the connection is down with the time of the figures still shown; every
 * request tells web/offline/state.ts whether the server, a kept copy or nobody answered.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field: string | null = null,
    readonly retryAfter: number | null = null,
  ) {
    super(message)
  }
}

/** The server cannot be reached: "No connection to the server — showing figures as of …" (status 0). */
export class ConnectionError extends ApiError {
  constructor() {
    super(connectionMessage(), 0)
  }
}

/** True for a failure of the connection (not a refusal by the server). */
export const isConnectionError = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 0

export const BAD_REQUEST_EVENT = 'sv:bad-request'
export const UNAUTHORIZED_EVENT = 'sv:unauthorized'
/** A write (POST, PUT, PATCH, DELETE) the server accepted: the map asks whether its data changed (web/app/data-version.ts). */
export const WROTE_EVENT = 'sv:wrote'
export type BadRequestDetail = { path: string; message: string; field: string | null }

export interface RequestOptions {
  signal?: AbortSignal
  /** No 400/401 events: the caller shows the refusal itself (login, password change, session probe). */
  quiet?: boolean
}

/** The server's message of a refused request: its error, naming the field when the message does not. */
export function refusalText(d: { message: string; field: string | null }): string {
  return d.field && !d.message.includes(d.field) ? `${d.field}: ${d.message}` : d.message
}

export const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError'

interface ErrorBody {
  error?: string
  issues?: { field?: string | null; message?: string }[]
}

/** The error of a failed response, with the server's message and field; a 400 is also announced on window. */
export async function apiError(res: Response, path: string, quiet = false): Promise<ApiError> {
  let msg = `${res.status} ${res.statusText}`
  let field: string | null = null
  try {
    const j = (await res.json()) as ErrorBody
    msg = j.error ?? msg
    field = j.issues?.[0]?.field ?? null
  } catch {
    /* not JSON */
  }
  if (res.status === 400 && !quiet)
    window.dispatchEvent(new CustomEvent<BadRequestDetail>(BAD_REQUEST_EVENT, { detail: { path, message: msg, field } }))
  return new ApiError(msg, res.status, field, Number(res.headers.get('retry-after')) || null)
}

/** fetch with our errors: unreachable → ConnectionError (status 0), not ok → the server's ApiError; aborts pass through. */
export async function request(path: string, init: RequestInit = {}, opts: RequestOptions = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase()
  const url = new URL(path, location.href)
  await beforeRequest(method, url)
  let res: Response
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init, signal: opts.signal })
  } catch (e) {
    if (isAbort(e)) throw e
    const kept = await keptFor(method, url)
    if (!kept) {
      noteUnreachable()
      throw new ConnectionError()
    }
    noteKept(kept.at)
    return kept.res // a 200 kept while the same user was logged in
  }
  noteFresh()
  afterAnswer(method, url, res)
  if (res.status === 401 && !opts.quiet) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT))
  if (!res.ok) throw await apiError(res, path, opts.quiet)
  if (init.method && init.method !== 'GET' && !path.startsWith('/api/auth/')) window.dispatchEvent(new Event(WROTE_EVENT))
  return res
}

const asOpts = (o?: AbortSignal | RequestOptions): RequestOptions => (o instanceof AbortSignal ? { signal: o } : (o ?? {}))

/** The body as JSON; an empty body (204) is null. */
async function json<T>(res: Response): Promise<T> {
  const text = await res.text()
  return (text ? JSON.parse(text) : null) as T
}

export async function getJson<T>(path: string, opts?: AbortSignal | RequestOptions): Promise<T> {
  return json<T>(await request(path, {}, asOpts(opts)))
}

export type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** POST/PUT/PATCH/DELETE with a JSON body (none when `body` is undefined); the answer's JSON, or null. */
export async function sendJson<T>(method: Method, path: string, body?: unknown, opts?: AbortSignal | RequestOptions): Promise<T> {
  const init: RequestInit =
    body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
  return json<T>(await request(path, init, asOpts(opts)))
}

export const postJson = <T>(path: string, body: unknown, opts?: AbortSignal | RequestOptions) => sendJson<T>('POST', path, body, opts)
export const putJson = <T>(path: string, body: unknown, opts?: AbortSignal | RequestOptions) => sendJson<T>('PUT', path, body, opts)
export const patchJson = <T>(path: string, body: unknown, opts?: AbortSignal | RequestOptions) => sendJson<T>('PATCH', path, body, opts)
export const deleteJson = <T>(path: string, opts?: AbortSignal | RequestOptions) => sendJson<T>('DELETE', path, undefined, opts)

/** A binary answer (PNG, PDF, CSV …) with its headers. */
export async function getBlob(path: string, opts?: AbortSignal | RequestOptions): Promise<{ blob: Blob; headers: Headers }> {
  const res = await request(path, {}, asOpts(opts))
  return { blob: await res.blob(), headers: res.headers }
}

/** The file name a Content-Disposition header gives (filename* first), or null. */
export function dispositionName(header: string | null): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      /* fall back to filename= */
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header)
  return plain ? (plain[1] ?? plain[2]).trim() : null
}

/**
 * Downloads an API file (briefing PDF, XLSX, CSV …) through the client, so a refusal or a lost connection is an
 * error the caller shows, never a silent failure or an error page saved as the file. Returns the file's name.
 */
export async function download(path: string, fallbackName?: string | null, opts?: AbortSignal | RequestOptions): Promise<string> {
  const { blob, headers } = await getBlob(path, opts)
  const file =
    dispositionName(headers.get('content-disposition')) ||
    fallbackName ||
    new URL(path, location.href).pathname.split('/').pop() ||
    'download'
  saveBlob(blob, file)
  return file
}

/** Saves a blob as a file through a temporary link. */
export function saveBlob(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = file
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Requests of one loader: each next() aborts the one before, so only the newest answer lands. */
export function latest() {
  let ctl: AbortController | null = null
  return {
    next(): AbortSignal {
      ctl?.abort()
      ctl = new AbortController()
      return ctl.signal
    },
    abort() {
      ctl?.abort()
      ctl = null
    },
  }
}

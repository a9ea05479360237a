import { t } from '../i18n/index.ts'

/**
 * Whether the server can be reached, and the time of the figures shown: the oldest kept answer served since the
 * connection dropped, else the last answer the server sent. The API client (web/client.ts) reports
 * every answer and failure here; the browser's online/offline events too. Listeners hear every change.
 */
export interface Connection {
  offline: boolean
  /** ms since 1970, or null when nothing was loaded yet. */
  asOf: number | null
}
type Listener = (now: Connection, was: Connection) => void

let offline = typeof navigator !== 'undefined' && navigator.onLine === false
let keptAsOf: number | null = null
let freshAt: number | null = null
const listeners = new Set<Listener>()

export const connection = (): Connection => ({ offline, asOf: keptAsOf ?? freshAt })

/** Calls `fn` on every change; returns the function that stops it. */
export function onConnection(fn: Listener): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

function change(update: () => void) {
  const was = connection()
  update()
  const now = connection()
  if (now.offline !== was.offline || now.asOf !== was.asOf) for (const fn of [...listeners]) fn(now, was)
}

/** The server answered. */
export function noteFresh(): void {
  change(() => {
    freshAt = Date.now()
    offline = false
    keptAsOf = null
  })
}

/** A kept answer stored at `at` was served: the server could not be reached. */
export function noteKept(at: number): void {
  change(() => {
    offline = true
    keptAsOf = keptAsOf == null ? at : Math.min(keptAsOf, at)
  })
}

/** The server could not be reached (a fetch failed, the browser went offline). */
export function noteUnreachable(): void {
  change(() => {
    offline = true
  })
}

const pad = (n: number) => String(n).padStart(2, '0')
/** A time as the banner writes it, in the device's time zone: 2026-03-05 14:07. */
export function fmtAsOf(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The message of a request that failed for the connection, with the time of the figures still shown. */
export function connectionMessage(): string {
  const { asOf } = connection()
  return asOf ? t('offline.noConnectionAsOf', { time: fmtAsOf(asOf) }) : t('offline.noConnection')
}

/**
 * Follows the browser's online/offline events. Back online (or every 15 s while offline), it asks the server's
 * health route directly: any answer from the server itself means it is back.
 */
export function watchConnection(): void {
  const probe = async () => {
    try {
      await fetch('/api/health', { cache: 'no-store', credentials: 'same-origin' })
      noteFresh()
    } catch {
      noteUnreachable()
    }
  }
  window.addEventListener('offline', () => noteUnreachable())
  window.addEventListener('online', () => void probe())
  window.setInterval(() => {
    if (offline && navigator.onLine) void probe()
  }, 15_000)
}

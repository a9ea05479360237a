import type { Context, MiddlewareHandler } from 'hono'
import { routeKey } from './auth/route-key.ts'
import { bodyLimitFor, cappedStream, mediaType, readCapped, type CapState } from './body-limits.ts'

/**
 * Response headers for an offline app that loads nothing from elsewhere: a CSP allowing only our own origin
 * (plus the blob:/data: images MapLibre fetches and the workers it starts), nosniff, no framing,
 * and no referrer sent elsewhere.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** For self-contained printable pages: inline styles and embedded fonts, nothing else (no scripts). */
export const DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  // A printable document (routes/reports.ts) carries its own inline styles and font: it sets a CSP of its own.
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('X-Frame-Options', 'DENY')
  c.header('Referrer-Policy', 'no-referrer')
  c.header('Cross-Origin-Opener-Policy', 'same-origin')
}

/** Who may call the API from a browser: our public URL and the loopback addresses on our port. */
export interface OriginSettings {
  publicUrl: string | null
  port: number
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]']

/** What @hono/node-server leaves in c.env (directly, or under `server`): the request and its socket. */
type NodeBindings = { incoming?: { socket?: { localPort?: number; localAddress?: string } } }

/** The address and port this connection arrived on, from the socket (never from a header); null without a socket. */
function localEndpoint(c: Context): { address: string; port: number } | null {
  try {
    const env: NodeBindings | undefined = c.env?.server ?? c.env
    const s = env?.incoming?.socket
    if (!s?.localPort) return null
    const address = String(s.localAddress ?? '').replace(/^::ffff:/, '')
    return { address: address.includes(':') ? `[${address}]` : address, port: s.localPort }
  } catch {
    return null
  }
}

/**
 * The origins a page of ours can have: PUBLIC_URL, and http://{127.0.0.1,localhost,[::1]} on the configured port and
 * on the port (and address) the connection actually arrived on. The Host header never widens the list: under DNS
 * rebinding it is the attacker's name.
 */
export function ownOrigins(o: OriginSettings, local: { address: string; port: number } | null): Set<string> {
  const out = new Set<string>()
  if (o.publicUrl) out.add(new URL(o.publicUrl).origin)
  for (const port of new Set([o.port, local?.port].filter((p): p is number => !!p))) {
    for (const h of LOOPBACK) out.add(`http://${h}:${port}`)
  }
  if (local?.address) out.add(new URL(`http://${local.address}:${local.port}`).origin)
  return out
}

/** A Host header's value as URL.host would write it under either scheme (so `example:443` matches https://example). */
function hostForms(host: string): string[] {
  try {
    return [new URL(`http://${host}`).host, new URL(`https://${host}`).host]
  } catch {
    return []
  }
}

const originOf = (v: string) => {
  try {
    return new URL(v).origin
  } catch {
    return null
  }
}

/** A refusal answered (and audited) by the gate: a JSON error naming the field. */
export type Refuse = (c: Context, status: 401 | 403 | 413, field: string, message: string) => Promise<Response>

/**
 * DNS rebinding and CSRF. Every API request's Host (when sent) must be one of ours; a state-changing request with an
 * Origin must come from one of our origins, and a browser request without Origin must not be cross-site
 * (Sec-Fetch-Site). Clients sending neither (curl, scripts) are not browsers and carry no cookie risk.
 */
export function ownOriginOnly(o: OriginSettings, refuse: Refuse): MiddlewareHandler {
  // One list per local endpoint (a server has few addresses and one port).
  const lists = new Map<string, { own: Set<string>; hosts: Set<string> }>()
  const listFor = (local: { address: string; port: number } | null) => {
    const k = local ? `${local.address} ${local.port}` : ''
    let l = lists.get(k)
    if (!l) {
      const own = ownOrigins(o, local)
      l = { own, hosts: new Set([...own].map((x) => new URL(x).host)) }
      if (lists.size < 64) lists.set(k, l)
    }
    return l
  }
  return async (c, next) => {
    const { own, hosts } = listFor(localEndpoint(c))
    const host = c.req.header('host')
    if (host != null && !hostForms(host).some((h) => hosts.has(h))) {
      return refuse(c, 403, 'host', `host ${host.slice(0, 100)} is not this site (set PUBLIC_URL to the address users open)`)
    }
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next()
    const origin = c.req.header('origin')
    const site = c.req.header('sec-fetch-site')
    const crossOrigin = origin != null && !own.has(originOf(origin) ?? '')
    if (crossOrigin || (origin == null && site != null && site !== 'same-origin' && site !== 'none')) {
      return refuse(c, 403, 'origin', 'cross-site request refused: state-changing requests must come from this site')
    }
    return next()
  }
}

const NUL_ESCAPE = /(^|[^\\])(\\\\)*\\u0000/
const nulIssue = (c: Context, field: string) =>
  c.json({ error: `${field} contains a NUL character`, issues: [{ field, path: [field], message: 'NUL characters are not allowed' }] }, 400)

/**
 * PostgreSQL text cannot hold a NUL character: refuse one in the query string or path with a 400 naming the field,
 * instead of letting the database fail. Reads no body.
 */
export const refuseNulInUrl: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url)
  for (const [k, v] of url.searchParams)
    if (k.includes('\u0000') || v.includes('\u0000')) return nulIssue(c, k.replaceAll('\u0000', '') || 'query')
  if (decodeURIComponentSafe(url.pathname).includes('\u0000')) return nulIssue(c, 'path')
  return next()
}

/** A 400 for a JSON body holding a NUL or a lone surrogate (PostgreSQL text can hold neither), or null when it is clean. */
function badJsonText(c: Context, text: string): Response | null {
  // A NUL, or a lone UTF-16 surrogate written as a JSON escape (\ud800).
  if (!text.includes('\u0000') && !NUL_ESCAPE.test(text) && !SURROGATE_ESCAPE.test(text)) return null
  let o: unknown
  try {
    o = JSON.parse(text)
  } catch {
    return null
  } // not JSON: the route says so
  const found = badString(o)
  if (!found) return null
  if (found.nul) return nulIssue(c, found.field)
  return c.json(
    {
      error: `${found.field} contains a lone surrogate (not valid Unicode text)`,
      issues: [{ field: found.field, path: [found.field], message: 'lone UTF-16 surrogates are not allowed' }],
    },
    400,
  )
}

/**
 * Caps every body as it arrives, after the session and role were checked (authorize): a Content-Length over the
 * route's cap (body-limits.ts) is refused before a byte is read, and a longer stream is cut once the cap is passed.
 * A JSON body (small) is read once through the cap, checked for NULs and lone surrogates, and handed on buffered;
 * any other body is handed on as the capped stream.
 */
export function capBodies(refuse: Refuse): MiddlewareHandler {
  return async (c, next) => {
    const key = routeKey(c)
    if (!key || c.req.method === 'GET' || c.req.method === 'HEAD') return next() // no route reads it
    const type = mediaType(c.req.header('content-type'))
    const { max, streams } = bodyLimitFor(key, type)
    const tooBig = () => refuse(c, 413, 'body', `body is larger than ${max} bytes`)
    const length = Number(c.req.header('content-length'))
    if (length > max) return tooBig()
    const body = c.req.raw.body
    if (!body) return next()
    if (!streams && type.includes('json')) {
      const bytes = await readCapped(body, max)
      if (!bytes) return tooBig()
      const bad = badJsonText(c, new TextDecoder().decode(bytes))
      if (bad) return bad
      c.req.raw = new Request(c.req.raw, { body: bytes })
      return next()
    }
    const state: CapState = { over: false, bytes: 0 }
    c.req.raw = new Request(c.req.raw, { body: cappedStream(body, max, state), duplex: 'half' } as RequestInit)
    await next()
    if (state.over) {
      c.res = undefined
      c.res = await tooBig()
    }
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/

/** The first string (or key) in a JSON value that holds a NUL or is not well-formed UTF-16, with its top-level field. */
function badString(root: unknown): { field: string; nul: boolean } | null {
  const stack: [unknown, string][] = [[root, 'body']]
  while (stack.length) {
    const [v, field] = stack.pop()!
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { field, nul: true }
      if (LONE_SURROGATE.test(v)) return { field, nul: false }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const f = field === 'body' && !Array.isArray(v) ? k : field
        if (k.includes('\u0000')) return { field: f, nul: true }
        if (LONE_SURROGATE.test(k)) return { field: f, nul: false }
        stack.push([x, f])
      }
    }
  }
  return null
}

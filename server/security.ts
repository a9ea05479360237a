import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/**
 * Response headers for an offline app that loads nothing from elsewhere: a CSP allowing only our own origin
 * (plus the blob:/data: images MapLibre fetches and the workers it starts), nosniff, no framing,
 * and no referrer sent elsewhere.
 */
export const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
  "font-src 'self' data:", "connect-src 'self' data: blob:", "worker-src 'self' blob:", "child-src 'self' blob:",
  "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ')

/** For self-contained printable pages: inline styles and embedded fonts, nothing else (no scripts). */
export const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  // A printable document (routes/reports.ts) carries its own inline styles and font: it sets a CSP of its own.
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('X-Frame-Options', 'DENY')
  c.header('Referrer-Policy', 'no-referrer')
  c.header('Cross-Origin-Opener-Policy', 'same-origin')
}

/**
 * CSRF: a state-changing request from a browser must come from our own origin. Browsers send Origin (or at least
 * Sec-Fetch-Site) on cross-site POSTs; clients without them (curl, scripts) are not browsers and carry no cookie risk.
 */
export const sameOriginWrites: MiddlewareHandler = async (c, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next()
  const origin = c.req.header('origin')
  const site = c.req.header('sec-fetch-site')
  const host = c.req.header('host')
  const own = origin != null && host != null && (() => { try { return new URL(origin).host === host } catch { return false } })()
  if ((origin != null && !own) || (origin == null && site != null && site !== 'same-origin' && site !== 'none')) {
    return c.json({ error: 'cross-site request refused', issues: [{ field: 'origin', path: ['origin'], message: 'state-changing requests must come from this site' }] }, 403)
  }
  return next()
}

/** hono's bodyLimit on every path but `except` (which streams and checks its own size). */
export function bodyLimitExcept(opts: Parameters<typeof bodyLimit>[0], except: string): MiddlewareHandler {
  const limit = bodyLimit(opts)
  return (c, next) => (c.req.path === except ? next() : limit(c, next))
}

const NUL_ESCAPE = /(^|[^\\])(\\\\)*\\u0000/
/**
 * PostgreSQL text cannot hold a NUL character: refuse one in the query string or a JSON body with a 400 naming the
 * field, instead of letting the database fail. (Imports report it per row.)
 */
export const refuseNul: MiddlewareHandler = async (c, next) => {
  const bad = (field: string) => c.json({ error: `${field} contains a NUL character`, issues: [{ field, path: [field], message: 'NUL characters are not allowed' }] }, 400)
  const url = new URL(c.req.url)
  for (const [k, v] of url.searchParams) if (k.includes('\u0000') || v.includes('\u0000')) return bad(k.replace(/\u0000/g, '') || 'query')
  if (decodeURIComponentSafe(url.pathname).includes('\u0000')) return bad('path')
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (c.req.method !== 'GET' && type.includes('application/json')) {
    const text = await c.req.raw.clone().text()
    // A NUL, or a lone UTF-16 surrogate written as a JSON escape (\ud800): PostgreSQL text can hold neither.
    if (text.includes('\u0000') || NUL_ESCAPE.test(text) || SURROGATE_ESCAPE.test(text)) {
      let o: unknown
      try { o = JSON.parse(text) } catch { return next() } // not JSON: the route says so
      const found = badString(o)
      if (found) return found.nul ? bad(found.field) : c.json({ error: `${found.field} contains a lone surrogate (not valid Unicode text)`, issues: [{ field: found.field, path: [found.field], message: 'lone UTF-16 surrogates are not allowed' }] }, 400)
    }
  }
  return next()
}

function decodeURIComponentSafe(s: string): string { try { return decodeURIComponent(s) } catch { return s } }

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

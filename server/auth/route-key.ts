import type { Context } from 'hono'
import { matchedRoutes } from 'hono/route'

/** "METHOD /path" of the API route this request will reach, or null when none will (a 404). */
export function routeKey(c: Context): string | null {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method
  for (const r of matchedRoutes(c)) {
    if (r.method === method && r.path.startsWith('/api/') && !r.path.includes('*')) return `${method} ${r.path}`
  }
  return null
}

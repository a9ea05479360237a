import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './config.ts'
import type { Db } from './db/types.ts'
import { HttpError } from './routes/errors.ts'
import { sameOriginWrites, securityHeaders } from './security.ts'
import { areasRoutes } from './routes/areas.ts'
import { densityRoutes } from './routes/density.ts'
import { healthRoutes } from './routes/health.ts'
import { hotspotRoutes } from './routes/hotspots.ts'
import { incidentRoutes } from './routes/incidents.ts'
import { importRoutes } from './routes/import.ts'
import { statsRoutes } from './routes/stats.ts'
import { villageRoutes } from './routes/villages.ts'

const VERSION = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string

/** The whole HTTP surface; tests call app.request() on it directly. */
export function createApp(db: Db, opts: { staticDir?: string } = {}) {
  const deps = { db, version: VERSION }
  const api = new OpenAPIHono()
  api.route('/', healthRoutes(deps))
  api.route('/', areasRoutes(deps))
  api.route('/', villageRoutes(deps))
  api.route('/', incidentRoutes(deps))
  api.route('/', importRoutes(deps))
  api.route('/', statsRoutes(deps))
  api.route('/', hotspotRoutes(deps))
  api.route('/', densityRoutes(deps))
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'SafeVillage API', version: VERSION, description: 'Incidents and administrative areas of Cambodia for the Safety Village/Commune/Sangkat policy.' },
  })
  api.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404))

  const app = new OpenAPIHono()
  app.use('*', securityHeaders)
  app.use('/api/*', sameOriginWrites)
  app.route('/api', api)
  const staticDir = opts.staticDir ?? path.join(ROOT, 'dist')
  if (existsSync(path.join(staticDir, 'index.html'))) {
    const root = path.relative(process.cwd(), staticDir) || '.'
    app.use('/*', serveStatic({ root }))
    app.get('/*', serveStatic({ root, path: 'index.html' }))
  }
  app.notFound((c) => c.json({ error: `not found: ${c.req.path}` }, 404))
  app.onError((err, c) => {
    if (err instanceof HttpError) return c.json({ error: err.message, ...(err.field ? { issues: [{ field: err.field, path: [err.field], message: err.message }] } : {}) }, err.status)
    if (err instanceof HTTPException && err.status < 500) return c.json({ error: err.message || 'bad request' }, err.status)
    console.error(err)
    return c.json({ error: 'internal error' }, 500)
  })
  return app
}

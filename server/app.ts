import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { DEFAULT_PORT, ROOT } from './config.ts'
import type { Db } from './db/types.ts'
import { HttpError } from './routes/errors.ts'
import { capBodies, ownOriginOnly, refuseNulInUrl, securityHeaders } from './security.ts'
import { authorize, SESSION_COOKIE } from './auth/middleware.ts'
import { maskedRules, viewerRules } from './auth/disclosure-rules.ts'
import { recordClient, refuser } from './auth/audit.ts'
import { DEFAULT_PRIVACY, type PrivacyConfig } from './config.ts'
import type { AuthSettings, Deps, PolicySettings } from './routes/deps.ts'
import { ZERO_THRESHOLDS } from './domain/safety.ts'
import type { AppEnv } from './routes/env.ts'
import { auditRoutes } from './routes/audit.ts'
import { authRoutes } from './routes/auth.ts'
import { userRoutes } from './routes/users.ts'
import { areasRoutes } from './routes/areas.ts'
import { densityRoutes } from './routes/density.ts'
import { healthRoutes } from './routes/health.ts'
import { hotspotRoutes } from './routes/hotspots.ts'
import { incidentRoutes } from './routes/incidents.ts'
import { incidentEditRoutes } from './routes/incident-edit.ts'
import { postRoutes } from './routes/posts.ts'
import { coverageRoutes } from './routes/coverage.ts'
import { optimizeRoutes } from './routes/optimize.ts'
import { importRoutes } from './routes/import.ts'
import { statsRoutes } from './routes/stats.ts'
import { villageRoutes } from './routes/villages.ts'
import { safetyRoutes } from './routes/safety.ts'
import { reportRoutes } from './routes/reports.ts'
import { forumRoutes } from './routes/forums.ts'
import { pilotRoutes } from './routes/pilots.ts'
import { rankingRoutes } from './routes/ranking.ts'
import { exportRoutes } from './routes/exports.ts'
import { dataVersionRoutes } from './routes/data-version.ts'

export { MAX_JSON_BYTES } from './body-limits.ts'

const VERSION = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string

/** The whole HTTP surface; tests call app.request() on it directly. */
export interface AppOptions {
  staticDir?: string
  privacy?: PrivacyConfig
  auth?: Partial<AuthSettings>
  policy?: Partial<PolicySettings>
  /** The port the server listens on (config PORT; default 5173): loopback origins on it are ours. */
  port?: number
  /** The address users open (config PUBLIC_URL), e.g. https://safevillage.example. */
  publicUrl?: string | null
  /** Take the audited client address from X-Forwarded-For (config TRUST_PROXY). */
  trustProxy?: boolean
}

export function createApp(db: Db, opts: AppOptions = {}) {
  const deps: Deps = {
    db,
    version: VERSION,
    privacy: opts.privacy ?? DEFAULT_PRIVACY,
    auth: { sessionHours: 12, cookieSecure: false, ...opts.auth },
    policy: { thresholds: ZERO_THRESHOLDS, ...opts.policy },
    gate: {
      publicUrl: opts.publicUrl ? new URL(opts.publicUrl).origin : null,
      port: opts.port || DEFAULT_PORT,
      trustProxy: opts.trustProxy ?? false,
    },
  }
  const api = new OpenAPIHono<AppEnv>()
  api.route('/', healthRoutes(deps))
  api.route('/', authRoutes(deps))
  api.route('/', userRoutes(deps))
  api.route('/', auditRoutes(deps))
  api.route('/', areasRoutes(deps))
  api.route('/', villageRoutes(deps))
  api.route('/', incidentRoutes(deps))
  api.route('/', incidentEditRoutes(deps))
  api.route('/', coverageRoutes(deps)) // before /posts/{id}
  api.route('/', optimizeRoutes(deps))
  api.route('/', postRoutes(deps))
  api.route('/', importRoutes(deps))
  api.route('/', statsRoutes(deps))
  api.route('/', hotspotRoutes(deps))
  api.route('/', densityRoutes(deps))
  api.route('/', safetyRoutes(deps))
  api.route('/', reportRoutes(deps))
  api.route('/', forumRoutes(deps))
  api.route('/', pilotRoutes(deps))
  api.route('/', rankingRoutes(deps))
  api.route('/', exportRoutes(deps))
  api.route('/', dataVersionRoutes(deps))
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE })
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'SafeVillage API',
      version: VERSION,
      description: 'Incidents and administrative areas of Cambodia for the Safety Village/Commune/Sangkat policy.',
    },
  })
  api.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404))

  const app = new OpenAPIHono<AppEnv>()
  app.use('*', securityHeaders)
  // The gate, in this order: nothing reads a body before the session and role are checked (authorize reads only
  // the cookie, path and query), and every body is capped as it arrives (body-limits.ts). Refusals are audited.
  const refuse = refuser(db)
  app.use('/api/*', recordClient(deps.gate.trustProxy))
  app.use('/api/*', ownOriginOnly(deps.gate, refuse))
  app.use('/api/*', refuseNulInUrl)
  app.use('/api/*', authorize(deps))
  app.use('/api/*', viewerRules)
  app.use('/api/*', maskedRules)
  app.use('/api/*', capBodies(refuse))
  app.route('/api', api)
  // An unknown API path is a JSON 404, never the app's page (the static fallback below would answer it).
  app.all('/api/*', (c) => c.json({ error: `not found: ${c.req.method} ${c.req.path}` }, 404))
  const staticDir = opts.staticDir ?? path.join(ROOT, 'dist')
  if (existsSync(path.join(staticDir, 'index.html'))) {
    const root = path.relative(process.cwd(), staticDir) || '.'
    // The service worker (web/sw.ts): always checked with the server, so a new build's worker replaces the old one.
    app.use('/sw.js', async (c, next) => {
      await next()
      // A build without one answers 404, never the app's page (a worker script must be JavaScript).
      if (!/javascript/.test(c.res.headers.get('content-type') ?? '')) c.res = c.json({ error: 'not found: /sw.js' }, 404)
      else c.header('Cache-Control', 'no-cache')
    })
    app.use('/*', serveStatic({ root }))
    app.get('/*', serveStatic({ root, path: 'index.html' }))
  }
  app.notFound((c) => c.json({ error: `not found: ${c.req.path}` }, 404))
  app.onError((err, c) => {
    if (err instanceof HttpError)
      return c.json(
        { error: err.message, ...(err.field ? { issues: [{ field: err.field, path: [err.field], message: err.message }] } : {}) },
        err.status,
      )
    if (err instanceof HTTPException && err.status < 500) return c.json({ error: err.message || 'bad request' }, err.status)
    console.error(err)
    return c.json({ error: 'internal error' }, 500)
  })
  return app
}

import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { bootstrap } from './bootstrap.ts'
import { computePool, jobPool } from './compute/index.ts'
import { loadConfig, privacyConfig } from './config.ts'
import { parseThresholds } from './domain/safety.ts'
import { warmHotspotGrids } from './services/hotspots.ts'

const cfg = loadConfig()
const db = await bootstrap(cfg)
const app = createApp(db, {
  privacy: privacyConfig(cfg),
  auth: { sessionHours: cfg.SESSION_HOURS, cookieSecure: cfg.COOKIE_SECURE },
  policy: { thresholds: parseThresholds(cfg.SAFE_THRESHOLDS) },
  port: cfg.PORT,
  publicUrl: cfg.PUBLIC_URL ?? null,
  trustProxy: cfg.TRUST_PROXY,
})
// Load the compute threads before the first request needs them.
computePool().warm()
jobPool().warm()
// Build the common hot-spot grids in the background (a first request then only counts incidents).
warmHotspotGrids(db).catch((e) => console.warn(`hot-spot grids not prepared: ${(e as Error).message}`))
const server = serve({ fetch: app.fetch, port: cfg.PORT, hostname: cfg.HOST }, (info) => {
  console.log(`SafeVillage is running at http://${cfg.HOST === '0.0.0.0' ? '127.0.0.1' : cfg.HOST}:${info.port}/`)
})

const shutdown = async () => {
  server.close()
  await db.close()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)

// npm run bench:load [-- --duration 30 --connections 50]: the real server on the embedded database (or DATABASE_URL),
// on 127.0.0.1, loaded with autocannon: /api/incidents and /api/stats/areas, 50 connections for 30 s each, as an
// analyst. Prints requests/s, p50, p99 and the errors. A benchmark, not a test.
import { serve } from '@hono/node-server'
import autocannon from 'autocannon'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { createApp } from '../server/app.ts'
import { hashPassword } from '../server/auth/password.ts'
import { bootstrap } from '../server/bootstrap.ts'
import { loadConfig, privacyConfig } from '../server/config.ts'

const { values } = parseArgs({ options: { duration: { type: 'string', default: '30' }, connections: { type: 'string', default: '50' } } })
const duration = Number(values.duration),
  connections = Number(values.connections)
const cfg = loadConfig()
const db = await bootstrap(cfg, (s) => console.error(s))

// A user of its own, whatever the demo password is.
const PASSWORD = 'bench-load-password-2010'
await db.query(
  `INSERT INTO users (username, role, password_hash, display_name) VALUES ('bench-analyst', 'analyst', $1, 'load bench')
  ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, disabled = false`,
  [await hashPassword(PASSWORD)],
)

const app = createApp(db, { privacy: privacyConfig(cfg) })
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
await new Promise((r) => server.once('listening', r))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench-analyst', password: PASSWORD }),
})
if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`)
const cookie = login.headers.get('set-cookie')!.split(';')[0]
const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')

const targets = [
  { name: 'incidents (bbox, 500)', path: '/api/incidents?bbox=104.8,11.5,105.0,11.65&limit=500' },
  { name: 'stats/areas (communes, year)', path: '/api/stats/areas?level=commune&from=2025-11-01&to=2026-10-31' },
]
const rows: string[][] = []
for (const t of targets) {
  const check = await fetch(base + t.path, { headers: { cookie } })
  if (check.status !== 200) throw new Error(`${t.path}: ${check.status}`)
  console.error(`loading ${t.path} with ${connections} connections for ${duration} s…`)
  const r = await autocannon({ url: base + t.path, connections, duration, headers: { cookie }, timeout: 30 })
  rows.push([
    t.name,
    r.requests.total.toLocaleString('en-US'),
    (r.requests.total / r.duration).toFixed(1),
    String(r.latency.p50),
    String(r.latency.p99),
    String(r.latency.max),
    String(r.non2xx),
    String(r.errors),
    String(r.timeouts),
  ])
}
const head = ['endpoint', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'timeouts']
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
console.log(`load: ${db.engine}, ${n.toLocaleString('en-US')} incidents, ${connections} connections, ${duration} s per endpoint, 127.0.0.1`)
console.log(line(head))
for (const r of rows) console.log(line(r))
// Let requests still in flight finish before the database closes.
await new Promise((r) => setTimeout(r, 1500))
;(server as any).closeAllConnections?.()
await new Promise((r) => server.close(() => r(null)))
await db.close()

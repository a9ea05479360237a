// npm run bench:hotspots — the hot-spot API on the app's database (embedded in DATA_DIR, or DATABASE_URL), in
// process, as an analyst: optimized hot spots on automatic hexagons and Gi* on 5 km hexagons, first (grid built)
// and then with the grid cached (a new alpha each time, so only the result cache is bypassed). Prints the
// figures next to the ones issue 13 measured before grids were cached. A benchmark, not a test.
import { createApp } from '../server/app.ts'
import { hashPassword } from '../server/auth/password.ts'
import { bootstrap } from '../server/bootstrap.ts'
import { loadConfig, privacyConfig } from '../server/config.ts'

const cfg = loadConfig()
const db = await bootstrap(cfg, (s) => console.error(s))
const PASSWORD = 'bench-hotspots-password-2010'
await db.query(
  `INSERT INTO users (username, role, password_hash, display_name) VALUES ('bench-hotspots', 'analyst', $1, 'hot spot bench')
  ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, disabled = false`,
  [await hashPassword(PASSWORD)],
)
await db.query(`DELETE FROM login_throttle WHERE username = 'bench-hotspots'`)
const app = createApp(db, { privacy: privacyConfig(cfg) })
const login = await app.request('/api/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench-hotspots', password: PASSWORD }),
})
if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`)
const cookie = login.headers.get('set-cookie')!.split(';')[0]
const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')

async function time(path: string): Promise<[number, number]> {
  const t = performance.now()
  const r = await app.request(path, { headers: { cookie } })
  const body = await r.text()
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${body.slice(0, 200)}`)
  return [performance.now() - t, JSON.parse(body).features.length]
}

const cases = [
  { name: 'optimized, automatic hexagons', path: '/api/hotspots?method=optimized&unit=hex', before: '7–10 s' },
  { name: 'Gi*, 5 km hexagons', path: '/api/hotspots?method=gistar&unit=hex&size=5000', before: '1.5 s' },
]
console.log(`hot spots: ${db.engine}, ${n.toLocaleString('en-US')} incidents, analyst, in process`)
for (const c of cases) {
  const [cold, units] = await time(`${c.path}&alpha=0.05`)
  const warm: number[] = []
  for (const a of ['0.049', '0.048', '0.047']) warm.push((await time(`${c.path}&alpha=${a}`))[0])
  warm.sort((x, y) => x - y)
  console.log(
    `  ${c.name.padEnd(32)} ${String(units).padStart(5)} units  first ${(cold / 1000).toFixed(2)} s  cached grid ${(warm[1] / 1000).toFixed(2)} s (median of 3)  before ${c.before}`,
  )
}
await db.close()
process.exit(0)

// npm run bench:abuse [-- --seconds 30]: the real server (a child process on 127.0.0.1, embedded database in DATA_DIR
// or DATABASE_URL) under the abuse found in issue 12, while another user polls a cheap request. Fires the heavy
// analyses (over budget and within it, new seeds, aborted requests), a 400 MB anonymous upload and a burst of login
// guesses; prints that user's worst latency, the server's memory growth and how the huge body was refused.
// Goals: worst latency under 1 s, memory growth under 300 MB, the huge body refused within a second. Bounded in
// requests and time; loopback only. A benchmark, not a test.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { hashPassword } from '../server/auth/password.ts'
import { bootstrap } from '../server/bootstrap.ts'
import { ROOT, loadConfig } from '../server/config.ts'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' } } })
const SECONDS = Math.min(120, Number(values.seconds))
const cfg = loadConfig()
const PASSWORD = 'bench-abuse-password-2010'

// Users of our own, whatever the demo password is (the database is closed again before the server opens it).
const db = await bootstrap(cfg, (s) => console.error(s))
const hash = await hashPassword(PASSWORD)
for (const [u, role] of [
  ['abuse-viewer', 'viewer'],
  ['abuse-analyst', 'analyst'],
  ['abuse-victim', 'admin'],
  ['abuse-guessed', 'viewer'],
]) {
  await db.query(
    `INSERT INTO users (username, role, password_hash, display_name) VALUES ($1, $2, $3, 'abuse bench')
    ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role, disabled = false`,
    [u, role, hash],
  )
}
await db.query(`DELETE FROM login_throttle WHERE username LIKE 'abuse-%'`)
const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')
const engine = db.engine
await db.close()

const port = await freePort()
const base = `http://127.0.0.1:${port}`
const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'never' },
  stdio: ['ignore', 'pipe', 'inherit'],
})
await new Promise<void>((resolve, reject) => {
  child.stdout!.on('data', (d) => {
    if (String(d).includes('is running at')) resolve()
  })
  child.once('exit', (c) => reject(new Error(`server exited with ${c}`)))
})
const rss = () => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024
  } catch {
    return 0
  }
}

async function login(username: string) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`)
  return r.headers.get('set-cookie')!.split(';')[0]
}
const [viewer, analyst, victim] = [await login('abuse-viewer'), await login('abuse-analyst'), await login('abuse-victim')]
const get = (p: string, cookie: string, signal?: AbortSignal) => fetch(base + p, { headers: { cookie }, signal })

// Warm up, then the baseline memory and the victim's polling.
await get('/api/auth/me', victim)
await new Promise((r) => setTimeout(r, 1000))
const rss0 = rss()
let peak = rss0
const sampler = setInterval(() => {
  peak = Math.max(peak, rss())
}, 100)
const latencies: number[] = []
let polling = true
const poller = (async () => {
  while (polling) {
    const t = performance.now()
    const r = await get('/api/auth/me', victim)
    await r.arrayBuffer()
    latencies.push(performance.now() - t)
    await new Promise((res) => setTimeout(res, 100))
  }
})()

const results: { what: string; status: string; ms: number }[] = []
async function attempt(what: string, run: () => Promise<Response>) {
  const t = performance.now()
  try {
    const r = await run()
    await r.arrayBuffer().catch(() => null)
    results.push({ what, status: String(r.status), ms: performance.now() - t })
  } catch (e) {
    results.push({ what, status: (e as Error).name, ms: performance.now() - t })
  }
}

// The 400 MB anonymous upload on a raw socket: how long until the server answers, and how many bytes it took in
// (written to the socket before it answered or closed) out of 400 MB.
let written = 0
const huge = (async () => {
  const t = performance.now()
  const status = await new Promise<string>((resolve) => {
    const sock = connect(port, '127.0.0.1')
    let answered = false
    sock.once('data', (d) => {
      answered = true
      resolve(String(d).split(' ')[1] ?? '?')
      sock.destroy()
    })
    sock.once('error', () => resolve(answered ? '?' : 'reset'))
    sock.once('close', () => resolve(answered ? '?' : 'closed'))
    sock.write(
      `POST /api/incidents/import HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/csv\r\nContent-Length: ${400 * 2 ** 20}\r\n\r\n`,
    )
    const chunk = Buffer.alloc(2 ** 20, 0x41)
    const pump = () => {
      while (!answered && !sock.destroyed && written < 400 * 2 ** 20) {
        written += chunk.length
        if (!sock.write(chunk)) {
          sock.once('drain', pump)
          return
        }
      }
    }
    pump()
  })
  results.push({ what: 'anonymous 400 MB CSV upload', status, ms: performance.now() - t })
})()
const year = new Date().getUTCFullYear() - 1
const heavy: [string, string, string][] = [
  ['viewer density 300 m cells, 200 km Gaussian', '/api/density?cell=300&bandwidth=200000&kernel=gaussian', viewer],
  ['analyst 500 m hexagons nationally (criteria 1, 2)', '/api/hotspots?unit=hex&size=500&criteria=1,2', analyst],
  [
    'analyst local Moran on villages, 100 km band, 9,999 permutations',
    '/api/hotspots?method=localmoran&unit=village&band=100000&permutations=9999',
    analyst,
  ],
  ['viewer density (map defaults)', '/api/density?cell=1000&format=png', viewer],
  ['viewer optimized hot spots (automatic hexagons)', '/api/hotspots?method=optimized&unit=hex', viewer],
  ['viewer Gi* 5 km hexagons', `/api/hotspots?unit=hex&size=5000&from=${year}-01-01&to=${year}-12-31`, viewer],
  ['viewer briefing PDF (Cambodia)', `/api/exports/briefing.pdf?from=${year}-01-01&to=${year}-12-31`, viewer],
]
const work: Promise<void>[] = [huge]
for (const [what, p, cookie] of heavy) work.push(attempt(what, () => get(p, cookie)))
// Local Moran with a new seed each time (no cache), more than the per-user cap at once.
for (let s = 1; s <= 6; s++)
  work.push(
    attempt(`analyst local Moran communes, 9,999 permutations, seed ${s}`, () =>
      get(`/api/hotspots?method=localmoran&unit=commune&permutations=9999&seed=${1000 + s}`, analyst),
    ),
  )
// Requests whose client goes away after 300 ms.
for (let s = 1; s <= 3; s++) {
  work.push(
    attempt(`aborted after 300 ms (seed ${s})`, () => {
      const a = new AbortController()
      setTimeout(() => a.abort(), 300)
      return get(`/api/hotspots?method=localmoran&unit=village&area=12&permutations=9999&seed=${2000 + s}`, analyst, a.signal)
    }),
  )
}
// 20 login guesses at once.
work.push(
  ...Array.from({ length: 20 }, (_, i) =>
    attempt(`login guess ${i + 1}`, () =>
      fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ username: 'abuse-guessed', password: `wrong-${i}` }),
      }),
    ),
  ),
)

await Promise.race([Promise.all(work), new Promise((r) => setTimeout(r, SECONDS * 1000))])
polling = false
await poller
clearInterval(sampler)
peak = Math.max(peak, rss())

const sorted = [...latencies].sort((a, b) => a - b)
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
const hugeRow = results.find((r) => r.what.startsWith('anonymous'))
console.log(`abuse bench: ${engine}, ${n.toLocaleString('en-US')} incidents, ${SECONDS} s at most, server pid ${child.pid} on 127.0.0.1`)
for (const r of results.filter((x) => !x.what.startsWith('login guess')))
  console.log(`  ${r.status.padEnd(10)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  ${r.what}`)
const guesses = results.filter((x) => x.what.startsWith('login guess'))
console.log(
  `  login guesses: ${guesses.length} sent, statuses ${JSON.stringify(Object.fromEntries([...new Set(guesses.map((g) => g.status))].map((s) => [s, guesses.filter((g) => g.status === s).length])))}`,
)
console.log(
  `other user's GET /api/auth/me: ${latencies.length} requests, p50 ${pct(0.5).toFixed(0)} ms, p99 ${pct(0.99).toFixed(0)} ms, worst ${sorted.at(-1)?.toFixed(0)} ms (goal < 1000 ms)`,
)
console.log(
  `server memory: ${(rss0 / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB, growth ${((peak - rss0) / 2 ** 20).toFixed(0)} MB (goal < 300 MB)`,
)
console.log(
  `huge body: ${hugeRow?.status} after ${hugeRow ? (hugeRow.ms / 1000).toFixed(2) : '?'} s, ${(written / 2 ** 20).toFixed(0)} MB of 400 MB written before the answer (goal: refused within 1 s)`,
)
child.kill('SIGTERM')
await new Promise((r) => child.once('exit', r))

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as any).port
      s.close(() => resolve(p))
    })
  })
}

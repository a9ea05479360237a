import { describe, expect, it } from 'vitest'
import { CAPS, TIME_LIMIT_MS } from '../../server/compute/budgets.ts'
import { heavyStats } from '../../server/compute/caps.ts'
import { computePool, computeStats } from '../../server/compute/index.ts'
import { useTestApp, type Who } from '../helpers/app.ts'

// Heavy work (density, hot spots, placement, the briefing) is estimated against budgets, capped per user and
// role, and run on compute threads with a time limit, cancellation and a heap bound (docs/limits.md).
const t = useTestApp()

const until = async (cond: () => boolean, what: string, ms = 60_000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`never saw: ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
const pool = () => computePool().stats()
const hotspotTaskRunning = () => pool().tasks.some((x) => x.task === 'hotspots')
const userId = async (who: string) => Number((await t.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [who]))[0].id)
/** An allowed but heavy analysis: local Moran on 13,951 villages × 8 neighbours × 4,000 permutations (4.5 × 10⁸ draws, under the 5 × 10⁸ budget). */
const heavy = (seed: number) => `/api/hotspots?method=localmoran&unit=village&permutations=4000&seed=${seed}`
const optimize = (body: unknown, who: Who = 'analyst') =>
  t.request('/api/posts/optimize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, who)

describe('budgets: over-budget requests are refused before any work, 422 naming the parameter', () => {
  // (Viewers and analysts of masked criteria may not ask for grids finer than the map's, whatever their cost:
  // server/auth/disclosure-rules.ts; the budget is what stops everyone else.)
  it.each([
    ['/api/hotspots?unit=hex&size=500', 'size', 'admin'],
    ['/api/hotspots?unit=hex&size=1000', 'size', 'admin'], // nationally (an officer's Phnom Penh at 1 km passes)
    ['/api/hotspots?method=optimized&unit=square&size=500', 'size', 'admin'],
    ['/api/hotspots?method=localmoran&unit=village&band=100000&permutations=9999', 'band', 'viewer'],
    ['/api/hotspots?method=gistar&unit=village&band=100000', 'band', 'analyst'],
    ['/api/hotspots?method=localmoran&unit=village&permutations=9999', 'permutations', 'viewer'],
  ] as const)('%s → %s (%s)', async (url, field, who) => {
    const before = pool().started
    const res = await t.get(url, who)
    expect(res.status).toBe(422)
    const body = await res.json()
    expect(body.issues.map((i: any) => i.field)).toEqual([field])
    expect(body.error).toMatch(/about .* over the budget of .*docs\/limits\.md/)
    expect(pool().started).toBe(before) // no compute task was started
  })

  it.each([
    ['/api/density?cell=300&bandwidth=200000&kernel=gaussian', 'bandwidth'],
    ['/api/density?cell=300&bandwidth=200000&kernel=gaussian&per=population&format=contours', 'bandwidth'],
    ['/api/density?cell=100', 'cell'],
  ])('%s → %s', async (url, field) => {
    const kdeBefore = pool().done
    const res = await t.get(url, 'viewer')
    expect(res.status).toBe(422)
    const body = await res.json()
    expect(body.issues.map((i: any) => i.field)).toEqual([field])
    expect(body.error).toMatch(/over the budget/)
    // At most the cheap default-bandwidth task ran, never a kernel density.
    expect(pool().done - kdeBefore).toBeLessThanOrEqual(1)
  })

  it('refusals are audited with the field', async () => {
    await t.get('/api/hotspots?unit=hex&size=500&seed=7', 'admin')
    const [row] = await t.db.query<{ summary: any; username: string }>(
      `SELECT summary, username FROM audit_log WHERE action = 'refused' AND entity = 'hotspots' ORDER BY id DESC LIMIT 1`,
    )
    expect(row.username).toBe('admin')
    expect(row.summary).toMatchObject({ status: 422, field: 'size' })
  })

  it('exact placement nationally is over budget (422 naming exact); greedy is not', async () => {
    const res = await optimize({ problem: 'pmedian', k: 300, exact: true, time_limit_s: 600 })
    expect(res.status).toBe(422)
    const body = await res.json()
    expect(body.issues[0].field).toBe('exact')
    expect(body.error).toMatch(/13,951 villages/)
  })

  it('what the map asks passes: grids of 5 and 10 km, automatic size, communes, villages, density at 1 km', async () => {
    for (const q of [
      'method=gistar&unit=hex&size=5000&fdr=true',
      'method=localmoran&unit=hex&size=10000',
      'method=ehsa&unit=square&size=10000&fdr=true',
      'method=optimized&unit=hex',
      'method=localmoran&unit=commune&rate=true',
      'method=localmoran&unit=village',
      'method=gistar&unit=village&fdr=true',
    ]) {
      const res = await t.get(`/api/hotspots?${q}`, 'viewer')
      expect(res.status, `${q}: ${await res.clone().text()}`).toBe(200)
    }
    for (const q of ['cell=1000&format=png', 'cell=1000&per=population&format=png', 'cell=1000&format=contours&levels=6']) {
      const res = await t.get(`/api/density?${q}`, 'viewer')
      expect(res.status, q).toBe(200)
    }
  })
})

describe('compute threads: the request thread stays free, time limits and cancellation stop the work', () => {
  it('a heavy analysis runs on a compute thread while another user is answered, over and over', async () => {
    const pending = t.get(heavy(101), 'analyst')
    await until(hotspotTaskRunning, 'the hot spot task running on a compute thread')
    // Sequential cheap requests of another user, each answered while the analysis is still running.
    let answered = 0
    while (hotspotTaskRunning()) {
      const me = await t.get('/api/auth/me', 'admin')
      expect(me.status).toBe(200)
      if (hotspotTaskRunning()) answered++
    }
    const res = await pending
    expect(res.status).toBe(200)
    expect((await res.json()).meta).toMatchObject({ permutations: 4000, seed: 101 })
    expect(answered).toBeGreaterThanOrEqual(5)
  })

  it('building a grid never holds the database: other requests are answered between its queries', async () => {
    // Mark when each grid-building query starts and ends (the app shares this Db object).
    const db = t.db as any,
      query = db.query
    const marks: { start: number; end: number }[] = []
    db.query = async (sql: string, params?: unknown[]) => {
      if (!sql.includes('ST_HexagonGrid')) return query.call(db, sql, params)
      const m = { start: performance.now(), end: Infinity }
      marks.push(m)
      try {
        return await query.call(db, sql, params)
      } finally {
        m.end = performance.now()
      }
    }
    const done: number[] = []
    try {
      let finished = false
      const pending = t.get('/api/hotspots?unit=hex&size=2000&criteria=1', 'admin').finally(() => {
        finished = true
      })
      while (!finished) {
        expect((await t.get('/api/auth/me', 'analyst')).status).toBe(200)
        done.push(performance.now())
      }
      expect((await pending).status).toBe(200)
    } finally {
      db.query = query
    }
    expect(marks.length).toBeGreaterThanOrEqual(5) // built in bands, not one statement
    const first = marks[0].start,
      last = Math.max(...marks.map((m) => m.end))
    expect(done.filter((d) => d > first && d < last).length).toBeGreaterThanOrEqual(3)
  })

  it('density and contours are audited as reads, with their parameters', async () => {
    const res = await t.get('/api/density?cell=4000&bandwidth=12000&format=contours&levels=4', 'viewer')
    expect(res.status).toBe(200)
    const png = await t.get('/api/density?cell=4000&bandwidth=12000', 'viewer')
    expect(png.headers.get('content-type')).toBe('image/png')
    const rows = await t.db.query<{ summary: any; username: string }>(
      `SELECT summary, username FROM audit_log WHERE action = 'read' AND entity = 'density' ORDER BY id DESC LIMIT 2`,
    )
    expect(rows.map((r) => r.summary.format)).toEqual(['png', 'contours'])
    expect(rows[1]).toMatchObject({ username: 'viewer', summary: { cell: 4000, bandwidth: 12000, levels: 4, kernel: 'quartic' } })
  })

  it('a task past its time limit is stopped: 503 with Retry-After, its thread terminated and replaced', async () => {
    const s0 = pool()
    const saved = TIME_LIMIT_MS.hotspots
    TIME_LIMIT_MS.hotspots = 200
    let res: Response
    try {
      res = await t.get(heavy(102), 'analyst')
    } finally {
      TIME_LIMIT_MS.hotspots = saved
    }
    expect(res.status).toBe(503)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    const body = await res.json()
    expect(body).toMatchObject({ reason: 'time_limit' })
    expect(body.error).toMatch(/time limit of 200 ms/)
    const s1 = pool()
    expect(s1.timed_out).toBe(s0.timed_out + 1)
    expect(s1.threads_replaced).toBe(s0.threads_replaced + 1)
    expect(s1.running).toBe(0)
    expect(s1.threads).toBeGreaterThanOrEqual(1)
    expect(s1.threads).toBeLessThanOrEqual(s1.size)
    // The pool carries on: the same analysis with its usual limit.
    expect((await t.get(heavy(102), 'analyst')).status).toBe(200)
  })

  it('a request whose client goes away has its task terminated', async () => {
    const s0 = pool()
    const ac = new AbortController()
    const pending = t.request(heavy(103), { signal: ac.signal }, 'analyst')
    await until(hotspotTaskRunning, 'the hot spot task running')
    ac.abort()
    const res = await pending
    expect(res.status).toBe(499)
    const s1 = pool()
    expect(s1.cancelled).toBe(s0.cancelled + 1)
    expect(s1.threads_replaced).toBe(s0.threads_replaced + 1)
    expect(s1.running).toBe(0)
    expect(heavyStats().by_role.analyst ?? 0).toBe(0) // the slot is given back
  })
})

describe('caps: 429 with Retry-After', () => {
  it('a third heavy request of one user while two run', async () => {
    const viewer = await userId('viewer')
    const ac = new AbortController()
    const running = [104, 105].map((seed) => t.request(heavy(seed), { signal: ac.signal }, 'viewer'))
    await until(() => heavyStats().by_user[String(viewer)] === 2, 'two heavy requests of the viewer')
    const third = await t.get('/api/density?cell=2000&bandwidth=9000', 'viewer')
    expect(third.status).toBe(429)
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0)
    const body = await third.json()
    expect(body.reason).toBe('user_cap')
    expect(body.error).toMatch(/at most 2 at once per user/)
    // Another user is not held up by the viewer's cap.
    expect((await t.get('/api/density?cell=2000&bandwidth=9000', 'analyst')).status).toBe(200)
    ac.abort()
    await Promise.all(running)
    expect(heavyStats().by_user[String(viewer)] ?? 0).toBe(0)
    expect((await t.get('/api/density?cell=2000&bandwidth=9000', 'viewer')).status).toBe(200)
    const [row] = await t.db.query<{ summary: any }>(
      `SELECT summary FROM audit_log WHERE action = 'refused' AND entity = 'density' AND username = 'viewer' ORDER BY id DESC LIMIT 1`,
    )
    expect(row.summary).toMatchObject({ status: 429, reason: 'user_cap' })
  })

  it('the role cap counts every user of the role', async () => {
    const saved = CAPS.perRole.analyst
    CAPS.perRole.analyst = 1
    const ac = new AbortController()
    try {
      const first = t.request(heavy(106), { signal: ac.signal }, 'analyst')
      await until(() => heavyStats().by_role.analyst === 1, 'one heavy request of an analyst')
      const second = await t.get('/api/density?cell=2000&bandwidth=9000', 'analyst')
      expect(second.status).toBe(429)
      expect((await second.json()).reason).toBe('role_cap')
      ac.abort()
      await first
    } finally {
      CAPS.perRole.analyst = saved
    }
  })

  it('optimize: a second exact job of the user while one runs is 429; a job past time_limit_s is stopped', async () => {
    const jobs0 = computeStats().jobs?.timed_out ?? 0
    // p-median with 500 new posts over 1,339 villages: the greedy passes alone take longer than 1 s.
    const first = await optimize({ problem: 'pmedian', k: 500, area: '05', exact: true, time_limit_s: 1 })
    expect(first.status).toBe(202)
    const { url } = await first.json()
    const second = await optimize({ problem: 'mclp', k: 3, radius_m: 3000, area: '02', exact: true })
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBeTruthy()
    expect((await second.json()).reason).toBe('job_cap')
    let job: any
    for (let i = 0; i < 300; i++) {
      job = await (await t.get(url, 'analyst')).json()
      if (job.status !== 'queued' && job.status !== 'running') break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(job.status).toBe('failed')
    expect(job.error).toMatch(/stopped: the solve passed its time limit \(time_limit_s = 1\)/)
    expect(computeStats().jobs!.timed_out).toBe(jobs0 + 1)
    expect(computeStats().jobs!.running).toBe(0)
    // Once it has ended, the next exact job is taken.
    const third = await optimize({ problem: 'mclp', k: 3, radius_m: 3000, area: '02', exact: true })
    expect(third.status).toBe(202)
    const next = (await third.json()).url
    for (let i = 0; i < 600; i++) {
      job = await (await t.get(next, 'analyst')).json()
      if (job.status !== 'queued' && job.status !== 'running') break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(job.status).toBe('done')
  })
})

import type { SvElement } from '../../web/test-handle.ts'
import { serve, type ServerType } from '@hono/node-server'
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { ROOT } from '../../server/config.ts'
import type { Db } from '../../server/db/types.ts'
import { km } from '../../web/i18n/km.ts'
import { en } from '../../web/i18n/en.ts'
import { RATE_COLORS } from '../../web/layers/classes.ts'
import { LAND } from '../../web/map/style.ts'
import { launchChromium } from '../helpers/browser.ts'
import { openTestDb } from '../helpers/db.ts'
import { seededIncidents } from '../helpers/app.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'
import { VIEWER_WINDOW_MESSAGE } from '../../server/auth/disclosure-rules.ts'

// The built app (npm test builds dist/ first) served by the real server on a copy of the test database,
// driven in Debian's Chromium. Screenshots go to tests/e2e/screenshots/ to be looked at.
const DIST = process.env.SV_DIST ?? path.join(ROOT, 'dist')
const SHOTS = path.join(ROOT, 'tests/e2e/screenshots')

let db: Db,
  server: ServerType,
  browser: Browser,
  page: Page,
  base = ''
const external: string[] = []
const problems: string[] = []

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)')
  mkdirSync(SHOTS, { recursive: true })
  db = await openTestDb()
  const app = createApp(db, { staticDir: DIST })
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (!['data:', 'blob:'].includes(u.protocol) && u.hostname !== '127.0.0.1') external.push(r.url())
  })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  // Chromium logs every 4xx as a console error: the app's first question, /api/auth/me before logging in, is a 401 by design.
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected401(m)) problems.push(`console: ${m.text()}`)
  })
  await loginAs(page, 'admin')
})

function expected401(m: ConsoleMessage): boolean {
  return m.text().includes('status of 401') && (m.location()?.url ?? '').endsWith('/api/auth/me')
}

/** Opens the app and logs in through the login screen; the session cookie then serves every later page load. */
async function loginAs(p: Page, username: string, password = TEST_PASSWORD) {
  await p.goto(`${base}/?lang=en`)
  await p.locator('#login-username').waitFor({ timeout: 60_000 })
  await p.fill('#login-username', username)
  await p.fill('#login-password', password)
  await p.click('.login-form button[type=submit]')
  await p.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
}

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => (server ? server.close(r) : r(null)))
  await db?.close()
})

/** Waits until the app has loaded what the state needs and the map has drawn it. */
async function settled() {
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
}

/** Pixels of the map canvas (WebGL, preserveDrawingBuffer) as RGBA bytes (sent as base64: much faster than a JSON array). */
async function canvasPixels(): Promise<{ w: number; h: number; data: Uint8Array }> {
  const r = await page.evaluate(() => {
    const src = (document.getElementById('map') as SvElement).sv.map.getCanvas() as HTMLCanvasElement
    const c = document.createElement('canvas')
    c.width = src.width
    c.height = src.height
    const g = c.getContext('2d')!
    g.drawImage(src, 0, 0)
    const bytes = g.getImageData(0, 0, c.width, c.height).data
    let bin = ''
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return { w: c.width, h: c.height, b64: btoa(bin) }
  })
  return { w: r.w, h: r.h, data: new Uint8Array(Buffer.from(r.b64, 'base64')) }
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
const near = (d: ArrayLike<number>, i: number, c: number[], tol: number) =>
  Math.abs(d[i] - c[0]) <= tol && Math.abs(d[i + 1] - c[1]) <= tol && Math.abs(d[i + 2] - c[2]) <= tol

/** How many pixels show each rate class (fill at opacity 0.8 over the land colour). */
function classPixels(px: { data: Uint8Array }): number[] {
  const land = rgb(LAND)
  const expected = RATE_COLORS.map((hex) => rgb(hex).map((v, k) => Math.round(0.8 * v + 0.2 * land[k])))
  const counts = expected.map(() => 0)
  for (let i = 0; i < px.data.length; i += 4)
    expected.forEach((c, k) => {
      if (near(px.data, i, c, 4)) counts[k]++
    })
  return counts
}

function changedPixels(a: { data: Uint8Array }, b: { data: Uint8Array }): number {
  let n = 0
  for (let i = 0; i < a.data.length; i += 4) if (!near(a.data, i, [b.data[i], b.data[i + 1], b.data[i + 2]], 10)) n++
  return n
}

const text = (sel: string) => page.locator(sel).first().textContent()

describe('SafeVillage in Chromium', () => {
  it('draws the commune choropleth and its legend from our own server only', async () => {
    await page.goto(`${base}/?lang=en&level=commune&mode=off`)
    await settled()
    const counts = classPixels(await canvasPixels())
    // Every rate class is on the map over a real area, not a few stray pixels.
    expect(counts.filter((n) => n > 500).length, `pixels per class ${counts}`).toBeGreaterThanOrEqual(4)
    expect(await text('#legend h2')).toBe(en['legend.title'])
    expect(await page.locator('#legend .classes li').count()).toBeGreaterThanOrEqual(5)
    expect(await text('#legend .level-name')).toContain((await seededIncidents(db)).toLocaleString('en-US'))
    expect(await page.locator('#synthetic-badge').isVisible()).toBe(true)
    expect(await text('#attribution')).toContain(en['attribution.synthetic'])
    await page.screenshot({ path: path.join(SHOTS, 'communes-en.png') })
  })

  it('draws incident clusters and the heat map on the same canvas (deck.gl interleaved)', async () => {
    await page.goto(`${base}/?lang=en&level=province&mode=off&v=104.9200,11.5600,10.00`)
    await settled()
    const off = await canvasPixels()
    await page.locator('input[name=mode][value=clusters]').check()
    await page.waitForTimeout(300)
    await settled()
    const clusters = await canvasPixels()
    const changed = changedPixels(off, clusters)
    expect(changed, 'pixels the clusters changed').toBeGreaterThan(3000)
    // Cluster circles are filled with a criterion colour (alpha 225/255 over the map).
    const crit = [rgb('#e6550d'), rgb('#756bb1'), rgb('#d6616b'), rgb('#31a354'), rgb('#3182bd')]
    let inCritColour = 0
    for (let i = 0; i < clusters.data.length; i += 4) if (crit.some((c) => near(clusters.data, i, c, 30))) inCritColour++
    expect(inCritColour, 'pixels in a criterion colour').toBeGreaterThan(1000)
    await page.screenshot({ path: path.join(SHOTS, 'clusters-en.png') })

    await page.locator('input[name=mode][value=heatmap]').check()
    await page.waitForTimeout(500)
    await settled()
    expect(changedPixels(off, await canvasPixels()), 'pixels the heat map changed').toBeGreaterThan(3000)
    expect(page.url()).toContain('mode=heatmap')
  })

  it('switches every label to Khmer with the bundled font', async () => {
    await page.goto(`${base}/?lang=en&level=province&mode=clusters`)
    await settled()
    await page.locator('.lang button[data-lang=km]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'km')
    expect(await text('#filters h2')).toBe(km['filters.title'])
    expect(await text('#legend h2')).toBe(km['legend.title'])
    expect(await text('.brand .subtitle')).toBe(km['app.subtitle'])
    expect(await text('#synthetic-badge')).toBe(km['app.synthetic'])
    expect(await text('#filters .crit[data-criterion="2"] .crit-label')).toBe(`2. ${km['criterion.2']}`)
    expect(await page.locator('#search input').getAttribute('placeholder')).toBe(km['search.placeholder'])
    // No English label is left in the sidebar.
    const sidebar = await page.locator('.sidebar').textContent()
    for (const key of ['filters.title', 'filters.criteria', 'filters.period', 'legend.title', 'details.title'] as const)
      expect(sidebar).not.toContain(en[key])
    await page.evaluate(() => document.fonts.ready)
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans Khmer"', 'ភូមិ'))).toBe(true)
    expect(page.url()).toContain('lang=km')
    await page.screenshot({ path: path.join(SHOTS, 'provinces-km.png') })
  })

  it('drills down on click, shows the figures, and restores the view from the URL', async () => {
    await page.goto(`${base}/?lang=km&level=province&mode=off`)
    await settled()
    const box = (await page.locator('#map canvas').boundingBox())!
    const pt = await page.evaluate(() => (document.getElementById('map') as SvElement).sv.map.project([104.92, 11.56])) // Phnom Penh
    await page.mouse.click(box.x + pt.x, box.y + pt.y)
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sel') === '12')
    await settled()
    const [pp] = await db.query(`SELECT name_km FROM areas WHERE code = '12'`)
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE province_code = '12'`)
    expect(await text('#details .area-name')).toBe(pp.name_km)
    expect(await text('#details .count')).toBe(n.toLocaleString('en-US'))
    expect(await page.locator('#breadcrumb .crumb').count()).toBe(2)
    // Reload: the link alone reproduces the selection, language and view.
    const url = page.url()
    await page.goto(url)
    await settled()
    expect(await text('#details .area-name')).toBe(pp.name_km)
    expect(await text('#breadcrumb .current')).toBe(pp.name_km)
    await page.screenshot({ path: path.join(SHOTS, 'phnom-penh-km.png') })
  })

  it('finds a place by a romanised name variant and shows its villages', async () => {
    await page.goto(`${base}/?lang=en&level=province&mode=clusters`)
    await settled()
    await page.locator('#search input').fill('Russey Kraok')
    const hit = page.locator('#search .results li[data-code="01020916"]')
    await hit.waitFor({ timeout: 10_000 })
    expect(await hit.textContent()).toContain('Ruessei Kraok')
    await hit.click()
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sel') === '01020916')
    await settled()
    expect(await text('#details .area-name')).toBe('Ruessei Kraok')
    expect(await text('#details')).toContain(en['details.populationEstimated'])
    expect(await page.locator('#breadcrumb .crumb').count()).toBe(5) // Cambodia › province › district › commune › village
    const villages = await page.evaluate(() => (document.getElementById('map') as SvElement).sv.map.querySourceFeatures('villages').length)
    expect(villages).toBeGreaterThan(1)
    await page.screenshot({ path: path.join(SHOTS, 'village-en.png') })
  })

  it('filters by criterion and period, and shows empty states', async () => {
    await page.goto(`${base}/?lang=en&level=province&mode=off`)
    await settled()
    const all = await text('#legend .level-name')
    await page.locator('#filters .crit[data-criterion="4"] input').uncheck()
    await settled()
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE criterion <> 4`)
    await page.waitForFunction(
      (want) => document.querySelector('#legend .level-name')?.textContent?.includes(want),
      n.toLocaleString('en-US'),
    )
    expect(await text('#legend .level-name')).not.toBe(all)
    expect(page.url()).toContain('c=1,2,3,5')

    // The period slider: the first month only.
    await page.locator('#filters input.to').evaluate((el: HTMLInputElement) => {
      el.value = '0'
      el.dispatchEvent(new Event('input'))
      el.dispatchEvent(new Event('change'))
    })
    await page.waitForFunction(() => new URL(location.href).searchParams.has('to'))
    await settled()
    const to = new URL(page.url()).searchParams.get('to')!
    const [{ m }] = await db.query<{ m: number }>(
      `SELECT count(*)::int AS m FROM incidents WHERE criterion <> 4
      AND to_char(occurred_at AT TIME ZONE 'Asia/Phnom_Penh', 'YYYY-MM') <= $1`,
      [to],
    )
    await page.waitForFunction(
      (want) => document.querySelector('#legend .level-name')?.textContent?.includes(want),
      m.toLocaleString('en-US'),
    )

    await page.locator('#filters button.link', { hasText: en['filters.none'] }).click()
    await page.waitForFunction(() => new URL(location.href).searchParams.get('c') === '')
    await settled()
    expect(await text('#legend .empty')).toBe(en['legend.noCriteria'])
  })

  it('draws each analysis layer with its legend, parameters and tooltips', async () => {
    await page.goto(`${base}/?lang=en&level=province&mode=off`)
    await settled()
    const plain = await canvasPixels()
    for (const [an, unit, key] of [
      ['gistar', 'hex10', 'an.gistar'],
      ['optimized', 'square10', 'an.optimized'],
      ['localmoran', 'commune', 'an.localmoran'],
      ['ehsa', 'hex10', 'an.ehsa'],
      ['kde', 'hex10', 'an.kde'],
    ] as const) {
      await page.goto(`${base}/?lang=en&level=province&mode=off&an=${an}&unit=${unit}`)
      await settled()
      expect(await text('#legend h2'), an).toBe(en[key])
      expect(changedPixels(plain, await canvasPixels()), `pixels the ${an} layer changed`).toBeGreaterThan(20_000)
      const params = await text('#analysis .params')
      expect(params, an).toContain(en['an.took'])
      if (an !== 'kde') expect(params, an).toContain(en['an.n'])
      await page.screenshot({ path: path.join(SHOTS, `analysis-${an}-en.png`) })
    }
    // Hover a 99% hot spot cell of the Gi* layer: the tooltip gives z and p.
    await page.goto(`${base}/?lang=km&level=province&mode=off&an=gistar&unit=hex10`)
    await settled()
    const pt = await page.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const f = map.querySourceFeatures('analysis').find((x: any) => x.properties.bin === 3)!
      const ring = (f.geometry as GeoJSON.Polygon).coordinates[0]
      const c = ring
        .slice(0, -1)
        .reduce((a: number[], p: number[]) => [a[0] + p[0] / (ring.length - 1), a[1] + p[1] / (ring.length - 1)], [0, 0])
      return map.project([c[0], c[1]])
    })
    const box = (await page.locator('#map canvas').boundingBox())!
    await page.mouse.move(box.x + pt.x, box.y + pt.y)
    await page.locator('#tooltip:not([hidden])').waitFor()
    const tip = await text('#tooltip')
    expect(tip).toContain(km['an.hot99'])
    expect(tip).toMatch(/z = \d+\.\d\d, p = /)
    expect(await text('#legend h2')).toBe(km['an.gistar'])
    const params = await text('#analysis .params')
    expect(params).toContain(km['an.w.ring'].split(' {m}')[0].slice(0, 8))
    expect(params).not.toMatch(/distance|band|ring/i) // the server's English descriptions are translated
    expect(params).toMatch(/[\u1780-\u17FF]/)
    await page.screenshot({ path: path.join(SHOTS, 'analysis-gistar-km.png') })
    // The hot-spot downloads are the request on the map: Battambang's communes, as many rows as the analysis's n.
    await page.goto(`${base}/?lang=km&mode=off&an=gistar&unit=commune&sel=02`)
    await settled()
    const href = (await page.locator('#analysis a.an-download-csv').getAttribute('href'))!
    expect(new URLSearchParams(href.split('?')[1]).get('area')).toBe('02')
    expect(await text('#analysis .an-downloads')).toContain('បាត់ដំបង')
    const n = Number((await page.locator('#analysis [data-scope="02"]').textContent())!.match(/[\d,]+/)![0].replace(/,/g, ''))
    const csv = await (await page.request.get(`${base}${href}`)).text()
    const rows = csv
      .trim()
      .split('\n')
      .filter((l) => /^"?02\d{4}\b/.test(l))
    expect(n).toBeGreaterThan(50)
    expect(rows.length).toBe(n)
  })

  it('shows an error with a retry when the API fails, and recovers', async () => {
    await page.route('**/api/stats/areas**', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"database is restarting"}' }),
    )
    await page.goto(`${base}/?lang=en&level=district&mode=off`)
    await page.locator('#status.error').waitFor({ timeout: 60_000 })
    expect(await text('#status')).toContain('database is restarting')
    await page.screenshot({ path: path.join(SHOTS, 'error-en.png') })
    await page.unroute('**/api/stats/areas**')
    await page.locator('#status button', { hasText: en['status.retry'] }).click()
    await settled()
    expect(await page.locator('#status.error').count()).toBe(0)
    expect(await text('#legend .level-name')).toContain(en['level.districts'])
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('503'))) // the failure we caused
  })

  it('made no request beyond 127.0.0.1 and logged no errors', () => {
    expect(external).toEqual([])
    expect(problems).toEqual([])
  })
})

describe('police posts and the planner', () => {
  it('shows posts, coverage and service areas, plans K posts, recomputes after a drag, and exports them', async () => {
    await page.goto(`${base}/?lang=en&level=commune&sel=0102&mode=off`)
    await settled()
    await page.locator('#posts input[name=posts]').check()
    await page.locator('#posts .covered-share').waitFor({ timeout: 120_000 })
    expect(await text('#posts .covered-share')).toMatch(/%/)
    const drawn = await page.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      return { service: map.querySourceFeatures('service').length, posts: map.querySourceFeatures('posts').length }
    })
    expect(drawn.service).toBeGreaterThan(3)
    expect(drawn.posts).toBeGreaterThan(3)
    await page.locator('#posts input[name=k]').fill('3')
    await page.locator('#posts input[name=k]').dispatchEvent('change')
    await page.locator('#posts input[name=radius]').fill('3000')
    await page.locator('#posts input[name=radius]').dispatchEvent('change')
    // One candidate site of our own, clicked on the map; the selection does not change.
    const sel = await page.evaluate(() => (document.getElementById('map') as SvElement).sv.store.get().sel)
    await page.locator('#posts .add-candidate').click()
    const mapBox = (await page.locator('#map canvas').boundingBox())!
    await page.mouse.click(mapBox.x + mapBox.width * 0.6, mapBox.y + mapBox.height * 0.5)
    await page.locator('#posts button.link', { hasText: 'Remove 1 candidates' }).waitFor()
    expect(await page.evaluate(() => (document.getElementById('map') as SvElement).sv.store.get().sel)).toBe(sel)
    await page.locator('#posts button[type=submit]').click()
    await page.locator('#posts .result').waitFor({ timeout: 120_000 })
    expect(await page.locator('#posts ol.proposed li').count()).toBe(3)
    const before = await text('#posts .result dd.after')
    await page.waitForTimeout(300)
    await page.screenshot({ path: path.join(SHOTS, 'planner-en.png') })
    // Drag the first proposed post 60 px east: the figures are recomputed.
    const at = await page.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const f = map.querySourceFeatures('proposed')[0]
      const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number])
      return { x: p.x, y: p.y }
    })
    const box = (await page.locator('#map canvas').boundingBox())!
    await page.mouse.move(box.x + at.x, box.y + at.y)
    await page.mouse.down()
    await page.mouse.move(box.x + at.x + 30, box.y + at.y, { steps: 5 })
    await page.mouse.move(box.x + at.x + 60, box.y + at.y, { steps: 5 })
    await page.mouse.up()
    await page.waitForFunction(
      () => document.querySelector('#posts .result dd:nth-of-type(3)')?.textContent?.includes('moved by hand'),
      null,
      { timeout: 30_000 },
    )
    expect(await text('#posts .result dd.after')).toMatch(/%/)
    void before
    const download = page.waitForEvent('download')
    await page.locator('#posts .export-csv').click()
    const file = await download
    const csv = await new Promise<string>((resolve) => {
      file.createReadStream().then((st) => {
        let s = ''
        st.on('data', (d) => (s += d))
        st.on('end', () => resolve(s))
      })
    })
    expect(csv.trim().split('\n')).toHaveLength(4)
    expect(csv.split('\n')[0]).toBe('lon,lat,village_code,name_en,name_km,province_code')
  })

  it('keeps what the user is typing, and the focus, when a data load redraws the panels', async () => {
    await page.goto(`${base}/?lang=en&level=commune&sel=0102&mode=off`)
    await settled()
    await page.locator('#posts input[name=posts]').check()
    await page.locator('#posts .covered-share').waitFor({ timeout: 120_000 })
    /** Marks a node (a property no render sets) so we can tell it is the same node afterwards. */
    const mark = (sel: string) => page.locator(sel).evaluate((el) => Reflect.set(el, 'probe', 'kept'))
    const probe = () =>
      page.evaluate(() => {
        const el = document.activeElement
        return el instanceof HTMLInputElement
          ? { probe: Reflect.get(el, 'probe'), name: el.name, value: el.value, checked: el.checked }
          : null
      })

    // A planner field typed into (no change event yet), then the selection changes: the posts reload.
    await mark('#posts input[name=k]')
    await page.locator('#posts input[name=k]').fill('7')
    await page.evaluate(() => (document.getElementById('map') as SvElement).sv.store.set({ sel: '01' }))
    await settled()
    await page.locator('#posts .covered-share').waitFor({ timeout: 120_000 })
    await page.waitForFunction(
      (loading) => ![...document.querySelectorAll('#posts p.muted')].some((p) => p.textContent === loading),
      en['status.loading'],
    )
    expect(await probe()).toEqual({ probe: 'kept', name: 'k', value: '7', checked: false })

    // A criterion checkbox with the focus, then the period changes: the filters panel is redrawn in place.
    await mark('#filters .crit[data-criterion="2"] input')
    await page.locator('#filters .crit[data-criterion="2"] input').focus()
    await page.evaluate(() => (document.getElementById('map') as SvElement).sv.store.set({ from: '2025-02', to: '2025-05' }))
    await settled()
    expect(await probe()).toEqual({ probe: 'kept', name: '', value: 'on', checked: true })

    // The search box typed into, then the criteria change.
    await page.locator('#search input').fill('Kandal')
    await page.evaluate(() => (document.getElementById('map') as SvElement).sv.store.set({ criteria: [1, 2] }))
    await settled()
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('Kandal')
    expect(await page.evaluate(() => document.activeElement === document.querySelector('#search input'))).toBe(true)
  })
})

describe('logging in, roles and privacy in the browser', () => {
  /** A fresh browser context (no cookie), recording the API requests it makes and the answers' statuses. */
  async function fresh(): Promise<{
    ctx: BrowserContext
    p: Page
    requests: string[]
    responses: { status: number; url: string }[]
    errors: string[]
  }> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 820 } })
    const p = await ctx.newPage()
    const requests: string[] = [],
      errors: string[] = [],
      responses: { status: number; url: string }[] = []
    p.on('request', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith('/api/')) requests.push(u.pathname + u.search)
      if (u.hostname !== '127.0.0.1' && !['data:', 'blob:'].includes(u.protocol)) external.push(r.url())
    })
    p.on('response', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith('/api/')) responses.push({ status: r.status(), url: u.pathname + u.search })
    })
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    p.on('console', (m) => {
      if (m.type() === 'error' && !expected401(m) && !m.text().includes('status of 401')) errors.push(`console: ${m.text()}`)
    })
    return { ctx, p, requests, responses, errors }
  }
  const ready = (p: Page) =>
    p.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
  const protectedNote = (lang: 'en' | 'km') => (lang === 'en' ? en : km)['privacy.protectedNote'].replace('{k1}', '4')

  it('asks for a password before anything else, says when it is wrong, in Khmer too', async () => {
    const { ctx, p, requests, errors } = await fresh()
    await p.goto(`${base}/?lang=km`)
    await p.locator('#login-username').waitFor()
    expect(requests).toEqual(['/api/auth/me'])
    expect(await p.locator('.login-form h1 + p').textContent()).toBe(km['login.intro'])
    expect(await p.locator('.login-form button[type=submit]').textContent()).toBe(km['login.submit'])
    await p.screenshot({ path: path.join(SHOTS, 'login-km.png') })
    await p.locator('#lang button[data-lang=en]').click()
    await p.fill('#login-username', 'admin')
    await p.fill('#login-password', 'not-the-password')
    await p.click('.login-form button[type=submit]')
    await p.locator('.login-error', { hasText: en['login.wrong'] }).waitFor()
    expect(requests.filter((r) => !r.startsWith('/api/auth/'))).toEqual([])
    await p.screenshot({ path: path.join(SHOTS, 'login-wrong-en.png') })
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('a viewer gets no incident points at all, and sees small counts as suppressed', async () => {
    const { ctx, p, requests, responses, errors } = await fresh()
    await loginAs(p, 'viewer')
    // The default map load asks only for what the server publishes to viewers: no 400.
    expect(responses.some((r) => r.url.startsWith('/api/stats/areas') && r.status === 200)).toBe(true)
    expect(responses.filter((r) => r.status === 400)).toEqual([])
    expect(await p.locator('#user .role').textContent()).toBe(en['role.viewer'])
    expect(await p.locator('#filters fieldset.mode').count()).toBe(0)
    expect(await p.locator('#legend').textContent()).toContain(en['privacy.suppressedLegend'].replace('{k}', '5'))
    // Communes of one province for one criterion in one month: many counts under 5.
    await p.goto(`${base}/?lang=en&level=commune&sel=02&c=3&from=2026-01&to=2026-01`)
    await p.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
    const shown = await p.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const fs = map.querySourceFeatures('areas')
      return { suppressed: fs.filter((f: any) => f.properties.suppressed === true).length, total: fs.length }
    })
    expect(shown.suppressed).toBeGreaterThan(0)
    // Hovering a suppressed commune says so: find a pixel where one is drawn.
    const spot = await p.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const c = map.getCanvas()
      for (let y = 20; y < c.clientHeight - 20; y += 12)
        for (let x = 20; x < c.clientWidth - 20; x += 12) {
          const f = map.queryRenderedFeatures([x, y], { layers: ['areas-fill'] })[0]
          if (f && f.properties.suppressed === true) return { x, y, code: f.properties.code }
        }
      return null
    })
    expect(spot).not.toBeNull()
    const box = (await p.locator('#map canvas').boundingBox())!
    await p.mouse.move(box.x + spot!.x, box.y + spot!.y)
    await p.locator('#tooltip:not([hidden])').waitFor()
    const tip = await p.locator('#tooltip').textContent()
    expect(tip).toContain(en['privacy.suppressedLegend'].replace('{k}', '5'))
    expect(tip!.replace(en['privacy.suppressedLegend'].replace('{k}', '5'), '')).not.toMatch(/\d+ incidents/)
    expect(await p.locator('#tooltip .protected-badge').textContent()).toBe(en['privacy.protectedBadge'])
    expect(tip).toContain(protectedNote('en'))
    expect(spot!.code).toMatch(/^02/)
    await p.screenshot({ path: path.join(SHOTS, 'viewer-suppressed-en.png') })
    expect(requests.filter((r) => r.startsWith('/api/incidents'))).toEqual([])
    expect(responses.filter((r) => r.status === 400)).toEqual([])
    expect(errors).toEqual([])
    await ctx.close()
  })

  it('a viewer picks a calendar period and one criterion or all, sees every figure marked as protected, in English and Khmer', async () => {
    const { ctx, p, responses, errors } = await fresh()
    await loginAs(p, 'viewer')
    expect(responses.filter((r) => r.status === 400)).toEqual([])
    const periodSelect = p.locator('#filters select[name=period]')

    // A select of calendar periods replaces the month slider; "All dates" first.
    expect(await p.locator('#filters input[type=range]').count()).toBe(0)
    expect(await periodSelect.inputValue()).toBe('all')
    expect(await periodSelect.locator('option').first().textContent()).toBe(en['filters.allDates'])
    expect(await periodSelect.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')))).toEqual([
      en['filters.years'],
      en['filters.semesters'],
      en['filters.quarters'],
      en['filters.months'],
    ])
    // Choosing a quarter asks for exactly that quarter, and the server answers it.
    const quarter = (await periodSelect.locator(`optgroup[label="${en['filters.quarters']}"] option`).nth(1).getAttribute('value'))!
    const [, y, i] = /^quarter-(\d{4})-([1-4])$/.exec(quarter)!.map(Number)
    const from = `${y}-${String(3 * i - 2).padStart(2, '0')}-01`,
      to = new Date(Date.UTC(y, 3 * i, 0)).toISOString().slice(0, 10)
    const [stats] = await Promise.all([
      p.waitForResponse(
        (r) =>
          r.url().includes('/api/stats/areas?') &&
          new URL(r.url()).searchParams.get('from') === from &&
          new URL(r.url()).searchParams.get('to') === to,
      ),
      periodSelect.selectOption(quarter),
    ])
    expect(stats.status()).toBe(200)
    await ready(p)
    expect(new URL(p.url()).searchParams.get('from')).toBe(from.slice(0, 7))
    expect(new URL(p.url()).searchParams.get('to')).toBe(to.slice(0, 7))
    expect(await periodSelect.inputValue()).toBe(quarter)
    const briefing = new URL((await p.locator('#export-briefing').getAttribute('href'))!, base).searchParams
    expect([briefing.get('from'), briefing.get('to')]).toEqual([from, to])

    // Criteria: one or all, as radios, with a note that says why.
    expect(await p.locator('#filters .criteria input[type=checkbox]').count()).toBe(0)
    expect(await p.locator('#filters .one-or-all-note').textContent()).toBe(en['filters.oneOrAll'])
    const [one] = await Promise.all([
      p.waitForResponse((r) => r.url().includes('/api/stats/areas?') && new URL(r.url()).searchParams.get('criteria') === '3'),
      p.locator('#filters .crit[data-criterion="3"] input').check(),
    ])
    expect(one.status()).toBe(200)
    await ready(p)
    expect(new URL(p.url()).searchParams.get('c')).toBe('3')
    await p.locator('#filters .crit', { hasText: en['filters.allCriteria'] }).locator('input').check()
    await ready(p)
    expect(new URL(p.url()).searchParams.get('c')).toBe('1,2,3,4,5')

    // The protected note under the legend, the badge and the note in the details panel.
    expect(await p.locator('#legend .protected-note').textContent()).toBe(protectedNote('en'))
    expect(await p.locator('#legend .protected-note').isVisible()).toBe(true)
    await p.goto(`${base}/?lang=en&sel=12&from=${from.slice(0, 7)}&to=${to.slice(0, 7)}&an=gistar&unit=hex10`)
    await ready(p)
    expect(await p.locator('#details .protected-badge').first().textContent()).toBe(en['privacy.protectedBadge'])
    expect(await p.locator('#details .protected-note').textContent()).toBe(protectedNote('en'))
    // The analysis layer (a protected answer) and its parameters.
    const hot = responses.filter((r) => r.url.startsWith('/api/hotspots'))
    expect(hot.length).toBeGreaterThan(0)
    expect(hot.every((r) => r.status === 200)).toBe(true)
    expect(await p.locator('#analysis .params .protected-note').textContent()).toBe(protectedNote('en'))
    // The PNG export draws the legend with the note.
    const [download] = await Promise.all([p.waitForEvent('download', { timeout: 180_000 }), p.click('#export-png')])
    await download.saveAs(path.join(SHOTS, 'viewer-export-en.png'))
    await p.waitForFunction(() => (document.getElementById('map') as SvElement).sv.lastExport?.notes)
    expect(await p.evaluate(() => (document.getElementById('map') as SvElement).sv.lastExport?.notes)).toContain(protectedNote('en'))
    // The policy tables.
    const [scores] = await Promise.all([
      p.waitForResponse((r) => r.url().includes('/api/pilots/scores?')),
      p.locator('.pol-tab[data-tab=pilots]').click(),
    ])
    expect(scores.status()).toBe(200)
    await p.locator('#policy .pol-body .protected-note').waitFor()
    expect(await p.locator('#policy .pol-body .protected-note').textContent()).toBe(protectedNote('en'))
    await p.locator('.pol-tab[data-tab=pilots]').click() // closes the panel

    // In Khmer.
    await p.locator('#lang button[data-lang=km]').click()
    await p.waitForFunction(() => document.documentElement.lang === 'km')
    expect(await p.locator('#legend .protected-note').textContent()).toBe(protectedNote('km'))
    expect(await p.locator('#details .protected-badge').first().textContent()).toBe(km['privacy.protectedBadge'])
    expect(await p.locator('#filters .one-or-all-note').textContent()).toBe(km['filters.oneOrAll'])
    expect(await periodSelect.locator('option').first().textContent()).toBe(km['filters.allDates'])
    expect(await periodSelect.locator('option:checked').textContent()).toBe(
      km['pol.per.quarterLabel'].replace('{i}', String(i)).replace('{y}', String(y)),
    )

    // Screenshots of the viewer's map: desktop and phone, English and Khmer (the national map of the quarter).
    await p.goto(`${base}/?lang=km&from=${from.slice(0, 7)}&to=${to.slice(0, 7)}`)
    await ready(p)
    for (const [w, h, name] of [
      [1280, 800, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await p.setViewportSize({ width: w, height: h })
      for (const lang of ['km', 'en'] as const) {
        await p.locator(`#lang button[data-lang=${lang}]`).click()
        await p.waitForFunction((l) => document.documentElement.lang === l, lang)
        await ready(p)
        await p.evaluate(
          () =>
            new Promise<void>((r) => {
              const m = (document.getElementById('map') as SvElement).sv.map
              m.once('idle', () => r())
              m.triggerRepaint()
            }),
        )
        expect(await p.locator('#legend .protected-note').isVisible()).toBe(true)
        if (name === 'phone') await p.locator('#legend .protected-note').scrollIntoViewIfNeeded() // the legend sits under the map
        await p.screenshot({ path: path.join(SHOTS, `viewer-${name}-${lang}.png`) })
      }
    }
    await p.setViewportSize({ width: 1280, height: 820 })

    // A link with a window or criteria the server does not publish is set to all dates / all five, and says so.
    const before = responses.length
    await p.goto(`${base}/?lang=en&c=1,2&from=2025-02&to=2025-05`)
    await ready(p)
    expect(await p.locator('#status.notice').textContent()).toContain(en['privacy.snappedPeriod'])
    expect(await p.locator('#status.notice').textContent()).toContain(en['privacy.snappedCriteria'])
    expect(new URL(p.url()).searchParams.has('from')).toBe(false)
    expect(new URL(p.url()).searchParams.get('c')).toBe('1,2,3,4,5')
    expect(await periodSelect.inputValue()).toBe('all')
    expect(responses.slice(before).filter((r) => r.status === 400)).toEqual([])
    expect(await p.locator('#export-briefing').count()).toBe(0) // a public briefing is for a calendar period
    expect(await p.locator('#export-briefing-period').textContent()).toBe(en['export.briefingPeriod'])
    // A 400 the server still gives (here: a window set behind the app's back) is shown with the server's message.
    await p.evaluate(() => (document.getElementById('map') as SvElement).sv.store.set({ from: '2025-02', to: '2025-05' }))
    await p.locator('#status.error').waitFor({ timeout: 60_000 })
    expect(await p.locator('#status').textContent()).toContain(VIEWER_WINDOW_MESSAGE)
    expect(responses.some((r) => r.status === 400 && r.url.startsWith('/api/stats/areas'))).toBe(true)
    await periodSelect.selectOption('all')
    await ready(p)
    expect(await p.locator('#status.error').count()).toBe(0)
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]) // Chromium logs the 400 we caused
    await ctx.close()
  })

  it('an officer opens on Phnom Penh, sees only it, and logging out returns to the login screen', async () => {
    const { ctx, p, requests, errors } = await fresh()
    await loginAs(p, 'officer')
    expect(await p.locator('#user .scope').textContent()).toBe('Phnom Penh')
    expect(await p.locator('#breadcrumb .current').textContent()).toBe('Phnom Penh')
    const c = await p.evaluate(() => (document.getElementById('map') as SvElement).sv.map.getCenter())
    expect(c.lng).toBeGreaterThan(104.7)
    expect(c.lng).toBeLessThan(105.1)
    expect(c.lat).toBeGreaterThan(11.4)
    expect(c.lat).toBeLessThan(11.8)
    expect(requests.some((r) => r.startsWith('/api/incidents/points'))).toBe(true)
    await p.screenshot({ path: path.join(SHOTS, 'officer-en.png') })
    await p.locator('#user .logout').click()
    await p.locator('#login-username').waitFor({ timeout: 60_000 })
    const me = await p.evaluate(async () => (await fetch('/api/auth/me')).status)
    expect(me).toBe(401)
    expect(errors).toEqual([])
    await ctx.close()
  })
})

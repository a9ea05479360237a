import { serve, type ServerType } from '@hono/node-server'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { ROOT } from '../../server/config.ts'
import type { Db } from '../../server/db/types.ts'
import { en } from '../../web/i18n/en.ts'
import { launchChromium } from '../helpers/browser.ts'
import { openTestDb } from '../helpers/db.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// The built app served by the real server on a copy of the test database (as app.e2e.test.ts), in Chromium.
const DIST = process.env.SV_DIST ?? path.join(ROOT, 'dist')

let db: Db,
  server: ServerType,
  browser: Browser,
  page: Page,
  base = ''
const problems: string[] = []

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)')
  db = await openTestDb()
  const app = createApp(db, { staticDir: DIST })
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  await page.goto(`${base}/?lang=en`)
  await page.locator('#login-username').waitFor({ timeout: 60_000 })
  await page.fill('#login-username', 'admin')
  await page.fill('#login-password', TEST_PASSWORD)
  await page.click('.login-form button[type=submit]')
  await settled()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => (server ? server.close(r) : r(null)))
  await db?.close()
})

async function settled() {
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
}

const rows = () => page.locator('#posts table.posts-load tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')))
const column = (cls: string) =>
  page.locator(`#posts table.posts-load tbody td.${cls}`).evaluateAll((tds) => tds.map((td) => Number(td.textContent?.replace(/,/g, ''))))

describe('police posts: figures and the load table', () => {
  it('states the coverage definition and population basis; sorting the load table changes its order', async () => {
    await page.goto(`${base}/?lang=en&level=province&sel=02&mode=off`)
    await settled()
    await page.locator('#posts input[name=posts]').check()
    await page.locator('#posts table.posts-load').waitFor({ timeout: 120_000 })
    expect(await page.locator('#posts .coverage-def').first().textContent()).toContain('commune post 5 km, station 10 km, HQ 15 km')
    expect(await page.locator('#posts .figures.coverage').textContent()).toContain(en['posts.population'])
    expect(await page.locator('#posts .population-note').textContent()).toBe(en['posts.populationNote'])
    // Largest people per officer first, at most 20 rows.
    const byPeople = await rows()
    expect(byPeople.length).toBeGreaterThan(5)
    expect(byPeople.length).toBeLessThanOrEqual(20)
    const people = await column('people')
    expect(people).toEqual([...people].sort((a, b) => b - a))
    // A click on the incidents header sorts by it: another order, largest first.
    await page.locator('#posts table.posts-load button.sort-incidents').click()
    await page.waitForFunction(() => document.querySelector('#posts th[aria-sort=descending] .sort-incidents'))
    const byIncidents = await rows()
    expect(byIncidents).not.toEqual(byPeople)
    const inc = (await column('incidents')).filter((n) => !Number.isNaN(n))
    expect(inc).toEqual([...inc].sort((a, b) => b - a))
    // Again: smallest first.
    await page.locator('#posts table.posts-load button.sort-incidents').click()
    await page.waitForFunction(() => document.querySelector('#posts th[aria-sort=ascending] .sort-incidents'))
    const asc = (await column('incidents')).filter((n) => !Number.isNaN(n))
    expect(asc).toEqual([...asc].sort((a, b) => a - b))
    await page.locator('#posts .load-table').screenshot({ path: path.join(ROOT, 'tests/e2e/screenshots/posts-load.png') })
    expect(problems).toEqual([])
  }, 240_000)
})

import { serve, type ServerType } from '@hono/node-server'
import type { Server } from 'node:http'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { en } from '../../web/i18n/en.ts'
import { km } from '../../web/i18n/km.ts'
import type { SvElement } from '../../web/test-handle.ts'
import { DIST, loginThrough, SHOTS, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// Issue 14: after one visit online, the app reloads with no server and no network: the service worker's copy of the
// shell (with every font weight), the API client's copies of the user's session and last figures, under an "Offline"
// banner; every failure says it is the connection; back online the banner goes and the data load again. Logging out
// empties the copies, even offline, so the next user never sees the previous user's figures.
let e: E2E, page: Page
let port = 0
const received = new Set<string>()

/** The report tab of Phnom Penh for a quarter: the map's choropleth, the policy panel, the export panel. */
const QUERY = 'lang=en&sel=12&mode=off&pol=report&per=quarter-2026-3'
const API_CACHE = 'sv-api-v1'
/** The fixed part of a label before its first {placeholder}. */
const lead = (s: string) => s.split('{')[0]

beforeAll(async () => {
  e = await startE2E({ width: 1400, height: 900 }, { acceptDownloads: true })
  page = e.page
  port = Number(new URL(e.base).port)
  // The figures the page received from the server (what the API client keeps: JSON answers to GETs).
  page.on('response', (r) => {
    const u = new URL(r.url())
    const json = /json/.test(r.headers()['content-type'] ?? '')
    if (r.request().method() === 'GET' && r.status() === 200 && json && u.pathname.startsWith('/api/') && !r.fromServiceWorker())
      if (!/^\/api\/(health|data\/version|auth\/(?!me$))/.test(u.pathname)) received.add(`${u.pathname}${u.search}`)
  })
})
afterAll(async () => {
  await stopE2E(e)
})

async function settled() {
  try {
    await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
  } catch (err) {
    // Say what the page showed instead (the status line, the banner).
    const shown = await page.evaluate(() => ({
      status: document.querySelector('#status')?.textContent,
      banner: document.querySelector('#offline-banner')?.textContent,
    }))
    throw new Error(`not ready: ${JSON.stringify(shown)} (${(err as Error).message})`)
  }
}
async function policyLoaded() {
  await page.waitForFunction(() => !!document.querySelector('#policy .pol-body') && !document.querySelector('#policy .pol-loading'), null, {
    timeout: 120_000,
  })
}
/** Paths (with query) of the API answers the service worker keeps. */
const kept = () =>
  page.evaluate(async (name) => {
    if (!(await caches.has(name))) return []
    return (await (await caches.open(name)).keys()).map((r) => {
      const u = new URL(r.url)
      return `${u.pathname}${u.search}`
    })
  }, API_CACHE)
/** Waits until an answer starting with each of these paths is kept (the copies are written after the answers land). */
async function keptAll(paths: string[]) {
  await expect
    .poll(
      async () => {
        const keys = await kept()
        return paths.filter((p) => !keys.some((k) => k.startsWith(p)))
      },
      { timeout: 60_000, interval: 200 },
    )
    .toEqual([])
}
/** The status of the bold Khmer face (the subset with the Khmer block): unloaded until a bold Khmer text is drawn. */
const khmerBold = () =>
  page.evaluate(() =>
    [...document.fonts]
      .filter((f) => f.family.replace(/"/g, '') === 'Noto Sans Khmer' && f.weight === '700' && /U\+1780/i.test(f.unicodeRange))
      .map((f) => f.status)
      .join(','),
  )

/** No server at all: the connections closed and the port free (on top of the browser being offline). */
async function stopServer() {
  const s = e.server as Server
  s.closeAllConnections()
  await new Promise((r) => s.close(r))
}
async function startServer() {
  const app = createApp(e.db, { staticDir: DIST })
  e.server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s))
  })
}
async function goOffline() {
  await page.context().setOffline(true)
  await stopServer()
}
async function goOnline() {
  await startServer()
  await page.context().setOffline(false)
}
const uncaught = () => e.problems.filter((p) => p.startsWith('pageerror'))

describe('offline', () => {
  it('reloads with no server from the kept shell and figures, says each failure is the connection, and comes back', async () => {
    await loginThrough(page, `${e.base}/?${QUERY}`, 'admin', TEST_PASSWORD)
    await settled()
    await policyLoaded()
    // The worker takes over the first visit; the API client keeps the figures (writes never).
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 60_000 })
    expect(await page.evaluate(async () => (await fetch('/sw.js')).headers.get('cache-control'))).toBe('no-cache')
    await keptAll(['/api/auth/me', '/api/meta', '/api/stats/areas?level=district&parent=12', '/api/areas?level=province', '/api/reports?'])
    await keptAll([...received]) // every figure the page received
    const keys = await kept()
    // Never kept: logins and logouts (writes), the health probe, exports.
    expect(keys.filter((k) => /^\/api\/(auth\/(login|logout)|health|exports)/.test(k))).toEqual([])
    // English only so far: the bold Khmer face has never been drawn.
    expect(await khmerBold()).toBe('unloaded')

    await goOffline()
    await page.reload()
    await settled()
    await policyLoaded()
    // The app, not the browser's error page: the map with its choropleth drawn from the kept figures.
    const drawn = await page.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const fs = map.querySourceFeatures('areas')
      return {
        canvas: !!map.getCanvas(),
        rated: fs.filter((f) => Number(f.properties?.count) > 0).length,
        rendered: map.queryRenderedFeatures({ layers: ['areas-fill'] }).length,
      }
    })
    expect(drawn.canvas).toBe(true)
    expect(drawn.rated).toBeGreaterThan(3)
    expect(drawn.rendered).toBeGreaterThan(3)
    expect(await page.locator('#policy .pol-table tbody tr').count()).toBeGreaterThan(3)
    const banner = page.locator('#offline-banner')
    await banner.waitFor({ state: 'visible' })
    expect(await banner.textContent()).toMatch(/^Offline: figures as of \d{4}-\d\d-\d\d \d\d:\d\d$/)
    expect(await page.locator('#status.error').count()).toBe(0)

    // A search offline says it is the connection, not that no place matches.
    await page.locator('#search input').fill('Kandal')
    const none = page.locator('#search .results li.none')
    await none.waitFor()
    const said = await none.textContent()
    expect(said).toContain(lead(en['offline.noConnectionAsOf']))
    expect(said).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d$/)
    expect(said).not.toContain(lead(en['search.none']))
    await page.keyboard.press('Escape')

    // The briefing PDF and the report's XLSX say it too, instead of failing silently.
    await page.locator('#export-briefing').click()
    await page.waitForFunction(
      (want) => (document.querySelector('#export-status')?.textContent ?? '').includes(want),
      lead(en['offline.noConnectionAsOf']),
    )
    await page.locator('#policy .downloads a.dl-xlsx').click()
    await page.waitForFunction(
      (want) => (document.querySelector('#status')?.textContent ?? '').includes(want),
      lead(en['offline.noConnectionAsOf']),
    )
    await page.screenshot({ path: path.join(SHOTS, 'offline-en.png') })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: path.join(SHOTS, 'offline-en-phone.png') })
    await page.setViewportSize({ width: 1400, height: 900 })

    // Khmer for the first time, offline: the bold Khmer face comes from the kept shell (no boxes).
    await page.locator('#lang button[data-lang=km]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'km')
    await page.evaluate(() => document.fonts.load('700 16px "Noto Sans Khmer"', 'ភូមិ'))
    expect(await khmerBold()).toBe('loaded')
    expect(await banner.textContent()).toMatch(new RegExp(`^${lead(km['offline.banner'])}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`))
    await settled()
    await page.screenshot({ path: path.join(SHOTS, 'offline-km.png') })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: path.join(SHOTS, 'offline-km-phone.png') })
    await page.setViewportSize({ width: 1400, height: 900 })

    // Back online: the banner goes and the figures load again from the server.
    const renders = Number(await page.evaluate(() => document.body.dataset.renders))
    await goOnline()
    await banner.waitFor({ state: 'hidden', timeout: 60_000 })
    await page.waitForFunction((r) => Number(document.body.dataset.renders) > r, renders, { timeout: 120_000 })
    expect(uncaught()).toEqual([])
  })

  it("never shows one user's figures to the next: logging out empties the copies, even offline", async () => {
    await page.goto(`${e.base}/?lang=en`)
    await settled()
    expect((await kept()).length).toBeGreaterThan(0)
    // Online logout: the copies are gone before the login screen shows.
    await page.locator('#user .logout').click()
    await page.locator('#login-username').waitFor({ timeout: 60_000 })
    expect(await kept()).toEqual([])
    received.clear()

    // The officer of Phnom Penh logs in and loads their area; offline, the app opens as the officer.
    await loginThrough(page, `${e.base}/?lang=en`, 'officer', TEST_PASSWORD)
    await settled()
    await keptAll(['/api/auth/me', '/api/meta', ...received])
    await goOffline()
    await page.reload()
    await settled()
    expect(await page.locator('#user .who').getAttribute('title')).toBe('officer')
    await page.locator('#offline-banner').waitFor({ state: 'visible' })

    // Logging out offline: the copies go, the reload shows the login screen, which says a connection is needed.
    await page.locator('#user .logout').click()
    await page.locator('#login-username').waitFor({ timeout: 60_000 })
    expect(await kept()).toEqual([])
    expect(await page.locator('#offline-banner').textContent()).toBe(en['offline.login'])
    await page.fill('#login-username', 'admin')
    await page.fill('#login-password', TEST_PASSWORD)
    await page.click('.login-form button[type=submit]')
    await page.waitForFunction((want) => document.querySelector('.login-error')?.textContent === want, en['offline.login'])
    await page.screenshot({ path: path.join(SHOTS, 'offline-login-en.png') })

    // Back online, the logout made offline reaches the server first: the officer's session does not come back.
    await goOnline()
    await page.reload()
    await page.locator('#login-username').waitFor({ timeout: 60_000 })
    expect(await page.evaluate(() => document.body.dataset.auth)).toBe('login')
    expect(await kept()).toEqual([])
    expect(uncaught()).toEqual([])
  })
})

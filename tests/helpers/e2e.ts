import { serve, type ServerType } from '@hono/node-server'
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser, ConsoleMessage, Page } from 'playwright-core'
import { createApp } from '../../server/app.ts'
import { ROOT } from '../../server/config.ts'
import type { Db } from '../../server/db/types.ts'
import { launchChromium } from './browser.ts'
import { openTestDb } from './db.ts'

/** The built app (npm test builds dist/ first), served by the real server on a copy of the test database.
 * SV_DIST points at another build (parallel work builds into its own directory). */
export const DIST = process.env.SV_DIST ?? path.join(ROOT, 'dist')
/** Screenshots and downloads, to be looked at. */
export const SHOTS = path.join(ROOT, 'tests/e2e/screenshots')

export interface E2E {
  db: Db
  server: ServerType
  browser: Browser
  page: Page
  base: string
  external: string[]
  problems: string[]
}

/** Starts the server and Chromium with one page that records requests to other hosts, page errors and console errors. */
export async function startE2E(viewport = { width: 1400, height: 900 }, opts: { acceptDownloads?: boolean } = {}): Promise<E2E> {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)')
  mkdirSync(SHOTS, { recursive: true })
  const db = await openTestDb()
  const app = createApp(db, { staticDir: DIST })
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport, acceptDownloads: opts.acceptDownloads })
  const external: string[] = [],
    problems: string[] = []
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (!['data:', 'blob:'].includes(u.protocol) && u.hostname !== '127.0.0.1') external.push(r.url())
  })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected401(m)) problems.push(`console: ${m.text()}`)
  })
  return { db, server, browser, page, base, external, problems }
}

export async function stopE2E(e: E2E | undefined) {
  await e?.browser.close()
  await new Promise((r) => (e?.server ? e.server.close(r) : r(null)))
  await e?.db.close()
}

/** Chromium logs every 4xx as a console error: the app's first question, /api/auth/me before logging in, is a 401 by design. */
function expected401(m: ConsoleMessage): boolean {
  return m.text().includes('status of 401') && (m.location()?.url ?? '').endsWith('/api/auth/me')
}

/** Opens a page of the app and logs in through the login screen. */
export async function loginThrough(page: Page, url: string, username: string, password: string) {
  await page.goto(url)
  await page.locator('#login-username').waitFor({ timeout: 60_000 })
  await page.fill('#login-username', username)
  await page.fill('#login-password', password)
  await page.click('.login-form button[type=submit]')
}

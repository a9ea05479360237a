import { serve, type ServerType } from '@hono/node-server'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { ROOT } from '../../server/config.ts'
import type { Db } from '../../server/db/types.ts'
import { km } from '../../web/i18n/km.ts'
import { launchChromium } from '../helpers/browser.ts'
import { openTestDb } from '../helpers/db.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// The Khmer interface carries no English beyond method names, abbreviations and place names from the data.
const DIST = process.env.SV_DIST ?? path.join(ROOT, 'dist')

let db: Db,
  server: ServerType,
  browser: Browser,
  page: Page,
  base = ''

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

/** Latin words allowed in Khmer: method names, abbreviations, units, the product's name. */
const ALLOWED = new Set(
  "Gi* Gi Moran Moran's I EHSA KDE FDR kernel K M SafeVillage EN km m ms CSV XLSX PNG PDF GeoJSON HiGHS dpi px A4 A3".split(' '),
)

/**
 * Not the web's own text, so left out: the user's name, the sources' credits, and what the server sends in English
 * (method notes in details.params, the pilot terms' descriptions as weight titles), plans' names and notes, which
 * users type, and the static breadcrumb label.
 */
const NOT_WEB_TEXT = '#attribution, .who, details.params > :not(summary), .plan-list, #breadcrumb'
const NOT_WEB_TITLES = `${NOT_WEB_TEXT}, .weight-grid label`

/** Visible text nodes and title / aria-label / placeholder attributes with Latin words not allowed, minus place names. */
async function englishLeft(places: Set<string>): Promise<string[]> {
  const found = await page.evaluate(
    ([skip, skipTitles]) => {
      const out: string[] = []
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect()
        const s = getComputedStyle(el)
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      }
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement
        if (!el || ['SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName) || !visible(el)) continue
        if (el.closest(skip)) continue
        if (/[A-Za-z]/.test(n.textContent ?? '')) out.push((n.textContent ?? '').trim())
      }
      for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
        for (const a of ['title', 'aria-label', 'placeholder']) {
          const v = el.getAttribute(a)
          if (v && /[A-Za-z]/.test(v) && !el.closest(skipTitles)) out.push(`${a}=${v}`)
        }
      }
      for (const o of document.querySelectorAll<HTMLOptionElement>('select option')) {
        if (/[A-Za-z]/.test(o.text)) out.push(`option=${o.text}`)
      }
      return out
    },
    [NOT_WEB_TEXT, NOT_WEB_TITLES],
  )
  return [
    ...new Set(
      found.filter((s) => {
        let rest = s.replace(/^(title|aria-label|placeholder|option)=/, '')
        for (const p of places) rest = rest.split(p).join(' ')
        const words = rest.match(/[A-Za-z][A-Za-z0-9*'’]*/g) ?? []
        return words.some((w) => !ALLOWED.has(w))
      }),
    ),
  ]
}

let placeNames: Set<string>
async function places(): Promise<Set<string>> {
  if (placeNames) return placeNames
  const names = new Set<string>()
  for (const level of ['province', 'district', 'commune']) {
    const fc = await (await page.request.get(`${base}/api/areas?level=${level}`)).json()
    for (const f of fc.features) names.add(f.properties.name_en)
  }
  // Longest first, so "Phnom Penh Thmei" goes before "Phnom Penh".
  placeNames = new Set([...names].sort((a, b) => b.length - a.length))
  return placeNames
}

describe('the Khmer interface', () => {
  it('labels the zoom buttons in Khmer', async () => {
    await page.goto(`${base}/?lang=km&level=province&mode=off`)
    await settled()
    expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe(km['map.zoomIn'])
    expect(await page.locator('.maplibregl-ctrl-zoom-out').getAttribute('aria-label')).toBe(km['map.zoomOut'])
    // They follow a language change without a reload.
    await page.locator('.lang button[data-lang=en]').click()
    await page.waitForFunction(() => document.querySelector('.maplibregl-ctrl-zoom-in')?.getAttribute('title') === 'Zoom in')
    await page.locator('.lang button[data-lang=km]').click()
    await page.waitForFunction((z) => document.querySelector('.maplibregl-ctrl-zoom-in')?.getAttribute('title') === z, km['map.zoomIn'])
  })

  for (const [what, query] of [
    ['the map and filters', 'level=province&mode=clusters'],
    ['a hot-spot analysis', 'level=province&mode=off&an=gistar&unit=hex10'],
    ['an emerging hot-spot analysis', 'level=province&mode=off&an=ehsa&unit=hex10'],
    ['the safety tab', 'sel=12&mode=off&pol=safety&per=quarter-2026-3'],
    ['the report tab', 'sel=12&mode=off&pol=report&per=quarter-2026-3'],
    ['the forums tab', 'sel=12&mode=off&pol=forums&per=quarter-2026-3'],
    ['the pilots tab', 'sel=12&mode=off&pol=pilots&per=quarter-2026-3'],
    ['the ranking tab', 'sel=12&mode=off&pol=ranking&per=year-2025'],
  ] as const) {
    it(`has no English left in ${what}`, async () => {
      await page.goto(`${base}/?lang=km&${query}`)
      await settled()
      expect(await englishLeft(await places())).toEqual([])
    })
  }

  it('has no English left in the posts panel and the planner form', async () => {
    await page.goto(`${base}/?lang=km&level=province&sel=02&mode=off`)
    await settled()
    await page.locator('#posts input[name=posts]').check()
    await page.locator('#posts table.posts-load').waitFor({ timeout: 120_000 })
    expect(await englishLeft(await places())).toEqual([])
  })
})

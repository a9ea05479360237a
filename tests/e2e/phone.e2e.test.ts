import type { SvElement } from '../../web/test-handle.ts'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { en } from '../../web/i18n/en.ts'
import { km } from '../../web/i18n/km.ts'
import { loginThrough, SHOTS, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// The phone layout (issue 14) in the built app at 390×844: the map fills the screen, the panels are a bottom sheet,
// the header's user badge is behind a menu button, and the page never scrolls sideways. Desktop keeps its sidebar.
const PHONE = { width: 390, height: 844 }
const LANGS = [
  ['en', en],
  ['km', km],
] as const
let e: E2E, page: Page

beforeAll(async () => {
  e = await startE2E(PHONE)
  page = e.page
})

afterAll(async () => {
  await stopE2E(e)
})

async function settled() {
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
}
/** Takes a screenshot once the map has drawn everything it has asked for. */
async function shot(name: string) {
  await page.evaluate(
    () =>
      new Promise<void>((r) => {
        const m = (document.getElementById('map') as SvElement).sv.map
        m.once('idle', () => r())
        m.triggerRepaint()
      }),
  )
  await page.screenshot({ path: path.join(SHOTS, name) })
}
/** The page's width beyond the viewport (0 when it cannot scroll sideways). */
const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
/** Whether an element's box lies inside the viewport. */
async function inViewport(sel: string): Promise<boolean> {
  const b = await page.locator(sel).first().boundingBox()
  const v = page.viewportSize()!
  return !!b && b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5
}
/** What is drawn at a point: the map's canvas or something over it. */
const canvasAt = (x: number, y: number) =>
  page.evaluate(([x, y]) => document.elementFromPoint(x, y) === document.querySelector('#map canvas'), [x, y] as const)
/** Waits for the sheet's slide to end (no transition running on it). */
async function sheetSettled() {
  await page.waitForFunction(() => document.getElementById('sidebar')!.getAnimations().length === 0)
}

describe('the phone layout (390×844)', () => {
  it('shows the whole login card in English and Khmer, with nothing to scroll sideways', async () => {
    for (const [lang, m] of LANGS) {
      await page.goto(`${e.base}/?lang=${lang}`)
      await page.locator('#login-username').waitFor({ timeout: 60_000 })
      expect(await page.locator('.login-form h1').textContent()).toBe(m['app.title'])
      expect(await inViewport('.login-form')).toBe(true)
      expect(await inViewport('#lang')).toBe(true)
      expect(await sideways()).toBeLessThanOrEqual(0)
      await page.screenshot({ path: path.join(SHOTS, `phone-login-${lang}.png`) })
    }
    await loginThrough(page, `${e.base}/?lang=en`, 'admin', TEST_PASSWORD)
    await settled()
  })

  for (const [lang, m] of LANGS) {
    it(`fills the screen with the map and opens and closes the panel sheet (${lang})`, async () => {
      await page.goto(`${e.base}/?lang=${lang}`)
      await settled()
      await shot(`phone-map-${lang}.png`)
      expect(await sideways()).toBeLessThanOrEqual(0)
      const canvas = (await page.locator('#map canvas').boundingBox())!
      expect(canvas.width).toBeGreaterThanOrEqual(PHONE.width - 1)
      expect(canvas.height).toBeGreaterThanOrEqual(PHONE.height / 2)
      // The header: search in view, the user's badge behind the menu button.
      expect(await inViewport('#search input')).toBe(true)
      const menu = page.locator('#menu-toggle')
      expect(await menu.getAttribute('aria-expanded')).toBe('false')
      expect(await page.locator('#user .logout').isVisible()).toBe(false)
      await menu.click()
      expect(await menu.getAttribute('aria-expanded')).toBe('true')
      expect(await page.locator('#user .logout').textContent()).toBe(m['user.logout'])
      expect(await inViewport('#user .logout')).toBe(true)
      expect(await sideways()).toBeLessThanOrEqual(0)
      await shot(`phone-menu-${lang}.png`)
      await page.keyboard.press('Escape')
      expect(await menu.getAttribute('aria-expanded')).toBe('false')
      expect(await page.locator('#user .logout').isVisible()).toBe(false)
      // The sheet, closed: the map is free; opened with the keyboard: the filters and the analysis panel.
      const toggle = page.locator('#sheet-toggle')
      expect(await toggle.textContent()).toContain(m['chrome.panels'])
      expect(await toggle.getAttribute('aria-expanded')).toBe('false')
      expect(await page.locator('#filters').isVisible()).toBe(false)
      expect(await canvasAt(PHONE.width - 40, PHONE.height - 260)).toBe(true)
      await toggle.focus()
      await page.keyboard.press('Enter')
      expect(await toggle.getAttribute('aria-expanded')).toBe('true')
      await sheetSettled()
      expect(await page.locator('#analysis').isVisible()).toBe(true)
      expect(await page.locator('#filters').isVisible()).toBe(true)
      expect(await inViewport('#sidebar')).toBe(true)
      expect(await canvasAt(PHONE.width / 2, 160)).toBe(true) // the map above the sheet
      expect(await canvasAt(PHONE.width - 40, PHONE.height - 260)).toBe(false)
      expect(await sideways()).toBeLessThanOrEqual(0)
      await shot(`phone-sheet-${lang}.png`)
      await page.keyboard.press('Enter')
      expect(await toggle.getAttribute('aria-expanded')).toBe('false')
      await sheetSettled()
      expect(await page.locator('#filters').isVisible()).toBe(false)
      expect(await canvasAt(PHONE.width - 40, PHONE.height - 260)).toBe(true)
    })

    it(`opens the policy panel in the sheet, usable without sideways scroll (${lang})`, async () => {
      await page.goto(`${e.base}/?lang=${lang}&sel=12&mode=off`)
      await settled()
      await page.locator('#sheet-toggle').click()
      await sheetSettled()
      await page.locator('.pol-tab[data-tab=safety]').click()
      await page.waitForFunction(
        () => !!document.querySelector('#policy .pol-body') && !document.querySelector('#policy .pol-loading'),
        null,
        {
          timeout: 120_000,
        },
      )
      expect(await page.locator('#policy .pol-error').count()).toBe(0)
      expect(await page.locator('#sheet-toggle').getAttribute('aria-expanded')).toBe('true')
      expect(await text('#policy .pol-tab.active')).toBe(m['pol.tab.safety'])
      expect(await page.locator('#policy .pol-table tbody tr').count()).toBeGreaterThan(5)
      await sheetSettled()
      await shot(`phone-policy-safety-${lang}.png`)
      expect(await inViewport('#sidebar')).toBe(true)
      expect(await inViewport('#policy .pol-tabs')).toBe(true)
      expect(await sideways()).toBeLessThanOrEqual(0)
      // Usable: another tab loads; the sheet's content is no wider than the sheet.
      await page.locator('.pol-tab[data-tab=report]').click()
      await page.waitForFunction(
        () => !!document.querySelector('#policy .pol-body') && !document.querySelector('#policy .pol-loading'),
        null,
        {
          timeout: 120_000,
        },
      )
      expect(await text('#policy .pol-tab.active')).toBe(m['pol.tab.report'])
      expect(await sideways()).toBeLessThanOrEqual(0)
      // A table wider than the sheet scrolls inside its frame, which ends inside the screen; the names stay in view.
      const wrap = page.locator('#policy .table-wrap').first()
      const frame = (await wrap.boundingBox())!
      expect(frame.x + frame.width).toBeLessThanOrEqual(PHONE.width)
      const before = (await page.locator('#policy .table-wrap tbody tr td:first-child').first().boundingBox())!
      const scrolled = await wrap.evaluate((el) => {
        el.scrollLeft = el.scrollWidth
        return el.scrollLeft
      })
      if (scrolled > 0) {
        const after = (await page.locator('#policy .table-wrap tbody tr td:first-child').first().boundingBox())!
        expect(after.x).toBeCloseTo(before.x, 0)
        await shot(`phone-policy-scrolled-${lang}.png`)
        await wrap.evaluate((el) => {
          el.scrollLeft = 0
        })
      }
      await shot(`phone-policy-${lang}.png`)
      // Back on the safety tab, closing the sheet shows the map with the policy legend.
      await page.locator('.pol-tab[data-tab=safety]').click()
      await page.locator('#policy-legend h2').waitFor()
      await page.locator('#sheet-toggle').click()
      await sheetSettled()
      expect(await canvasAt(PHONE.width / 2, 160)).toBe(true)
      expect(await page.locator('#policy-legend').isVisible()).toBe(true)
      // It heads the legend dock, which lies inside the screen (a long legend scrolls inside the dock).
      expect(await inViewport('#legend-dock')).toBe(true)
      expect(await inViewport('#policy-legend h2')).toBe(true)
      expect(await sideways()).toBeLessThanOrEqual(0)
      await shot(`phone-policy-map-${lang}.png`)
    })
  }

  it('keeps the sidebar beside the map at 1400×900, and the posts legend does not lengthen the page', async () => {
    await page.setViewportSize({ width: 1400, height: 900 })
    for (const [lang] of LANGS) {
      await page.goto(`${e.base}/?lang=${lang}`)
      await settled()
      const side = (await page.locator('#sidebar').boundingBox())!
      const canvas = (await page.locator('#map canvas').boundingBox())!
      expect(side.x).toBe(0)
      expect(side.width).toBe(330)
      expect(canvas.x).toBeGreaterThanOrEqual(side.x + side.width)
      expect(canvas.height).toBeGreaterThan(800)
      expect(await page.locator('#sheet-toggle').isVisible()).toBe(false)
      expect(await page.locator('#menu-toggle').isVisible()).toBe(false)
      expect(await inViewport('#user .logout')).toBe(true)
      await shot(`desktop-layout-${lang}.png`)
    }
    // The posts' legend joins the legend dock over the map: nothing in it lengthens the page.
    await page.locator('#posts input[name=posts]').check()
    await page.locator('#posts-legend .post-types').waitFor({ timeout: 120_000 })
    const below = () => page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)
    expect(await below()).toBeLessThanOrEqual(0)
    await page.locator('#sidebar').evaluate((el) => el.scrollTo(0, el.scrollHeight))
    expect(await below()).toBeLessThanOrEqual(0)
    expect(await sideways()).toBeLessThanOrEqual(0)
    expect(e.problems).toEqual([])
    expect(e.external).toEqual([])
  })
})

const text = (sel: string) => page.locator(sel).first().textContent()

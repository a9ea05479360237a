import type { SvElement } from '../../web/test-handle.ts'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ATTRIBUTION } from '../../server/geo/read-geodata.ts'
import { loginThrough, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// Issue 14: the PNG's legend names the criteria (no "(see Filter)"), its Khmer text is readable on a small screen,
// the A4 300 dpi export shows its steps, and the printable report has no JSON and the attribution once.
let e: E2E, page: Page

beforeAll(async () => {
  e = await startE2E({ width: 1000, height: 760 }, { acceptDownloads: true })
  page = e.page
  await loginThrough(page, `${e.base}/?lang=km&sel=02`, 'admin', TEST_PASSWORD)
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120_000 })
})
afterAll(async () => {
  await stopE2E(e)
})

async function exportAs(size: string) {
  await page.selectOption('#export-size', size)
  await page.evaluate(() => {
    ;(document.getElementById('map') as SvElement).sv.lastExport = null
  })
  await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click('#export-png')])
  const last = await page.evaluate(() => (document.getElementById('map') as SvElement).sv.lastExport)
  if (!last) throw new Error('no export recorded')
  return last
}

describe('PNG export and print view (issue 14)', () => {
  it('Khmer screen PNG: the legend lists the criteria, not "(see Filter)", at 11 px or more', async () => {
    const screenKey = await page.locator('#legend .crit-key').textContent()
    expect(screenKey).toContain('(មើលតម្រង)') // the screen legend does point to the filter
    const last = await exportAs('screen')
    const words = last.words.join(' | ')
    expect(words).not.toMatch(/see Filter|មើលតម្រង/)
    const titles = await page.$$eval('#legend .crit-key .dot', (ds) => ds.map((d) => (d as HTMLElement).title))
    expect(titles.length).toBeGreaterThan(0)
    for (const c of titles) expect(last.words).toContain(c) // each chosen criterion is named
    expect(last.legendFontPx).toBeGreaterThanOrEqual(11)
    expect(last.legendBox).not.toBeNull()
  })

  it('the A4 300 dpi export shows its steps with the button disabled', async () => {
    const last = await exportAs('a4-300')
    expect(last.steps.map((s) => s.text.match(/^ជំហាន (\d) នៃ 3/)?.[1])).toEqual(['1', '2', '3'])
    expect(last.steps.every((s) => s.disabled)).toBe(true)
    expect(await page.locator('#export-png').isDisabled()).toBe(false)
    expect([last.width, last.height]).toEqual([3508, 2480])
  })

  it('the printable report has no JSON and the attribution once', async () => {
    const text = await page.evaluate(async () => {
      const html = await (await fetch('/api/reports?period=quarter&year=2025&index=2&area=12&format=html')).text()
      return new DOMParser().parseFromString(html, 'text/html').body.innerText
    })
    expect(text).toContain('Provenance:')
    expect(text).not.toContain('{"')
    for (const a of ATTRIBUTION) expect(text.split(a).length - 1).toBe(1)
  })
})

import type { SvElement } from '../../web/test-handle.ts'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginThrough, SHOTS, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// The PNG export (issue 7) in the built app, in Chromium: the downloaded file has the asked pixel size and legends.
let e: E2E, page: Page
let problems: string[] = []

beforeAll(async () => {
  e = await startE2E({ width: 1400, height: 900 }, { acceptDownloads: true })
  page = e.page
  problems = e.problems
  await loginThrough(page, `${e.base}/?lang=en&sel=02&an=gistar&unit=commune`, 'admin', TEST_PASSWORD)
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120_000 })
})
afterAll(async () => {
  await stopE2E(e)
})

/** Size from the PNG header, and the share of non-white pixels inside a box, decoded by the browser. */
async function inspect(file: string, box: [number, number, number, number] | null) {
  const buf = readFileSync(file)
  expect(buf.subarray(1, 4).toString()).toBe('PNG')
  const size = { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }
  const inked = box
    ? await page.evaluate(
        async ([b64, bx, by, bw, bh]) => {
          const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob())
          const c = new OffscreenCanvas(img.width, img.height)
          const ctx = c.getContext('2d')!
          ctx.drawImage(img, 0, 0)
          const d = ctx.getImageData(
            Math.round(bx as number),
            Math.round(by as number),
            Math.round(bw as number),
            Math.round(bh as number),
          ).data
          // "Ink": pixels away from the box's most common colour (its background: white in a legend, land on the map).
          const freq = new Map<number, number>()
          for (let i = 0; i < d.length; i += 4) {
            const k = ((d[i] >> 3) << 10) | ((d[i + 1] >> 3) << 5) | (d[i + 2] >> 3)
            freq.set(k, (freq.get(k) ?? 0) + 1)
          }
          const mode = [...freq].sort((a, b) => b[1] - a[1])[0][0]
          const [mr, mg, mb] = [(mode >> 10) << 3, ((mode >> 5) & 31) << 3, (mode & 31) << 3]
          let ink = 0
          for (let i = 0; i < d.length; i += 4)
            if (Math.abs(d[i] - mr) > 24 || Math.abs(d[i + 1] - mg) > 24 || Math.abs(d[i + 2] - mb) > 24) ink++
          return ink / (d.length / 4)
        },
        [buf.toString('base64'), ...box] as const,
      )
    : 0
  return { ...size, inked }
}

async function exportAs(size: string) {
  await page.selectOption('#export-size', size)
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click('#export-png')])
  const file = path.join(SHOTS, `export-${size}.png`)
  await download.saveAs(file)
  const last = await page.evaluate(() => (document.getElementById('map') as SvElement).sv.lastExport)
  if (!last) throw new Error('no export recorded')
  return { file, last, name: download.suggestedFilename() }
}

describe('PNG export', () => {
  it('exports the screen with the legends drawn in', async () => {
    const { file, last, name } = await exportAs('screen')
    expect(name).toMatch(/^safevillage-02-\d{4}-\d{2}-\d{2}-screen\.png$/)
    const canvas = await page.evaluate(() => {
      const c = (document.getElementById('map') as SvElement).sv.map.getCanvas()
      return { w: c.width, h: c.height }
    })
    const got = await inspect(file, last.legendBox)
    expect([got.width, got.height]).toEqual([canvas.w, canvas.h])
    expect(last.legendBox).not.toBeNull()
    expect(got.inked).toBeGreaterThan(0.05) // swatches and text in the legend box
    expect(await page.locator('#export-status').textContent()).toContain(`${canvas.w} × ${canvas.h}`)
  })

  it('re-renders the map at A4 150 dpi (1754 × 1240), not an upscaled screen', async () => {
    const { file, last } = await exportAs('a4-150')
    const got = await inspect(file, last.legendBox)
    expect([got.width, got.height]).toEqual([1754, 1240])
    expect(got.inked).toBeGreaterThan(0.05)
    // The middle of the map has drawn boundaries and hot spot colours, not a blank canvas.
    const mid = await inspect(file, [500, 400, 600, 400])
    expect(mid.inked).toBeGreaterThan(0.1)
    expect(problems).toEqual([])
  })

  it('draws the policy layer (its icons copied to the print map) and every visible legend', async () => {
    await page.goto(`${e.base}/?lang=km&sel=02&pol=safety`)
    await page.waitForFunction(
      () =>
        document.body.dataset.ready === '1' &&
        !!document.querySelector('#policy .pol-body') &&
        !document.querySelector('#policy .pol-loading'),
      null,
      { timeout: 120_000 },
    )
    const { file, last } = await exportAs('a4-150')
    expect(last.legends.length).toBeGreaterThanOrEqual(2) // the map's legend and the safe-status legend
    expect(last.legends.join(' | ')).toMatch(/[\u1780-\u17FF]/) // in Khmer, as on screen
    const got = await inspect(file, last.legendBox)
    expect([got.width, got.height]).toEqual([1754, 1240])
    expect(problems).toEqual([])
  })

  it('links the briefing PDF of the selected area and period', async () => {
    const href = await page.locator('#export-briefing').getAttribute('href')
    expect(href).toMatch(/^\/api\/exports\/briefing\.pdf\?area=02&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&lang=(en|km)$/)
    const res = await page.evaluate(async (u) => {
      const r = await fetch(u)
      return { status: r.status, type: r.headers.get('content-type') }
    }, href!)
    expect(res).toEqual({ status: 200, type: 'application/pdf' })
  })
})

import type { SvElement } from '../../web/test-handle.ts'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LABEL_STYLES, labelFont } from '../../web/map/label-images.ts'
import { loginThrough, SHOTS, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// Place names on the map (issue 14): Khmer shaped by the browser (MapLibre's glyph renderer cannot), drawn as icons
// of a symbol layer per level, following the interface language, colliding instead of overlapping, and in the PNG.
// One browser session: national view in Khmer → English → Phnom Penh's khans → phone size → the PNG export.
let e: E2E, page: Page
const PP_KM = 'ភ្នំពេញ' // Phnom Penh: ភ + coeng ្ + ន (a subscript under ភ) + ំ + ព + េ + ញ
const PP_NO_COENG = 'ភនំពេញ' // the same letters with ន written in line

beforeAll(async () => {
  e = await startE2E({ width: 1400, height: 900 }, { acceptDownloads: true })
  page = e.page
  await loginThrough(page, `${e.base}/?lang=km&level=province`, 'admin', TEST_PASSWORD)
  await settled()
})
afterAll(async () => {
  await stopE2E(e)
})

async function settled() {
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
  await idle()
}
/** Waits until the map has drawn (and placed the labels of) everything it has asked for. */
async function idle() {
  await page.evaluate(
    () =>
      new Promise<void>((r) => {
        const m = (document.getElementById('map') as SvElement).sv.map
        m.once('idle', () => r())
        m.triggerRepaint()
      }),
  )
}
async function shot(name: string) {
  await idle()
  await page.screenshot({ path: path.join(SHOTS, name) })
}

interface Placed {
  layer: string
  code: string
  icon: string
  box: [number, number, number, number] // screen box of the icon, CSS px
}
/** The labels MapLibre placed (collided ones are not rendered), with their icon's screen box. */
function placed(): Promise<Placed[]> {
  return page.evaluate(() => {
    const map = (document.getElementById('map') as SvElement).sv.map
    const layers = ['labels-province', 'labels-district', 'labels-commune', 'labels-village'].filter((id) => map.getLayer(id))
    return map.queryRenderedFeatures({ layers }).map((f) => {
      const v = (f.layer.layout as Record<string, unknown> | undefined)?.['icon-image']
      const icon = v && typeof v === 'object' ? String((v as { name?: string }).name) : String(v ?? '')
      const img = map.getImage(icon)
      const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates
      const p = map.project([lon, lat])
      const w = img ? img.data.width / img.pixelRatio : 0
      const h = img ? img.data.height / img.pixelRatio : 0
      const left = f.layer.id === 'labels-village' ? p.x + 8 : p.x - w / 2
      return {
        layer: f.layer.id,
        code: String(f.properties.code),
        icon,
        box: [left, p.y - h / 2, left + w, p.y + h / 2] as [number, number, number, number],
      }
    })
  })
}
/** Waits for at least `n` placed labels in a layer (icons are drawn asynchronously, after the font loads). */
async function waitPlaced(layer: string, n: number) {
  await page.waitForFunction(
    ([layer, n]) => {
      const map = (document.getElementById('map') as SvElement).sv.map
      return map.queryRenderedFeatures({ layers: [layer as string] }).length >= (n as number)
    },
    [layer, n] as const,
    { timeout: 60_000 },
  )
  await idle()
}
/** Pairs of placed labels whose icons overlap by more than a pixel. */
function overlaps(ps: Placed[]): string[] {
  const out: string[] = []
  for (let i = 0; i < ps.length; i++)
    for (let j = i + 1; j < ps.length; j++) {
      const [a, b] = [ps[i].box, ps[j].box]
      const ox = Math.min(a[2], b[2]) - Math.max(a[0], b[0])
      const oy = Math.min(a[3], b[3]) - Math.max(a[1], b[1])
      if (ox > 1 && oy > 1) out.push(`${ps[i].icon} × ${ps[j].icon}`)
    }
  return out
}

describe('place names on the map', () => {
  it('names the provinces in Khmer at the national zoom, without overlaps', async () => {
    await waitPlaced('labels-province', 12)
    const ps = await placed()
    const provinces = ps.filter((p) => p.layer === 'labels-province')
    expect(provinces.length).toBeGreaterThanOrEqual(12)
    const names = provinces.map((p) => p.icon)
    expect(names).toContain(`lbl:km:province:${PP_KM}`)
    expect(names).toContain('lbl:km:province:បាត់ដំបង') // Battambang
    expect(names.every((n) => /^lbl:km:province:[\u1780-\u17FF]+$/.test(n))).toBe(true)
    expect(overlaps(ps)).toEqual([])
    await shot('labels-national-km.png')
  })

  it("draws the Khmer name shaped: Phnom Penh's subscript ន sits under ភ, unlike an unshaped rendering", async () => {
    const fontPP = labelFont('province', PP_KM)
    expect(labelFont('province', 'ភ')).toBe(fontPP)
    const r = await page.evaluate(
      async ([pp, noCoeng, font]) => {
        const map = (document.getElementById('map') as SvElement).sv.map
        // Icons the map does not have yet are drawn by the same resolver the symbol layers use.
        const get = async (text: string) => {
          const id = `lbl:km:province:${text}`
          if (!map.hasImage(id)) await map._missingStyleImageResolver?.(id)
          const img = map.getImage(id)
          if (!img) throw new Error(`no image ${id}`)
          return { w: img.data.width, h: img.data.height, d: img.data.data, ratio: img.pixelRatio }
        }
        type Img = { w: number; h: number; d: Uint8Array | Uint8ClampedArray }
        // Letter ink: opaque and dark (the white halo is neither dark nor counted).
        const ink = (im: Img, x: number, y: number) => {
          const i = (y * im.w + x) * 4
          return im.d[i + 3] > 128 && Math.max(im.d[i], im.d[i + 1], im.d[i + 2]) < 110
        }
        const bbox = (im: Img) => {
          let x0 = im.w,
            x1 = -1,
            y0 = im.h,
            y1 = -1
          for (let y = 0; y < im.h; y++)
            for (let x = 0; x < im.w; x++)
              if (ink(im, x, y)) {
                x0 = Math.min(x0, x)
                x1 = Math.max(x1, x)
                y0 = Math.min(y0, y)
                y1 = Math.max(y1, y)
              }
          return { x0, x1, y0, y1 }
        }
        /** Ink pixels in columns [x0, x1] below row y. */
        const below = (im: Img, x0: number, x1: number, y: number) => {
          let n = 0
          for (let yy = y + 1; yy < im.h; yy++) for (let x = x0; x <= x1; x++) if (ink(im, x, yy)) n++
          return n
        }
        const shaped = await get(pp)
        const base = await get('ភ') // the base consonant alone: its columns and its bottom (the baseline)
        const inline = await get(noCoeng)
        const bb = bbox(base)
        const gap = Math.ceil(shaped.ratio) // a device pixel or two of antialiasing below the baseline
        // What a renderer without shaping draws (MapLibre's glyph atlas): each code point's own glyph, side by side.
        const cv = document.createElement('canvas')
        cv.width = shaped.w * 3
        cv.height = shaped.h
        const ctx = cv.getContext('2d', { willReadFrequently: true })!
        ctx.setTransform(shaped.ratio, 0, 0, shaped.ratio, 0, 0)
        ctx.font = font
        await document.fonts.load(font, pp)
        ctx.fillStyle = '#000'
        const baselineY = (bb.y1 + 1) / shaped.ratio // room below for anything that descends
        let x = 0
        for (const ch of pp) {
          ctx.fillText(ch, x, baselineY)
          x += ctx.measureText(ch).width
        }
        const un = { w: cv.width, h: cv.height, d: ctx.getImageData(0, 0, cv.width, cv.height).data }
        const ubb = bbox(un)
        // Its first glyph, ភ, drawn alone at the same origin: the columns and the bottom to look under.
        const c2 = document.createElement('canvas')
        c2.width = cv.width
        c2.height = cv.height
        const ctx2 = c2.getContext('2d', { willReadFrequently: true })!
        ctx2.setTransform(shaped.ratio, 0, 0, shaped.ratio, 0, 0)
        ctx2.font = font
        ctx2.fillText('ភ', 0, baselineY)
        const first = bbox({ w: c2.width, h: c2.height, d: ctx2.getImageData(0, 0, c2.width, c2.height).data })
        const width = (b: { x0: number; x1: number }) => b.x1 - b.x0 + 1
        return {
          sizes: [shaped.h, base.h, inline.h],
          shapedWidth: width(bbox(shaped)),
          inlineWidth: width(bbox(inline)),
          unshapedWidth: width(ubb),
          underBaseShaped: below(shaped, bb.x0, bb.x1, bb.y1 + gap),
          underBaseInline: below(inline, bb.x0, bb.x1, bb.y1 + gap),
          underBaseUnshaped: below(un, first.x0, first.x1, first.y1 + gap),
          baseArea: (bb.x1 - bb.x0 + 1) * (bb.y1 - bb.y0 + 1),
        }
      },
      [PP_KM, PP_NO_COENG, fontPP] as const,
    )
    // A level's labels share the baseline's row (the font's ascent above it), so rows compare across the images; the
    // box grows downwards only, for a subscript deeper than the font's descent.
    const [shapedH, baseH, inlineH] = r.sizes
    expect(inlineH).toBe(baseH)
    expect(shapedH).toBeGreaterThanOrEqual(baseH)
    // The shaped name has ink under ភ (the subscript ន); with ន in line, or unshaped, there is none.
    expect(r.underBaseShaped).toBeGreaterThan(r.baseArea * 0.08)
    expect(r.underBaseInline).toBe(0)
    expect(r.underBaseUnshaped).toBe(0)
    // The subscript takes no width of its own: the shaped name is narrower than in line and than unshaped.
    expect(r.shapedWidth).toBeLessThan(r.inlineWidth * 0.9)
    expect(r.shapedWidth).toBeLessThan(r.unshapedWidth * 0.7)
  })

  it('matches the browser drawing the name in the bundled font, not boxes or another font', async () => {
    const font = labelFont('province', PP_KM)
    const r = await page.evaluate(
      async ([pp, font, color]) => {
        const map = (document.getElementById('map') as SvElement).sv.map
        const img = map.getImage(`lbl:km:province:${pp}`)!
        const ratio = img.pixelRatio
        const lab = { w: img.data.width, h: img.data.height, d: img.data.data }
        // The bundled face (@fontsource, bold, its Khmer part), loaded before the label was drawn.
        const face = [...document.fonts].find(
          (f) =>
            f.family.replace(/"/g, '') === 'Noto Sans Khmer' && f.weight === '700' && /1780/.test(f.unicodeRange) && f.status === 'loaded',
        )
        const draw = (f: string) => {
          const c = document.createElement('canvas')
          c.width = lab.w
          c.height = lab.h
          const ctx = c.getContext('2d', { willReadFrequently: true })!
          ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
          ctx.fillStyle = '#fff'
          ctx.fillRect(0, 0, c.width, c.height)
          ctx.font = f
          ctx.fillStyle = color
          ctx.fillText(pp, 4, Math.round(lab.h - 10 * ratio) / ratio) // on whole device pixels, as the labels are
          return { w: c.width, h: c.height, d: ctx.getImageData(0, 0, c.width, c.height).data }
        }
        type Img = { w: number; h: number; d: Uint8Array | Uint8ClampedArray }
        // The letter-ink pixels, relative to their bounding box's corner.
        const mask = (im: Img) => {
          const on = (x: number, y: number) => {
            const i = (y * im.w + x) * 4
            return im.d[i + 3] > 128 && Math.max(im.d[i], im.d[i + 1], im.d[i + 2]) < 110
          }
          let x0 = im.w,
            y0 = im.h
          const pts: [number, number][] = []
          for (let y = 0; y < im.h; y++)
            for (let x = 0; x < im.w; x++)
              if (on(x, y)) {
                pts.push([x, y])
                x0 = Math.min(x0, x)
                y0 = Math.min(y0, y)
              }
          return pts.map(([x, y]) => [x - x0, y - y0] as [number, number])
        }
        // Intersection over union of two masks, at the best shift of up to 2 pixels (a stray edge pixel moves a corner).
        const iou = (a: [number, number][], b: [number, number][]) => {
          let best = 0
          for (let dx = -2; dx <= 2; dx++)
            for (let dy = -2; dy <= 2; dy++) {
              const set = new Set(b.map(([x, y]) => `${x + dx},${y + dy}`))
              let n = 0
              for (const [x, y] of a) if (set.has(`${x},${y}`)) n++
              best = Math.max(best, n / (a.length + b.length - n))
            }
          return best
        }
        const label = mask(lab)
        return {
          fontLoaded: !!face,
          same: iou(label, mask(draw(font))),
          serif: iou(label, mask(draw(font.replace('"Noto Sans Khmer", sans-serif', '"Noto Serif Khmer", serif')))),
        }
      },
      [PP_KM, font, LABEL_STYLES.province.color] as const,
    )
    expect(r.fontLoaded).toBe(true)
    // Tofu boxes, another font or an unshaped drawing would share few ink pixels with the browser's own drawing. (A
    // font without Khmer gives no boxes here: Chromium falls back to the system's Noto Sans Khmer, so the contrast
    // case is another Khmer font, and the unshaped rendering in the test above.)
    expect(r.same).toBeGreaterThan(0.8)
    expect(r.serif).toBeLessThan(r.same - 0.2)
  })

  it('switches the names to English without reloading, and drops the Khmer icons', async () => {
    await page.evaluate(() => {
      document.body.dataset.labelsSession = '1'
    })
    await page.click('#lang button[data-lang=en]')
    await page.waitForFunction(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const fs = map.queryRenderedFeatures({ layers: ['labels-province'] })
      return (
        fs.length >= 12 &&
        fs.every((f) => JSON.stringify((f.layer.layout as Record<string, unknown> | undefined)?.['icon-image']).includes('lbl:en:'))
      )
    })
    await idle()
    const ps = await placed()
    const names = ps.filter((p) => p.layer === 'labels-province').map((p) => p.icon)
    expect(names).toContain('lbl:en:province:Phnom Penh')
    expect(names).toContain('lbl:en:province:Battambang')
    expect(overlaps(ps)).toEqual([])
    const left = await page.evaluate(() => ({
      session: document.body.dataset.labelsSession,
      km: (document.getElementById('map') as SvElement).sv.map.listImages().filter((id) => id.startsWith('lbl:km:')).length,
    }))
    expect(left).toEqual({ session: '1', km: 0 })
    await shot('labels-national-en.png')
  })

  it("names Phnom Penh's khans at its zoom (provinces give way), in English and then Khmer", async () => {
    await page.evaluate(() => {
      const { map, store } = (document.getElementById('map') as SvElement).sv
      store.set({ sel: '12' })
      map.fitBounds([104.7, 11.4, 105.05, 11.75], { padding: 40, duration: 0 })
    })
    await settled()
    await waitPlaced('labels-district', 6)
    let ps = await placed()
    const zoom = await page.evaluate(() => (document.getElementById('map') as SvElement).sv.map.getZoom())
    expect(zoom).toBeGreaterThan(9)
    const khans = ps.filter((p) => p.layer === 'labels-district')
    expect(khans.every((p) => p.code.startsWith('12') && p.icon.startsWith('lbl:en:district:'))).toBe(true)
    expect(khans.length).toBeGreaterThanOrEqual(6)
    expect(khans.map((p) => p.icon)).toContain('lbl:en:district:Chamkar Mon')
    expect(ps.some((p) => p.layer === 'labels-province')).toBe(false)
    expect(overlaps(ps)).toEqual([])
    await shot('labels-phnom-penh-en.png')
    await page.click('#lang button[data-lang=km]')
    await page.waitForFunction(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const fs = map.queryRenderedFeatures({ layers: ['labels-district'] })
      return (
        fs.length >= 6 &&
        fs.every((f) =>
          JSON.stringify((f.layer.layout as Record<string, unknown> | undefined)?.['icon-image']).includes('lbl:km:district:'),
        )
      )
    })
    await idle()
    ps = await placed()
    expect(ps.filter((p) => p.layer === 'labels-district').every((p) => /^lbl:km:district:[\u1780-\u17FF ]+$/.test(p.icon))).toBe(true)
    expect(overlaps(ps)).toEqual([])
    await shot('labels-phnom-penh-km.png')
  })

  it("names a commune's villages beside their points, and the communes around, in Khmer", async () => {
    // Phnom Penh's most populous commune with villages: its bbox from the API, as the app would fly to it.
    const commune = await page.evaluate(async () => {
      const fc = await (await fetch('/api/areas?level=commune&parent=1201')).json()
      const f = (fc.features as GeoJSON.Feature[]).sort((a, b) => Number(b.properties?.population) - Number(a.properties?.population))[0]
      const d = await (await fetch(`/api/areas/${f.properties?.code}`)).json()
      return { code: String(f.properties?.code), bbox: d.bbox as [number, number, number, number] }
    })
    await page.evaluate((c) => {
      const { map, store } = (document.getElementById('map') as SvElement).sv
      store.set({ sel: c.code })
      map.fitBounds(c.bbox, { padding: 40, maxZoom: 14, duration: 0 })
    }, commune)
    await settled()
    await waitPlaced('labels-village', 2)
    await waitPlaced('labels-commune', 1)
    const ps = await placed()
    const villages = ps.filter((p) => p.layer === 'labels-village')
    expect(villages.every((p) => p.code.startsWith(commune.code) && /^lbl:km:village:[\u1780-\u17FF ]+$/.test(p.icon))).toBe(true)
    expect(ps.filter((p) => p.layer === 'labels-commune').every((p) => p.code.startsWith('12'))).toBe(true)
    expect(overlaps(ps)).toEqual([])
    await shot('labels-commune-km.png')
  })

  it('keeps the names legible and apart on a phone (390×844, two device pixels per CSS pixel)', async () => {
    // A second page in the same browser, with the session's cookie and a phone's screen density.
    const desk = page
    const phone = await e.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })
    await phone.addCookies(await desk.context().cookies())
    page = await phone.newPage()
    page.on('pageerror', (err) => e.problems.push(`phone pageerror: ${err.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') e.problems.push(`phone console: ${m.text()}`)
    })
    await page.goto(`${e.base}/?lang=km&level=province`)
    await settled()
    for (const lang of ['km', 'en'] as const) {
      await page.evaluate((lang) => (document.getElementById('map') as SvElement).sv.store.set({ lang }), lang)
      await page.waitForFunction(
        (lang) =>
          (document.getElementById('map') as SvElement).sv.map
            .queryRenderedFeatures({ layers: ['labels-province'] })
            .some((f) => JSON.stringify((f.layer.layout as Record<string, unknown> | undefined)?.['icon-image']).includes(`lbl:${lang}:`)),
        lang,
      )
      await waitPlaced('labels-province', 5)
      const ps = await placed()
      expect(ps.every((p) => p.icon.startsWith(`lbl:${lang}:`))).toBe(true)
      expect(overlaps(ps)).toEqual([])
      // Drawn at the screen's density: twice the pixels, the same size on the map.
      const ratios = await page.evaluate(
        (ids) => ids.map((id) => (document.getElementById('map') as SvElement).sv.map.getImage(id)?.pixelRatio),
        ps.map((p) => p.icon),
      )
      expect(new Set(ratios)).toEqual(new Set([2]))
      await shot(`labels-phone-national-${lang}.png`)
    }
    await phone.close()
    page = desk
  })

  it('puts the names in the PNG export, on screen size and re-rendered at print size', async () => {
    await page.evaluate(() => {
      const { map, store } = (document.getElementById('map') as SvElement).sv
      store.set({ sel: null })
      map.fitBounds([102.3, 10.4, 107.65, 14.7], { padding: 20, duration: 0 })
    })
    await settled()
    await waitPlaced('labels-province', 12)
    const exportDark = async (size: string, labels: boolean) => {
      await page.evaluate((on) => {
        const map = (document.getElementById('map') as SvElement).sv.map
        for (const id of ['labels-province', 'labels-district', 'labels-commune', 'labels-village'])
          map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
      }, labels)
      await idle()
      await page.selectOption('#export-size', size)
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click('#export-png')])
      const file = path.join(SHOTS, `labels-export-${size}-${labels ? 'on' : 'off'}.png`)
      await download.saveAs(file)
      const last = await page.evaluate(() => (document.getElementById('map') as SvElement).sv.lastExport)
      // Near-black pixels outside the legend box: the labels' letters (no map layer here is that dark).
      return page.evaluate(
        async ([b64, box]) => {
          const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob())
          const c = new OffscreenCanvas(img.width, img.height)
          const ctx = c.getContext('2d')!
          ctx.drawImage(img, 0, 0)
          const d = ctx.getImageData(0, 0, img.width, img.height).data
          const [bx, by, bw, bh] = box ?? [0, 0, 0, 0]
          let n = 0
          for (let y = 0; y < img.height; y++)
            for (let x = 0; x < img.width; x++) {
              if (x >= bx && x < bx + bw && y >= by && y < by + bh) continue
              const i = (y * img.width + x) * 4
              if (d[i] < 70 && d[i + 1] < 70 && d[i + 2] < 70) n++
            }
          return n
        },
        [readFileSync(file).toString('base64'), last?.legendBox ?? null] as const,
      )
    }
    for (const size of ['screen', 'a4-150']) {
      const on = await exportDark(size, true)
      const off = await exportDark(size, false)
      expect(on - off, size).toBeGreaterThan(500)
    }
    await page.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      for (const id of ['labels-province', 'labels-district', 'labels-commune', 'labels-village'])
        map.setLayoutProperty(id, 'visibility', 'visible')
    })
    expect(e.problems).toEqual([])
    expect(e.external).toEqual([])
  })
})

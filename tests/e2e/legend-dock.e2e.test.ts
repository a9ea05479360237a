import type { SvElement } from '../../web/test-handle.ts'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EHSA_CLASSES, GI_BINS, LISA_CLASSES } from '../../common/hotspot-classes.ts'
import { en } from '../../web/i18n/en.ts'
import { km } from '../../web/i18n/km.ts'
import { RATE_COLORS } from '../../web/layers/classes.ts'
import { FORUM_COLORS } from '../../web/layers/forums.ts'
import { loginThrough, SHOTS, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// Issue 14, "a map that reads at a glance", in the built app in Chromium: one legend dock that covers at most a
// quarter of the map (1400×900 and 390×844) and never makes the page scroll; legends for post types and proposals;
// proposals numbered on the map as in the planner's list, with their rings; incidents hidden under an analysis
// layer (one click shows them); forum markers that read over the red choropleth.
const DESKTOP = { width: 1400, height: 900 }
const PHONE = { width: 390, height: 844 }
let e: E2E, page: Page

beforeAll(async () => {
  e = await startE2E(DESKTOP)
  page = e.page
  await loginThrough(page, `${e.base}/?lang=en`, 'admin', TEST_PASSWORD)
  await settled()
})

afterAll(async () => {
  await stopE2E(e)
})

async function settled() {
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
}
/** Waits until the map has drawn everything it has asked for. */
async function mapIdle() {
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
  await mapIdle()
  await page.screenshot({ path: path.join(SHOTS, name) })
}
/** The incident clusters drawn on the map: deck.gl's picking over the whole map, by layer (0 when the layer is off). */
const clustersDrawn = async () => {
  await mapIdle()
  return page.evaluate(() => {
    const sv = (document.getElementById('map') as SvElement).sv
    const c = sv.map.getCanvas()
    return sv.overlay.pickObjects({ x: 0, y: 0, width: c.clientWidth, height: c.clientHeight, layerIds: ['incidents-clusters'] }).length
  })
}
async function chooseAnalysis(an: string) {
  await page.locator('#analysis select[name=an]').selectOption(an)
  await page.waitForFunction((an) => (new URL(location.href).searchParams.get('an') ?? 'none') === an, an)
  await settled()
}
/** The dock's share of the map, and whether the page can scroll either way. */
async function measure() {
  await page.waitForFunction(() => !document.getElementById('legend-dock')!.hidden)
  return page.evaluate(() => {
    const d = document.getElementById('legend-dock')!.getBoundingClientRect()
    const m = document.getElementById('map')!.getBoundingClientRect()
    const s = document.scrollingElement!
    return {
      share: (d.width * d.height) / (m.width * m.height),
      inside: d.left >= m.left && d.top >= m.top && d.right <= m.right + 0.5 && d.bottom <= m.bottom + 0.5,
      scrollsDown: s.scrollHeight - s.clientHeight,
      scrollsSideways: s.scrollWidth - s.clientWidth,
      bodyScrolls:
        document.querySelector('#legend-dock .dock-body')!.scrollHeight > document.querySelector('#legend-dock .dock-body')!.clientHeight,
    }
  })
}
async function expectDockFits(what: string) {
  const m = await measure()
  expect(m.share, `${what}: the dock's share of the map`).toBeLessThanOrEqual(0.25)
  expect(m.share, `${what}: the dock shows`).toBeGreaterThan(0.02)
  expect(m.inside, `${what}: the dock lies over the map`).toBe(true)
  expect(m.scrollsDown, `${what}: the page scrolls down`).toBe(0)
  expect(m.scrollsSideways, `${what}: the page scrolls sideways`).toBe(0)
  // The page itself never moves, even when asked to.
  await page.evaluate(() => window.scrollTo(0, 10_000))
  expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0)
  return m
}

const hex = (c: string) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16))
const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])

describe('the legend dock', () => {
  it('hides the incident clusters under an analysis layer, with one click to show them, and brings them back after', async () => {
    await page.goto(`${e.base}/?lang=en&sel=12&mode=clusters`)
    await settled()
    await mapIdle()
    expect(await clustersDrawn()).toBeGreaterThan(0)
    expect(await page.locator('#legend .crit-key').isVisible()).toBe(true)

    await chooseAnalysis('gistar')
    await page.locator('#legend .incidents-hidden').waitFor()
    expect(await clustersDrawn()).toBe(0)
    expect(await page.locator('#legend .incidents-hidden p').textContent()).toBe(en['legend.hiddenUnderAnalysis'])
    expect(await page.locator('#legend h2').first().textContent()).toBe(en['an.gistar'])

    // One click shows them over the analysis, another hides them again.
    await page.locator('#legend button.show-incidents').click()
    expect(await clustersDrawn()).toBeGreaterThan(0)
    expect(await page.locator('#legend .incidents-hidden').count()).toBe(0)
    await page.locator('#legend button.hide-incidents').click()
    expect(await clustersDrawn()).toBe(0)

    // Analysis off: the clusters are back, with their key.
    await chooseAnalysis('none')
    expect(await clustersDrawn()).toBeGreaterThan(0)
    expect(await page.locator('#legend .incidents-hidden').count()).toBe(0)
    expect(await page.locator('#legend .crit-key').isVisible()).toBe(true)

    // A new analysis hides them again (the click was for that analysis only).
    await page.locator('#legend .crit-key').waitFor()
    await chooseAnalysis('localmoran')
    await page.locator('#legend .incidents-hidden').waitFor()
    expect(await clustersDrawn()).toBe(0)
  })

  it('keys the post types and numbers the proposals on the map as in the planner, with their rings', async () => {
    // Battambang: not every village is within a post's reach, so the planner has posts to propose.
    await page.goto(`${e.base}/?lang=en&sel=02&mode=clusters&an=localmoran&unit=commune`)
    await settled()
    await page.locator('#posts input[name=posts]').check()
    await page.locator('#posts .covered-share').waitFor({ timeout: 120_000 })
    // Post types: a symbol and the coverage radius of each.
    const types = page.locator('#posts-legend .post-types li')
    expect(await types.count()).toBe(3)
    expect(await types.locator('img').count()).toBe(3)
    const typeText = (await types.allTextContents()).join(' | ')
    for (const [k, r] of [
      ['commune_post', '5'],
      ['district_station', '10'],
      ['provincial_hq', '15'],
    ] as const)
      expect(typeText).toContain(en['legend.postType'].replace('{type}', en[`posttype.${k}`]).replace('{km}', r))
    expect(await page.locator('#posts-legend .gap-key').isVisible()).toBe(true)
    expect(await page.locator('#posts-legend .load-classes li').count()).toBe(5)
    // The posts panel no longer carries a legend of its own.
    expect(await page.locator('#posts .legend').count()).toBe(0)

    // Plan three posts.
    await page.locator('#posts input[name=k]').fill('3')
    await page.locator('#posts input[name=k]').dispatchEvent('change')
    await page.locator('#posts button[type=submit]').click()
    await page.locator('#posts .result').waitFor({ timeout: 120_000 })
    const listed = await page.locator('#posts ol.proposed li').evaluateAll((lis) =>
      lis.map((li) => ({
        rank: li.getAttribute('data-rank'),
        badge: li.querySelector('.rank-badge')?.textContent,
        name: li.lastChild?.textContent, // the place's name, after the badge
      })),
    )
    expect(listed.map((l) => l.rank)).toEqual(['1', '2', '3'])
    expect(listed.map((l) => l.badge)).toEqual(['1', '2', '3'])

    // On the map: each proposal drawn with its rank, the rank's image, and its ring of the planner's radius.
    await mapIdle()
    const drawn = await page.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const byRank = (fs: { properties: Record<string, unknown> }[]) => [...new Map(fs.map((f) => [Number(f.properties.rank), f])).values()]
      const points = byRank(map.queryRenderedFeatures({ layers: ['proposed-rank'] }) as never).map((f: any) => ({
        rank: Number(f.properties.rank),
        name: String(f.properties.name_en),
        lon: f.geometry.coordinates[0],
        lat: f.geometry.coordinates[1],
        image: map.hasImage(`proposed-rank-${f.properties.rank}`),
      }))
      const rings = byRank(map.querySourceFeatures('proposed-rings') as never).map((f: any) => ({
        rank: Number(f.properties.rank),
        ring: f.geometry.coordinates[0] as [number, number][],
      }))
      const lines = map.queryRenderedFeatures({ layers: ['proposed-ring-line'] }).length
      return { points: points.sort((a, b) => a.rank - b.rank), rings: rings.sort((a, b) => a.rank - b.rank), lines }
    })
    expect(drawn.points.map((p) => p.rank)).toEqual([1, 2, 3])
    expect(drawn.points.every((p) => p.image)).toBe(true)
    expect(drawn.points.map((p) => p.name)).toEqual(listed.map((l) => l.name))
    expect(drawn.rings.map((r) => r.rank)).toEqual([1, 2, 3])
    expect(drawn.lines).toBeGreaterThan(0)
    // A ring lies at the planner's radius (5 km by default) around its post.
    const radius = Number(await page.locator('#posts input[name=radius]').inputValue())
    for (const [i, r] of drawn.rings.entries()) {
      const p = drawn.points[i]!
      const rad = (d: number) => (d * Math.PI) / 180
      for (const [lon, lat] of r.ring.filter((_, j) => j % 16 === 0)) {
        const a = Math.sin(rad(lat - p.lat) / 2) ** 2 + Math.cos(rad(p.lat)) * Math.cos(rad(lat)) * Math.sin(rad(lon - p.lon) / 2) ** 2
        const m = 2 * 6_371_008.8 * Math.asin(Math.sqrt(a))
        expect(Math.abs(m - radius) / radius).toBeLessThan(0.01)
      }
    }
    // The proposals' legend: the numbered disc and the ring.
    expect(await page.locator('#posts-legend .proposed-key').textContent()).toBe(en['legend.proposed'].replace('{n}', '3'))
    expect(await page.locator('#posts-legend .proposed-key img').count()).toBe(1)
    expect(await page.locator('#posts-legend .proposed-ring-key').textContent()).toBe(en['legend.proposedRing'].replace('{km}', '5'))
  })

  it('keeps every legend in one dock that covers at most a quarter of the map, at 1400×900 and 390×844, in English and Khmer', async () => {
    // The forums tab too: its legend joins the dock (policy, posts, then the map's analysis and rate classes).
    await page.locator('.pol-tab[data-tab=forums]').click()
    await page.waitForFunction(
      () => !!document.querySelector('#policy .pol-body') && !document.querySelector('#policy .pol-loading'),
      null,
      {
        timeout: 120_000,
      },
    )
    await page.locator('#policy-legend h2').waitFor()
    const sections = await page.locator('#legend-dock .dock-section:not([hidden])').evaluateAll((s) => s.map((x) => x.id))
    expect(sections).toEqual(['policy-legend', 'posts-legend', 'legend'])
    // Nothing else floats over the map as a legend.
    expect(await page.locator('.map-wrap > section.panel').count()).toBe(0)
    expect(await page.locator('#legend-dock .dock-body .privacy-note, #legend-dock .dock-body .protected-note').count()).toBe(0) // admin: nothing withheld

    for (const [lang, m] of [
      ['en', en],
      ['km', km],
    ] as const) {
      if (lang === 'km') {
        await page.setViewportSize(DESKTOP)
        await page.locator('#lang button[data-lang=km]').click()
        await page.waitForFunction(() => document.documentElement.lang === 'km')
      }
      expect(await page.locator('#legend-dock-title').textContent()).toBe(m['legend.dock'])
      expect(await page.locator('#posts-legend h2').textContent()).toBe(m['posts.title'])
      const desk = await expectDockFits(`desktop ${lang}`)
      expect(desk.share).toBeGreaterThan(0.1) // room enough: everything in view at a glance
      await shot(`legend-dock-desktop-${lang}.png`)

      await page.setViewportSize(PHONE)
      await page.waitForFunction(() => document.getElementById('legend-dock')!.getBoundingClientRect().width <= 240)
      const phone = await expectDockFits(`phone ${lang}`)
      expect(phone.bodyScrolls).toBe(true) // it scrolls inside itself
      // The dock scrolled to its end: still no page scroll.
      await page.locator('#legend-dock .dock-body').evaluate((el) => el.scrollTo(0, el.scrollHeight))
      await expectDockFits(`phone ${lang}, dock scrolled`)
      await shot(`legend-dock-phone-${lang}.png`)
    }

    // Collapsed to its title bar, and open again.
    const toggle = page.locator('#legend-dock-toggle')
    expect(await toggle.textContent()).toBe(km['legend.hide'])
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await page.locator('#legend').isVisible()).toBe(false)
    expect((await page.locator('#legend-dock').boundingBox())!.height).toBeLessThan(50)
    await shot('legend-dock-phone-collapsed-km.png')
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    expect(await page.locator('#legend').isVisible()).toBe(true)
    await page.setViewportSize(DESKTOP)
  })

  it('draws forum markers that read over the darkest red class', async () => {
    // No forum colour is near a red, orange or yellow class of the choropleth or the hot-spot layers.
    const reds = [...RATE_COLORS, ...GI_BINS.filter((b) => b.bin > 0).map((b) => b.color), LISA_CLASSES[0].color, LISA_CLASSES[1].color]
    const hot = EHSA_CLASSES.filter((c) => c.key.endsWith('.hot')).map((c) => c.color)
    for (const f of Object.values(FORUM_COLORS))
      for (const r of [...reds, ...hot]) expect(dist(hex(f), hex(r)), `${f} vs ${r}`).toBeGreaterThan(90)

    // On the map, over the commune choropleth: the marker's centre, its white ring and its dark outline.
    await page.goto(`${e.base}/?lang=en&sel=12&level=commune&mode=off&pol=forums&per=quarter-2026-3`)
    await settled()
    await page.locator('#policy-legend h2').waitFor({ timeout: 120_000 })
    await mapIdle()
    // A diamond per status (posts are round), drawn as images.
    const marker = await page.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      return {
        type: map.getLayer('forums-marker')?.type,
        images: ['ok', 'due_soon', 'overdue', 'never'].every((s) => map.hasImage(`forum-${s}`)),
      }
    })
    expect(marker).toEqual({ type: 'symbol', images: true })
    expect(await page.locator('#policy-legend .classes li img').count()).toBe(4)
    const sample = await page.evaluate(async () => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const src = map.getCanvas()
      const c = document.createElement('canvas')
      c.width = src.width
      c.height = src.height
      const g = c.getContext('2d')!
      g.drawImage(src, 0, 0)
      const k = src.width / src.clientWidth
      const px = (x: number, y: number) => [...g.getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data.slice(0, 3)]
      const shown = map.queryRenderedFeatures({ layers: ['forums-marker'] })
      // Each marker alone in its neighbourhood, with the fill around it 16 px away; the reddest first.
      const out = []
      for (const f of shown) {
        const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number])
        if (p.x < 30 || p.y < 30 || p.x > src.clientWidth - 30 || p.y > src.clientHeight - 30) continue
        const near = map.queryRenderedFeatures(
          [
            [p.x - 24, p.y - 24],
            [p.x + 24, p.y + 24],
          ],
          { layers: ['forums-marker'] },
        )
        if (new Set(near.map((n) => n.properties.code)).size > 1) continue
        const around = [px(p.x + 16, p.y), px(p.x - 16, p.y), px(p.x, p.y + 16), px(p.x, p.y - 16)]
        out.push({
          status: String(f.properties.status),
          centre: px(p.x, p.y),
          // From the centre outwards (px): the status colour, the white ring, the dark outline, the fill.
          profile: Array.from({ length: 15 }, (_, d) => px(p.x + d, p.y)),
          around,
          redness: Math.min(...around.map(([R, G, B]) => R - (G + B) / 2)),
        })
      }
      return out.sort((a, b) => b.redness - a.redness)
    })
    expect(sample.length).toBeGreaterThan(0)
    const best = sample[0]!
    // Over a red class (the fill around is red), the marker's centre is far from the fill and from every red, and its
    // ring is near white.
    expect(best.redness, JSON.stringify(best)).toBeGreaterThan(60)
    for (const a of best.around) expect(dist(best.centre, a), JSON.stringify(best)).toBeGreaterThan(90)
    for (const r of reds) expect(dist(best.centre, hex(r)), JSON.stringify(best)).toBeGreaterThan(60)
    const white = best.profile.findIndex((c) => Math.min(...c) > 200)
    const dark = best.profile.findIndex((c, i) => i > white && Math.max(...c) < 90)
    expect(white, JSON.stringify(best)).toBeGreaterThan(2)
    expect(dark, JSON.stringify(best)).toBeGreaterThan(white)
    expect(dist(best.profile[dark]!, best.around[0]!), JSON.stringify(best)).toBeGreaterThan(90)
    await page.screenshot({ path: path.join(SHOTS, 'legend-dock-forums-en.png') })
    expect(e.problems).toEqual([])
    expect(e.external).toEqual([])
  })
})

import type { GeoJSONSource } from 'maplibre-gl'
import type { SvElement } from '../../web/test-handle.ts'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/db/types.ts'
import { en } from '../../web/i18n/en.ts'
import { km } from '../../web/i18n/km.ts'
import { loginThrough, SHOTS, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// The policy panel (issue 6) in the built app, served by the real server on a copy of the test database, in Chromium.
let e: E2E,
  db: Db,
  page: Page,
  base = ''
let external: string[] = [],
  problems: string[] = []

beforeAll(async () => {
  e = await startE2E({ width: 1400, height: 900 })
  ;({ db, page, base, external, problems } = e)
  await loginThrough(page, `${base}/?lang=en`, 'admin', TEST_PASSWORD)
  await settled()
})

afterAll(async () => {
  await stopE2E(e)
})

async function settled() {
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
}
/** The policy tab has loaded what it asked for. */
async function policyLoaded() {
  await page.waitForFunction(() => !!document.querySelector('#policy .pol-body') && !document.querySelector('#policy .pol-loading'), null, {
    timeout: 120_000,
  })
  const errors = await page.locator('#policy .pol-error').allTextContents()
  expect(errors).toEqual([])
}
async function open(query: string) {
  await page.goto(`${base}/?${query}`)
  await settled()
  await policyLoaded()
}
const text = (sel: string) => page.locator(sel).first().textContent()
/** Features set on a GeoJSON source (querySourceFeatures repeats a point in every tile it touches). */
const sourceCount = (id: string) =>
  page.evaluate(
    async (id) =>
      ((await (document.getElementById('map') as SvElement).sv.map.getSource<GeoJSONSource>(id)!.getData()) as GeoJSON.FeatureCollection)
        .features.length,
    id,
  )

/** Where a feature of a source is on the screen (page coordinates), when it is clear of other markers and overlays. */
async function markerAt(source: string, layer: string, code: string): Promise<{ x: number; y: number; top: string } | null> {
  const box = (await page.locator('#map canvas').boundingBox())!
  const r = await page.evaluate(
    ([source, layer, code, bx, by]) => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const f = map.querySourceFeatures(source).find((x: any) => x.properties.code === code)
      if (!f) return null
      const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number])
      // Not under a legend or a control.
      if (document.elementFromPoint(Number(bx) + p.x, Number(by) + p.y) !== map.getCanvas()) return null
      // Only a marker that no other overlaps (within 12 px), so the click cannot be taken by a neighbour.
      const near = map.queryRenderedFeatures(
        [
          [p.x - 12, p.y - 12],
          [p.x + 12, p.y + 12],
        ],
        { layers: [layer] },
      )
      const codes = new Set(near.map((x: any) => String(x.properties.code)))
      return codes.size === 1 && codes.has(code) ? { x: p.x, y: p.y, top: code } : null
    },
    [source, layer, code, box.x, box.y] as const,
  )
  return r && { x: box.x + r.x, y: box.y + r.y, top: r.top }
}

describe('the policy panel', () => {
  it('draws the safe status layer with its legend, table and trend chart, in English and Khmer', async () => {
    await open('lang=en&sel=12&mode=off&pol=safety&per=quarter-2026-3')
    expect(await text('#policy .pol-tab.active')).toBe(en['pol.tab.safety'])
    expect(await page.locator('#policy .pol-table tbody tr').count()).toBeGreaterThan(20)
    expect(await text('#policy .pol-summary')).toMatch(/Q3 2026: \d+ of \d+ communes safe/)
    expect(await text('#policy')).toContain(en['pol.synthetic'])
    // The markers are drawn: a symbol per commune with a point, one of 32 images.
    await page.waitForTimeout(500)
    const drawn = await page.evaluate(() => {
      const map = (document.getElementById('map') as SvElement).sv.map
      const fs = map.queryRenderedFeatures({ layers: ['safety-symbol'] })
      return {
        n: fs.length,
        icons: [...new Set(fs.map((f: any) => f.properties.icon))],
        images: Array.from({ length: 32 }, (_, i) => map.hasImage(`safety-${i}`)).every(Boolean),
      }
    })
    expect(drawn.n).toBeGreaterThan(20)
    expect(drawn.images).toBe(true)
    expect(drawn.icons.length).toBeGreaterThan(2)
    expect(await page.locator('#policy-legend').isVisible()).toBe(true)
    expect(await text('#policy-legend h2')).toBe(en['pol.s.legendTitle'])
    expect(await page.locator('#policy-legend img').count()).toBe(6)
    expect(await page.locator('#policy .safety-trend svg path.series').count()).toBeGreaterThan(2)
    await page.screenshot({ path: path.join(SHOTS, 'policy-safety-en.png') })

    await page.locator('.lang button[data-lang=km]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'km')
    expect(await text('#policy .pol-tab.active')).toBe(km['pol.tab.safety'])
    expect(await text('#policy-legend h2')).toBe(km['pol.s.legendTitle'])
    expect(await text('#policy .pol-summary')).toMatch(/[\u1780-\u17FF]/)
    await page.screenshot({ path: path.join(SHOTS, 'policy-safety-km.png') })

    // Closing the panel hides the layer and its legend.
    await page.locator('#policy .pol-close').click()
    expect(await page.locator('#policy-legend').isVisible()).toBe(false)
    expect(
      await page.evaluate(() => (document.getElementById('map') as SvElement).sv.map.getLayoutProperty('safety-symbol', 'visibility')),
    ).toBe('none')
  })

  it('shows the Ministry report with its total, and every download answers', async () => {
    await open('lang=en&sel=12&mode=off&pol=report&per=quarter-2026-3')
    const rows = await page.locator('#policy .pol-table tbody tr').count()
    expect(rows).toBeGreaterThan(3)
    expect(await text('#policy .pol-table tr.total')).toContain(en['pol.r.total'])
    expect(await text('#policy .pol-summary')).toContain('Q3 2026')
    const links = await page.locator('#policy .downloads a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))
    expect(links).toHaveLength(3)
    for (const href of links) {
      const r = await page.evaluate(async (u) => {
        const res = await fetch(u)
        return { status: res.status, type: res.headers.get('content-type') ?? '', size: (await res.arrayBuffer()).byteLength }
      }, href)
      expect(r.status, href).toBe(200)
      expect(r.size, href).toBeGreaterThan(100)
      expect(r.type, href).not.toContain('application/json')
    }
    await page.screenshot({ path: path.join(SHOTS, 'policy-report-en.png') })
  })

  it('chooses pilots on the map and in the table, saves a plan, and evaluates it', async () => {
    await open('lang=en&sel=12&mode=off&pol=pilots&per=quarter-2026-3')
    expect(await page.locator('#policy .pol-table tbody tr').count()).toBeGreaterThan(10)
    expect(await page.locator('#policy .weight-grid input[type=number]').count()).toBe(6)
    await page.waitForTimeout(500)
    // Click markers of well-ranked communes: each click marks that row and chooses it.
    const codes = await page
      .locator('#policy .pol-table tbody tr')
      .evaluateAll((trs) => trs.slice(0, 60).map((tr) => (tr as HTMLElement).dataset.code!))
    const clicked: string[] = []
    for (const code of codes) {
      if (clicked.length === 2) break
      const at = await markerAt('pilot-scores', 'pilot-score-circle', code)
      if (!at || clicked.includes(at.top)) continue
      await page.mouse.click(at.x, at.y)
      await page.locator(`#policy tr.marked[data-code="${at.top}"]`).waitFor()
      expect(await page.locator(`#policy tr[data-code="${at.top}"] input[name=pilot]`).isChecked()).toBe(true)
      clicked.push(at.top)
    }
    expect(clicked).toHaveLength(2)
    // The selection of the app did not change (the markers take their own clicks).
    expect(await page.evaluate(() => (document.getElementById('map') as SvElement).sv.store.get().sel)).toBe('12')
    // A third from the table; hovering a row highlights it on the map.
    const thirdCode = await page.locator('#policy .pol-table tbody tr:not(.chosen)').first().getAttribute('data-code')
    const third = page.locator(`#policy .pol-table tbody tr[data-code="${thirdCode}"]`)
    await third.hover()
    expect(await sourceCount('pilot-highlight')).toBe(1)
    await third.locator('input[name=pilot]').check()
    expect(await text('#policy .chosen-count')).toContain('3 pilot areas chosen')
    expect(await sourceCount('pilot-chosen')).toBe(3)
    await page.screenshot({ path: path.join(SHOTS, 'policy-pilots-en.png') })

    await page.fill('#policy input[name=plan-name]', 'E2E pilot plan')
    await page.fill('#policy input[name=plan-start_date]', '2025-07-01')
    await page.fill('#policy textarea[name=plan-rationale]', 'Chosen in the browser test')
    await page.locator('#policy button.save-plan').click()
    await page.locator('#policy .plan-saved').waitFor({ timeout: 60_000 })
    const [saved] = await db.query<{ id: number; n: number }>(
      `SELECT p.id, (SELECT count(*)::int FROM pilot_plan_areas a WHERE a.plan_id = p.id) AS n FROM pilot_plans p WHERE name = 'E2E pilot plan'`,
    )
    expect(saved.n).toBe(3)
    const item = page.locator(`#policy ul.plans li[data-plan="${saved.id}"]`)
    await item.waitFor()
    expect(await sourceCount('pilot-plan')).toBe(3)

    await item.locator('.evaluate-plan').click()
    await page.locator('#policy .evaluation .did').waitFor({ timeout: 120_000 })
    expect(await text('#policy .evaluation .did')).toMatch(/^[−-]?\d+\.\d{3}$/)
    expect(await text('#policy .evaluation .ci')).toMatch(/\d … [−-]?\d/)
    expect(await text('#policy .evaluation .n')).toMatch(/^3 pilots, \d+ controls$/)
    expect(await page.locator('#policy .evaluation-chart svg path.series').count()).toBe(2)
    expect(await page.locator('#policy .evaluation-chart svg line.marker').count()).toBe(1)
    await page.locator('#policy .evaluation-chart').scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(SHOTS, 'policy-evaluation-en.png') })

    // Delete it (two steps).
    await item.locator('.delete-plan').click()
    await item.locator('.confirm-delete').click()
    await page.waitForFunction((id) => !document.querySelector(`#policy ul.plans li[data-plan="${id}"]`), saved.id)
    expect(await db.query(`SELECT 1 FROM pilot_plans WHERE id = $1`, [saved.id])).toHaveLength(0)
  })

  it('maps forum compliance and goes to an overdue area', async () => {
    await open('lang=en&sel=12&mode=off&pol=forums&per=quarter-2026-3')
    expect(await text('#policy-legend h2')).toBe(en['pol.f.legendTitle'])
    expect(await page.locator('#policy-legend .classes li').count()).toBe(4)
    expect(await sourceCount('forums')).toBeGreaterThan(10)
    expect(await page.locator('#policy form.forum-form').count()).toBe(1)
    const late = page.locator('#policy .overdue-list button').first()
    if (await late.count()) {
      const code = await late.getAttribute('data-code')
      await late.click()
      await page.waitForFunction((c) => new URL(location.href).searchParams.get('sel') === c, code)
      await policyLoaded()
      expect(await page.locator('#policy input[name=forum-area_code]').inputValue()).toBe(code)
    } else {
      expect(await text('#policy .empty')).toBe(en['pol.f.noneOverdue'])
    }
    await page.screenshot({ path: path.join(SHOTS, 'policy-forums-en.png') })
  })

  it('lists outstanding communes with a CSV download', async () => {
    await open('lang=km&sel=12&mode=off&pol=ranking&per=year-2025')
    const rows = page.locator('#policy .pol-table tbody tr.outstanding')
    if (await rows.count()) expect(await text('#policy .pol-table tbody tr.outstanding')).toContain('★')
    else expect(await text('#policy .empty')).toBe(km['pol.k.empty'])
    const href = await page.locator('#policy .downloads a.dl-csv').getAttribute('href')
    const r = await page.evaluate(async (u) => {
      const res = await fetch(u!)
      return { status: res.status, body: await res.text() }
    }, href)
    expect(r.status).toBe(200)
    expect(r.body.split('\n').length).toBeGreaterThan(1)
    await page.screenshot({ path: path.join(SHOTS, 'policy-ranking-km.png') })
  })

  it('made no request beyond 127.0.0.1 and logged no errors', () => {
    expect(external).toEqual([])
    expect(problems).toEqual([])
  })
})

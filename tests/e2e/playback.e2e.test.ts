import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/db/types.ts'
import { en, MONTHS_EN } from '../../web/i18n/en.ts'
import { km, MONTHS_KM } from '../../web/i18n/km.ts'
import type { SvElement } from '../../web/test-handle.ts'
import { loginThrough, SHOTS, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// Issue 14: time playback over the months (kepler.gl-like), and the map noticing new data without a page reload.
let e: E2E, db: Db, page: Page, base: string
/** Every month of the test data, oldest first, and the incidents of each (the admin's choropleth total). */
let months: string[] = []
const perMonth = new Map<string, number>()

beforeAll(async () => {
  e = await startE2E({ width: 1400, height: 900 })
  ;({ db, page, base } = e)
  const rows = await db.query<{ m: string; n: number }>(
    `SELECT to_char(occurred_at AT TIME ZONE 'Asia/Phnom_Penh', 'YYYY-MM') AS m, count(*)::int AS n
     FROM incidents WHERE province_code IS NOT NULL GROUP BY 1 ORDER BY 1`,
  )
  months = rows.map((r) => r.m)
  for (const r of rows) perMonth.set(r.m, r.n)
  await loginThrough(page, `${base}/?lang=en&mode=off`, 'admin', TEST_PASSWORD)
  await settled()
}, 180_000)
afterAll(async () => {
  await stopE2E(e)
})

const settled = (p = page) =>
  p.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
const state = (p = page) => p.evaluate(() => (document.getElementById('map') as SvElement).sv.store.get())
const setState = (patch: Record<string, unknown>, p = page) =>
  p.evaluate((x) => (document.getElementById('map') as SvElement).sv.store.set(x), patch)
const label = (ym: string, names: readonly string[] = MONTHS_EN) => `${names[Number(ym.slice(5)) - 1]} ${ym.slice(0, 4)}`
const toggle = (p = page) => p.locator('#filters .playback button.pb-play')
async function shot(name: string, p = page) {
  await p.evaluate(
    () =>
      new Promise<void>((r) => {
        const m = (document.getElementById('map') as SvElement).sv.map
        m.once('idle', () => r())
        m.triggerRepaint()
      }),
  )
  await p.screenshot({ path: path.join(SHOTS, name) })
}

/**
 * Records, in the page, each change of the period and each frame the map finished drawing (body[data-ready] = 1),
 * with the choropleth's total and the label on the map at that moment.
 */
async function record(p = page) {
  await p.evaluate(() => {
    const sv = (document.getElementById('map') as SvElement).sv
    const log: { kind: string; from: string | null; to: string | null; total?: number | null; label?: string | null; renders?: number }[] =
      []
    Object.assign(window, { __playLog: log })
    sv.store.subscribe((s, prev) => {
      if (s.from !== prev.from || s.to !== prev.to) log.push({ kind: 'period', from: s.from, to: s.to })
    })
    new MutationObserver(() => {
      if (document.body.dataset.ready !== '1') return
      const s = sv.store.get()
      log.push({
        kind: 'drawn',
        from: s.from,
        to: s.to,
        total: sv.data.get().legend?.total ?? null,
        renders: sv.data.get().renders,
        label: document.querySelector('.playback-stage .pb-month')?.textContent ?? null,
      })
    }).observe(document.body, { attributes: true, attributeFilter: ['data-ready'] })
  })
}
type LogEntry = { kind: string; from: string | null; to: string | null; total?: number | null; label?: string | null; renders?: number }
const playLog = (p = page) => p.evaluate(() => (window as unknown as { __playLog: LogEntry[] }).__playLog)

describe('time playback over the months', () => {
  it('plays month after month, each drawn before the next, with the month large on the map; pause stops it', async () => {
    expect(months.length).toBeGreaterThan(12)
    await page.evaluate(() => {
      ;(document.getElementById('map') as SvElement).sv.playback.stepMs = 300
    })
    await record()
    const play = toggle()
    expect(await play.getAttribute('aria-label')).toBe(en['playback.play'])
    expect(await play.getAttribute('aria-pressed')).toBe('false')
    await play.click()
    expect(await play.getAttribute('aria-pressed')).toBe('true')
    // The whole span was shown: play starts at the first month, one month at a time.
    await page.waitForFunction(
      () => (window as unknown as { __playLog: LogEntry[] }).__playLog.filter((x) => x.kind === 'drawn').length >= 4,
      null,
      { timeout: 120_000 },
    )
    await page.screenshot({ path: path.join(SHOTS, 'playback-playing-en.png') })
    await play.click() // the same button pauses
    expect(await play.getAttribute('aria-pressed')).toBe('false')
    await settled()
    const log = await playLog()
    const periods = log.filter((x) => x.kind === 'period')
    expect(periods.length).toBeGreaterThanOrEqual(3)
    periods.forEach((x, i) => {
      expect(x.from).toBe(months[i])
      expect(x.to).toBe(months[i])
    })
    // Each period was drawn (the choropleth's total is that month's incidents, the label says the month) before the
    // next one was asked for: no frame skipped.
    let last = -1
    for (let i = 0; i < periods.length; i++) {
      const at = log.indexOf(periods[i])
      expect(at).toBeGreaterThan(last)
      const next = i + 1 < periods.length ? log.indexOf(periods[i + 1]) : log.length
      const drawn = log.slice(at + 1, next).filter((x) => x.kind === 'drawn')
      expect(drawn.length, `month ${months[i]} drawn before the next step`).toBeGreaterThanOrEqual(1)
      expect(drawn.at(-1)).toMatchObject({ from: months[i], to: months[i], total: perMonth.get(months[i]), label: label(months[i]) })
      last = at
    }
    const renders = log.filter((x) => x.kind === 'drawn').map((x) => x.renders ?? 0)
    expect(new Set(renders).size).toBe(renders.length) // a new choropleth each step
    // Paused: the period stays where it is.
    const paused = await state()
    await page.waitForTimeout(1500) // five steps' time
    expect(await state()).toMatchObject({ from: paused.from, to: paused.to })
    expect(await page.locator('.playback-stage .pb-month').textContent()).toBe(label(paused.from!))
    expect(await page.locator('.playback-stage button.pb-play').getAttribute('aria-pressed')).toBe('false')
    await page.locator('#filters .playback').scrollIntoViewIfNeeded()
    await shot('playback-en.png')
  })

  it('steps back and forth, plays and pauses from the keyboard, stops at the last month or loops', async () => {
    // A window of three months slides as a whole.
    await setState({ from: months[3], to: months[5] })
    await settled()
    await page.locator('#filters .playback button.pb-forward').click()
    expect(await state()).toMatchObject({ from: months[4], to: months[6] })
    await settled()
    await page.locator('#filters .playback button.pb-back').click()
    expect(await state()).toMatchObject({ from: months[3], to: months[5] })
    await settled()
    expect(await page.locator('.playback-stage .pb-month').textContent()).toBe(`${label(months[3])} – ${label(months[5])}`)

    // Keyboard: Tab reaches the toggle after step back, Space plays, Space pauses; the focus stays on the button.
    await page.locator('#filters .playback button.pb-back').focus()
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.classList.contains('pb-play'))).toBe(true)
    await page.keyboard.press('Space')
    expect(await toggle().getAttribute('aria-pressed')).toBe('true')
    await page.waitForFunction((m) => (document.getElementById('map') as SvElement).sv.store.get().from === m, months[4], {
      timeout: 120_000,
    })
    await page.keyboard.press('Space')
    expect(await toggle().getAttribute('aria-pressed')).toBe('false')
    expect(await page.evaluate(() => document.activeElement?.classList.contains('pb-play'))).toBe(true)
    await settled()

    // Without loop: from the month before the last, play ends on the last month and stops there.
    const n = months.length
    await setState({ from: months[n - 2], to: months[n - 2] })
    await settled()
    await toggle().click()
    await page.waitForFunction(
      () => document.querySelector('#filters .playback button.pb-play')?.getAttribute('aria-pressed') === 'false',
      null,
      {
        timeout: 120_000,
      },
    )
    expect(await state()).toMatchObject({ from: months[n - 1], to: months[n - 1] })
    expect(await page.locator('#filters .playback button.pb-forward').isDisabled()).toBe(true)
    await settled()

    // With loop: play from the last month goes round to the first and on.
    await page.locator('#filters .playback .pb-loop input').check()
    await setState({ from: months[n - 2], to: months[n - 2] })
    await settled()
    await record()
    await toggle().click()
    await page.waitForFunction((m) => (document.getElementById('map') as SvElement).sv.store.get().from === m, months[1], {
      timeout: 120_000,
    })
    await toggle().click()
    await settled()
    const froms = (await playLog()).filter((x) => x.kind === 'period').map((x) => x.from)
    expect(froms.slice(0, 3)).toEqual([months[n - 1], months[0], months[1]])
    await page.locator('#filters .playback .pb-loop input').uncheck()
  })

  it('reads in Khmer, and fits a phone', async () => {
    await setState({ from: months[6], to: months[6] })
    await settled()
    await page.locator('#filters .playback button.pb-forward').click() // a step shows the label on the map
    await settled()
    await page.locator('.lang button[data-lang=km]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'km')
    await settled()
    expect(await toggle().getAttribute('aria-label')).toBe(km['playback.play'])
    expect(await page.locator('#filters .playback .pb-loop span').textContent()).toBe(km['playback.loop'])
    expect(await page.locator('#filters .playback button.pb-forward').getAttribute('aria-label')).toBe(km['playback.forward'])
    expect(await page.locator('.playback-stage .pb-month').textContent()).toBe(label(months[7], MONTHS_KM))
    await page.locator('#filters .playback').scrollIntoViewIfNeeded()
    await shot('playback-km.png')

    await page.setViewportSize({ width: 390, height: 844 })
    for (const lang of ['km', 'en'] as const) {
      if (lang === 'en') {
        await page.locator('.lang button[data-lang=en]').click()
        await page.waitForFunction(() => document.documentElement.lang === 'en')
      }
      await settled()
      const sheet = page.locator('#sheet-toggle')
      if ((await sheet.getAttribute('aria-expanded')) !== 'true') await sheet.click()
      await page.waitForFunction(() => document.getElementById('sidebar')!.getAnimations().length === 0)
      await page.locator('#filters .playback').scrollIntoViewIfNeeded()
      const stage = (await page.locator('.playback-stage').boundingBox())!
      expect(stage.x).toBeGreaterThanOrEqual(0)
      expect(stage.x + stage.width).toBeLessThanOrEqual(390)
      const buttons = await page.locator('#filters .playback button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().height))
      for (const hgt of buttons) expect(hgt).toBeGreaterThanOrEqual(40) // touch targets
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
      await shot(`playback-phone-${lang}.png`)
    }
    await page.locator('#sheet-toggle').click()
    await page.setViewportSize({ width: 1400, height: 900 })
    await setState({ from: null, to: null })
    await settled()
  })

  it('lets a viewer play calendar months through the period select, every request one the server publishes', async () => {
    const ctx = await e.browser.newContext({ viewport: { width: 1400, height: 900 } })
    const p = await ctx.newPage()
    const refused: string[] = []
    p.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/') && r.status() >= 400 && !r.url().endsWith('/api/auth/me'))
        refused.push(`${r.status()} ${r.url()}`)
    })
    await loginThrough(p, `${base}/?lang=en&mode=off`, 'viewer', TEST_PASSWORD)
    await settled(p)
    await p.evaluate(() => {
      ;(document.getElementById('map') as SvElement).sv.playback.stepMs = 300
    })
    await record(p)
    expect(await p.locator('#filters select[name=period]').inputValue()).toBe('all')
    await toggle(p).click()
    await p.waitForFunction(
      () => (window as unknown as { __playLog: LogEntry[] }).__playLog.filter((x) => x.kind === 'drawn').length >= 3,
      null,
      { timeout: 120_000 },
    )
    await toggle(p).click()
    await settled(p)
    const periods = (await playLog(p)).filter((x) => x.kind === 'period')
    expect(periods.length).toBeGreaterThanOrEqual(3)
    for (const [i, x] of periods.entries()) expect(x).toMatchObject({ from: months[i], to: months[i] })
    const last = periods.at(-1)!
    // The select shows the month played.
    const [y, m] = last.from!.split('-').map(Number)
    expect(await p.locator('#filters select[name=period]').inputValue()).toBe(`month-${y}-${m}`)
    expect(await p.locator('.playback-stage .pb-month').textContent()).toBe(label(last.from!))
    expect(refused).toEqual([])
    await ctx.close()
  })
})

describe('the map notices new data', () => {
  it("reloads the officer's map after an incident is added, edited and deleted, and after its own write, without a page reload", async () => {
    await page.context().clearCookies()
    await loginThrough(page, `${base}/?lang=en&mode=clusters`, 'officer', TEST_PASSWORD)
    await settled()
    expect((await state()).sel).toBe('12') // an officer's map opens on their area
    await page.evaluate(() => {
      // Every text the status line shows from now on ("Data updated" stays a few seconds).
      const seen: string[] = []
      const status = document.getElementById('status')!
      new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
        childList: true,
        subtree: true,
        characterData: true,
      })
      Object.assign(window, { __samePage: 'yes', __statusSeen: seen })
      const dv = (document.getElementById('map') as SvElement).sv.dataVersion
      dv.pollMs = 600_000 // no poll while the focus path is tried
      dv.wakeGapMs = 0
    })
    const figures = () =>
      page.evaluate(() => {
        const sv = (document.getElementById('map') as SvElement).sv
        return {
          total: sv.data.get().legend?.total ?? null,
          points: sv.data.get().points?.pts.length ?? null,
          reloads: sv.dataVersion.reloads,
          view: sv.store.get().view,
        }
      })
    const before = await figures()
    /** What the status line said since the last call. */
    const statusSeen = () => page.evaluate(() => (window as unknown as { __statusSeen: string[] }).__statusSeen.splice(0).join(' | '))
    const byCriterion = () =>
      page.evaluate(() => {
        const out: Record<number, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }
        for (const pt of (document.getElementById('map') as SvElement).sv.data.get().points?.pts ?? []) out[pt[2]]++
        return out
      })
    expect(before.total).toBeGreaterThan(0)
    const [v] = await db.query<{ code: string }>(
      `SELECT code FROM villages WHERE province_code = '12' AND geom IS NOT NULL ORDER BY code LIMIT 1`,
    )

    // 1. Added (by the API, as another device would), noticed when the window gets the focus.
    const created = await page.evaluate(async (village) => {
      const r = await fetch('/api/incidents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ criterion: 1, subtype: 'theft', occurred_at: '2026-05-10T10:00', village_code: village }),
      })
      return { status: r.status, id: (await r.json()).id as number }
    }, v.code)
    expect(created.status).toBe(201)
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    await page.waitForFunction((n) => (document.getElementById('map') as SvElement).sv.data.get().legend?.total === n, before.total! + 1, {
      timeout: 120_000,
    })
    await settled()
    const added = await figures()
    const addedBy = await byCriterion()
    expect(added).toMatchObject({ total: before.total! + 1, points: before.points! + 1, reloads: before.reloads + 1, view: before.view })
    expect(await statusSeen()).toContain(en['status.dataUpdated'])

    // 2. Edited to another criterion, noticed by the poll (made short for the test).
    const patched = await page.evaluate(
      async (id) =>
        (
          await fetch(`/api/incidents/${id}`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ criterion: 2, subtype: 'drug_dealing' }),
          })
        ).status,
      created.id,
    )
    expect(patched).toBe(200)
    await page.evaluate(() => {
      ;(document.getElementById('map') as SvElement).sv.dataVersion.pollMs = 200
    })
    await page.waitForFunction((n) => (document.getElementById('map') as SvElement).sv.dataVersion.reloads === n, added.reloads + 1, {
      timeout: 120_000,
    })
    await settled()
    // The points were asked again: one incident moved from criterion 1 to 2.
    expect(await byCriterion()).toEqual({ ...addedBy, 1: addedBy[1] - 1, 2: addedBy[2] + 1 })

    // 3. Deleted, noticed by the poll: the figures are back where they were.
    const deleted = await page.evaluate(async (id) => (await fetch(`/api/incidents/${id}`, { method: 'DELETE' })).status, created.id)
    expect(deleted).toBe(200)
    await page.waitForFunction((n) => (document.getElementById('map') as SvElement).sv.data.get().legend?.total === n, before.total!, {
      timeout: 120_000,
    })
    await settled()
    expect(await figures()).toMatchObject({ total: before.total, points: before.points, reloads: added.reloads + 2 })

    // 4. The app's own write (a forum recorded in the policy panel): asked at once, reloaded, "Data updated".
    await page.evaluate(() => {
      ;(document.getElementById('map') as SvElement).sv.dataVersion.pollMs = 600_000
    })
    await setState({ sel: '120101', pol: 'forums' })
    await settled()
    await page.locator('#policy form.forum-form').waitFor({ timeout: 120_000 })
    const reloads = (await figures()).reloads
    await page.fill('#policy input[name=forum-held_on]', '2001-03-04')
    await page.fill('#policy input[name=forum-attendance]', '31')
    await page.locator('#policy form.forum-form button[type=submit]').click()
    await page.waitForFunction((n) => (document.getElementById('map') as SvElement).sv.dataVersion.reloads === n, reloads + 1, {
      timeout: 120_000,
    })
    expect(await statusSeen()).toContain(en['status.dataUpdated'])
    await settled()
    await shot('data-updated-en.png')

    // All of it on the same page: no reload.
    expect(await page.evaluate(() => (window as unknown as { __samePage?: string }).__samePage)).toBe('yes')
    expect(e.problems).toEqual([])
    expect(e.external).toEqual([])
  })
})

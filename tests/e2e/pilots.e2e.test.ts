import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/db/types.ts'
import { en } from '../../web/i18n/en.ts'
import { km } from '../../web/i18n/km.ts'
import { loginThrough, SHOTS, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// The pilot planner's flaws (issue 14): the Hot mark, communes of one name, a change of level, others' plans, the
// planted demo effect. The built app on a copy of the test database, in Chromium.
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
  await settled(page)
})

afterAll(async () => {
  await stopE2E(e)
})

async function settled(pg: Page) {
  await pg.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
}
async function policyLoaded(pg: Page) {
  await pg.waitForFunction(() => !!document.querySelector('#policy .pol-body') && !document.querySelector('#policy .pol-loading'), null, {
    timeout: 120_000,
  })
  expect(await pg.locator('#policy .pol-error').allTextContents()).toEqual([])
}
async function open(pg: Page, query: string) {
  await pg.goto(`${base}/?${query}`)
  await settled(pg)
  await policyLoaded(pg)
  await pg.locator('#policy .pol-table tbody tr').first().waitFor({ timeout: 120_000 })
}
const rowCount = (pg: Page) => pg.locator('#policy .pol-table tbody tr').count()

describe('the pilot planner', () => {
  it('marks a minority of Battambang communes hot, says why in both languages, and names the two Chreys by district', async () => {
    await open(page, 'lang=en&sel=02&mode=off&pol=pilots&per=quarter-2026-3')
    const n = await rowCount(page)
    expect(n).toBe(103)
    const hot = await page
      .locator('#policy .pol-table tbody tr td:nth-child(6)')
      .evaluateAll((tds) => tds.filter((td) => td.textContent === '●').length)
    expect(hot).toBeGreaterThan(0)
    expect(hot).toBeLessThan(n / 2)
    expect(await page.locator('#policy .hot-rule').textContent()).toBe(en['pol.p.hotRule'])
    const names = await page.locator('#policy .pol-table td.pilot-name').allTextContents()
    const chreys = names.filter((x) => x.startsWith('Chrey ('))
    expect(chreys).toHaveLength(2)
    expect(new Set(chreys).size).toBe(2)
    await open(page, 'lang=km&sel=02&mode=off&pol=pilots&per=quarter-2026-3')
    expect(await page.locator('#policy .hot-rule').textContent()).toBe(km['pol.p.hotRule'])
  })

  it('drops the chosen communes when the level becomes village, and saves villages', async () => {
    await open(page, 'lang=en&sel=02&mode=off&pol=pilots&per=quarter-2026-3')
    const boxes = page.locator('#policy .pol-table tbody input[name=pilot]')
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    expect(await page.locator('#policy .chosen-count').textContent()).toContain('2 pilot areas chosen')
    const before = await page.locator('#policy .pol-table tbody tr').first().getAttribute('data-code')
    expect(before).toHaveLength(6)
    await page.selectOption('#policy select[name=pilot-level]', 'village')
    await page.waitForFunction(() => document.querySelector('#policy .pol-table tbody tr')?.getAttribute('data-code')?.length === 8, null, {
      timeout: 120_000,
    })
    await policyLoaded(page)
    expect(await page.locator('#policy .chosen-count').textContent()).toContain('0 pilot areas chosen')
    await boxes.nth(0).check()
    await boxes.nth(2).check()
    await page.fill('#policy input[name=plan-name]', 'E2E village pilots')
    await page.fill('#policy input[name=plan-start_date]', '2025-07-01')
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/pilots/plans') && r.method() === 'POST')
    await page.locator('#policy button.save-plan').click()
    const body = (await sent).postDataJSON()
    expect(body.level).toBe('village')
    expect(body.areas).toHaveLength(2)
    expect(body.areas.every((c: string) => c.length === 8)).toBe(true)
    await page.locator('#policy .plan-saved').waitFor({ timeout: 60_000 })
    expect(await page.locator('#policy .plan-form .login-error').count()).toBe(0)
    const [saved] = await db.query<{ level: string; codes: string[] }>(
      `SELECT p.level, array_agg(a.code ORDER BY a.code) AS codes FROM pilot_plans p JOIN pilot_plan_areas a ON a.plan_id = p.id
       WHERE p.name = 'E2E village pilots' GROUP BY p.level`,
    )
    expect(saved.level).toBe('village')
    expect(saved.codes.every((c) => c.length === 8)).toBe(true)
  })

  it('shows the planted demo effect next to the estimate, marked synthetic', async () => {
    await open(page, 'lang=en&sel=02&mode=off&pol=pilots&per=quarter-2026-3')
    const [demo] = await db.query<{ id: number }>('SELECT id::int AS id FROM pilot_plans WHERE synthetic')
    const item = page.locator(`#policy ul.plans li[data-plan="${demo.id}"]`)
    await item.locator('.evaluate-plan').click()
    await page.locator('#policy .evaluation .did').waitFor({ timeout: 120_000 })
    const planted = page.locator('#policy .evaluation .planted')
    expect(await planted.textContent()).toMatch(/^[−-]\d+\.\d{3} /)
    expect(await planted.locator('.badge.synthetic').textContent()).toBe(en['app.synthetic'])
    expect(await page.locator('#policy .evaluation .planted-note').textContent()).toMatch(/^The demo seed removed [\d,]+ incidents/)
    // The pairs name their districts.
    expect(await page.locator('#policy .eval-pairs li').count()).toBeGreaterThan(0)
    expect(await page.locator('#policy .eval-pairs li strong').first().textContent()).toMatch(/\(.+\)$/)
    await page.locator('#policy .evaluation').scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(SHOTS, 'policy-evaluation-planted-en.png') })
  })

  it('offers an analyst Edit and Delete on their own plans only', async () => {
    const pg = await e.browser.newPage({ viewport: { width: 1400, height: 900 } })
    try {
      await loginThrough(pg, `${base}/?lang=en`, 'analyst', TEST_PASSWORD)
      await settled(pg)
      const mine = await pg.evaluate(async () => {
        const r = await fetch('/api/pilots/plans', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Analyst plan', level: 'commune', start_date: '2025-07-01', areas: ['020101'] }),
        })
        return (await r.json()).id as number
      })
      const [other] = await db.query<{ id: number }>(`SELECT id::int AS id FROM pilot_plans WHERE name = 'E2E village pilots'`)
      await open(pg, 'lang=en&sel=02&mode=off&pol=pilots&per=quarter-2026-3')
      const own = pg.locator(`#policy ul.plans li[data-plan="${mine}"]`)
      await own.waitFor()
      expect(await own.locator('.edit-plan').count()).toBe(1)
      expect(await own.locator('.delete-plan').count()).toBe(1)
      for (const id of [other.id, (await db.query<{ id: number }>('SELECT id::int AS id FROM pilot_plans WHERE synthetic'))[0].id]) {
        const li = pg.locator(`#policy ul.plans li[data-plan="${id}"]`)
        await li.waitFor()
        expect(await li.locator('.open-plan').count()).toBe(1)
        expect(await li.locator('.edit-plan').count()).toBe(0)
        expect(await li.locator('.delete-plan').count()).toBe(0)
      }
    } finally {
      await pg.close()
    }
  })

  it('made no request beyond 127.0.0.1 and logged no errors', () => {
    expect(external).toEqual([])
    expect(problems).toEqual([])
  })
})

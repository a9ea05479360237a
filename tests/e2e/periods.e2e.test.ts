import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/db/types.ts'
import { en } from '../../web/i18n/en.ts'
import { km } from '../../web/i18n/km.ts'
import { loginThrough, SHOTS, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// Issue 14: the safe-share trend marks the quarters the data cover only in part and says why; the forums tab
// shows one count of areas that held a forum in the last three months.
let e: E2E, db: Db, page: Page, base: string

beforeAll(async () => {
  e = await startE2E({ width: 1400, height: 900 })
  ;({ db, page, base } = e)
  await loginThrough(page, `${base}/?lang=en`, 'admin', TEST_PASSWORD)
  await settled()
}, 180_000)
afterAll(async () => {
  await stopE2E(e)
})

const settled = () =>
  page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
async function open(query: string) {
  await page.goto(`${base}/?${query}`)
  await settled()
  await page.waitForFunction(() => !!document.querySelector('#policy .pol-body') && !document.querySelector('#policy .pol-loading'), null, {
    timeout: 120_000,
  })
  expect(await page.locator('#policy .pol-error').allTextContents()).toEqual([])
}
const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k) => v[k])
const numbers = (s: string | null) => (s ?? '').match(/\d[\d,]*/g)?.map((x) => Number(x.replace(/,/g, ''))) ?? []

describe('periods the data cover only in part', () => {
  it('draws the first and last quarters of the trend hollow and dashed, with a note in English and Khmer', async () => {
    const [span] = await db.query<{ first: string; last: string }>(
      `SELECT to_char(min(occurred_at AT TIME ZONE 'Asia/Phnom_Penh'), 'YYYY-MM-DD') AS first,
              to_char(max(occurred_at AT TIME ZONE 'Asia/Phnom_Penh'), 'YYYY-MM-DD') AS last FROM incidents`,
    )
    expect(span).toEqual({ first: '2023-11-01', last: '2026-10-31' }) // the test data: two months of Q4 2023, one of Q4 2026
    await open('lang=en&sel=12&mode=off&pol=safety&per=quarter-2026-3')
    const chart = page.locator('#policy .safety-trend svg')
    await chart.waitFor()
    // The total's line: 13 quarters, the first and last hollow (white fill) with dashed segments to their neighbours.
    const dots = await chart
      .locator('circle')
      .evaluateAll((cs) =>
        cs.map((c) => ({ fill: c.getAttribute('fill'), incomplete: c.classList.contains('incomplete'), cx: Number(c.getAttribute('cx')) })),
      )
    const hollow = dots.filter((d) => d.incomplete)
    expect(hollow.length).toBeGreaterThanOrEqual(2)
    expect(hollow.every((d) => d.fill === '#fff')).toBe(true)
    const xs = [...new Set(dots.map((d) => d.cx))].sort((a, b) => a - b)
    expect(xs.length).toBe(13)
    expect(new Set(hollow.map((d) => d.cx))).toEqual(new Set([xs[0], xs[12]]))
    expect(dots.filter((d) => !d.incomplete).every((d) => d.cx !== xs[0] && d.cx !== xs[12])).toBe(true)
    expect(await chart.locator('path.series-incomplete[stroke-dasharray]').count()).toBeGreaterThan(0)
    // The note says why.
    const notes = page.locator('#policy .incomplete-note li')
    expect(await notes.allTextContents()).toEqual([
      fill(en['pol.s.incompleteMonths'], { period: 'Q4 2023', n: '2', total: '3' }),
      fill(en['pol.s.incompleteMonths'], { period: 'Q4 2026', n: '1', total: '3' }),
    ])
    expect(await notes.nth(1).textContent()).toBe('Q4 2026: data for 1 of 3 months')
    expect(await page.locator('#policy .incomplete-note p').textContent()).toBe(en['pol.s.incompleteKey'])
    await page.locator('#policy .safety-trend').scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(SHOTS, 'policy-trend-incomplete-en.png') })

    await page.locator('.lang button[data-lang=km]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'km')
    expect(await page.locator('#policy .incomplete-note li').allTextContents()).toEqual([
      fill(km['pol.s.incompleteMonths'], { period: 'ត្រីមាសទី 4 ឆ្នាំ 2023', n: '2', total: '3' }),
      fill(km['pol.s.incompleteMonths'], { period: 'ត្រីមាសទី 4 ឆ្នាំ 2026', n: '1', total: '3' }),
    ])
    await page.locator('#policy .safety-trend').scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(SHOTS, 'policy-trend-incomplete-km.png') })
  })
})

describe('one forums count', () => {
  it('shows the same number of areas with a forum in the last three months in the headline and the list, as the API counts', async () => {
    await open('lang=en&sel=12&mode=off&pol=forums&per=quarter-2026-3')
    const api = await page.evaluate(async () => (await fetch('/api/forums/compliance?level=commune&area=12&date=2026-09-30')).json())
    const headline = numbers(await page.locator('#policy .pol-summary').first().textContent())
    const listed = numbers(await page.locator('#policy .forum-counts li[data-count=recent]').textContent())
    // "As of 2026-09-30: X of N held a forum in the last three months" and "Forum held in the last 3 months: X".
    expect(headline.slice(-2)).toEqual([api.summary.recent, api.summary.areas])
    expect(listed.at(-1)).toBe(api.summary.recent)
    expect(api.summary.recent).toBe(api.rows.filter((r: { recent: boolean }) => r.recent).length)
    const parts = await Promise.all(
      ['due_soon', 'overdue', 'never'].map(async (k) =>
        numbers(await page.locator(`#policy .forum-counts li[data-count=${k}]`).textContent()).at(-1),
      ),
    )
    expect(parts).toEqual([api.summary.due_soon, api.summary.overdue, api.summary.never])
    expect(api.summary.recent + api.summary.overdue + api.summary.never).toBe(api.summary.areas)
    await page.screenshot({ path: path.join(SHOTS, 'policy-forums-count-en.png') })
  })
})

import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginThrough, startE2E, stopE2E, type E2E } from '../helpers/e2e.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// The policy panel updates in place: a data load (a new period, new weights) keeps the form the user is typing in,
// its text, its caret and its focus, and the pilots already chosen.
let e: E2E,
  page: Page,
  base = ''
let external: string[] = [],
  problems: string[] = []

beforeAll(async () => {
  e = await startE2E({ width: 1400, height: 900 })
  ;({ page, base, external, problems } = e)
  await loginThrough(page, `${base}/?lang=en`, 'admin', TEST_PASSWORD)
  await settled()
})

afterAll(async () => {
  await stopE2E(e)
})

async function settled() {
  await page.waitForFunction(() => document.body.dataset.ready === '1' && document.body.dataset.busy === '0', null, { timeout: 120_000 })
}
async function policyLoaded() {
  await page.waitForFunction(() => !!document.querySelector('#policy .pol-body') && !document.querySelector('#policy .pol-loading'), null, {
    timeout: 120_000,
  })
  expect(await page.locator('#policy .pol-error').allTextContents()).toEqual([])
}
async function open(query: string) {
  await page.goto(`${base}/?${query}`)
  await settled()
  await policyLoaded()
}

type Marked = Window & { e2eField?: Element }
/** Remembers the element itself (not a selector), to tell a kept node from a re-created one. */
const remember = (sel: string) =>
  page.evaluate((sel) => {
    ;(window as Marked).e2eField = document.querySelector(sel) ?? undefined
  }, sel)
/** The remembered element: still in the page, still focused, and its value and caret. */
const remembered = () =>
  page.evaluate(() => {
    const el = (window as Marked).e2eField
    const field = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null
    return {
      connected: !!field?.isConnected,
      focused: !!field && document.activeElement === field,
      value: field?.value ?? null,
      caret: field?.selectionStart ?? null,
    }
  })

/** Changes a control the way a change event does, without moving the keyboard focus to it. */
const changeWithoutFocus = (sel: string, value: string) =>
  page.evaluate(
    ([sel, value]) => {
      const el = document.querySelector<HTMLInputElement | HTMLSelectElement>(sel)
      if (!el) throw new Error(`${sel} missing`)
      el.value = value
      el.dispatchEvent(new Event('change', { bubbles: true }))
    },
    [sel, value] as const,
  )

describe('the policy panel updates in place', () => {
  it('keeps the half-typed plan, its focus and the chosen pilots across a new period and new weights', async () => {
    await open('lang=en&sel=12&mode=off&pol=pilots&per=quarter-2026-3')
    const boxes = page.locator('#policy .pol-table tbody tr input[name=pilot]')
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    const chosen = await page
      .locator('#policy .pol-table tbody tr.chosen')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')))
    expect(chosen).toHaveLength(2)
    await page.fill('#policy textarea[name=plan-rationale]', 'Notes typed before the reload')
    await page.click('#policy input[name=plan-name]')
    await page.keyboard.type('Half-typ')
    await remember('#policy input[name=plan-name]')

    // A new period: every figure of the tab is loaded again.
    await changeWithoutFocus('#policy select[name=period-index]', '2')
    await page.waitForFunction(() => new URL(location.href).searchParams.get('per') === 'quarter-2026-2')
    await page.waitForFunction(() => document.querySelector('#policy .pilots-tab')?.textContent?.includes('2026-06-30'))
    await policyLoaded()
    expect(await remembered()).toEqual({ connected: true, focused: true, value: 'Half-typ', caret: 8 })
    expect(await page.inputValue('#policy textarea[name=plan-rationale]')).toBe('Notes typed before the reload')
    expect(await page.locator('#policy .chosen-count').textContent()).toContain('2 pilot areas chosen')

    // Typing goes on where it stopped.
    await page.keyboard.type('ed plan')
    expect((await remembered()).value).toBe('Half-typed plan')

    // New weights: the scores are loaded again.
    await changeWithoutFocus('#policy input[name=w-population]', '9')
    await page.waitForFunction(() => !!document.querySelector('#policy .pol-loading'), null, { timeout: 10_000 }).catch(() => undefined)
    await policyLoaded()
    expect(await remembered()).toEqual({ connected: true, focused: true, value: 'Half-typed plan', caret: 15 })
    expect(await page.inputValue('#policy input[name=w-population]')).toBe('9')
    for (const code of chosen) expect(await page.locator(`#policy tr[data-code="${code}"] input[name=pilot]`).isChecked()).toBe(true)
    expect(await page.locator('#policy .chosen-count').textContent()).toContain('2 pilot areas chosen')
  })

  it('keeps a checkbox of the score table focused when it is toggled from the keyboard', async () => {
    const box = page.locator('#policy .pol-table tbody tr:not(.chosen) input[name=pilot]').first()
    const code = await box.evaluate((el) => el.closest('tr')?.getAttribute('data-code'))
    await box.focus()
    await remember(`#policy tr[data-code="${code}"] input[name=pilot]`)
    await page.keyboard.press('Space')
    await page.locator(`#policy tr.chosen[data-code="${code}"]`).waitFor()
    expect(await page.locator('#policy .chosen-count').textContent()).toContain('3 pilot areas chosen')
    const r = await remembered()
    expect({ connected: r.connected, focused: r.focused }).toEqual({ connected: true, focused: true })
  })

  it('keeps what is typed in the forum form across a new period', async () => {
    await open('lang=en&sel=12&mode=off&pol=forums&per=quarter-2026-3')
    await page.fill('#policy input[name=forum-topics]', 'road safety; drugs')
    await page.click('#policy input[name=forum-notes]')
    await page.keyboard.type('Held at the pagoda')
    await remember('#policy input[name=forum-notes]')
    await changeWithoutFocus('#policy select[name=period-index]', '1')
    await page.waitForFunction(() => new URL(location.href).searchParams.get('per') === 'quarter-2026-1')
    // The compliance as of the end of the new period is loaded.
    await page.waitForFunction(() => document.querySelector('#policy .pol-summary')?.textContent?.includes('2026-03-31'), null, {
      timeout: 120_000,
    })
    await policyLoaded()
    expect(await remembered()).toEqual({ connected: true, focused: true, value: 'Held at the pagoda', caret: 18 })
    expect(await page.inputValue('#policy input[name=forum-topics]')).toBe('road safety; drugs')
  })

  it('made no request beyond 127.0.0.1 and logged no errors', () => {
    expect(external).toEqual([])
    expect(problems).toEqual([])
  })
})

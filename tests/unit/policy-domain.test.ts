import { describe, expect, it } from 'vitest'
import { compliance } from '../../server/domain/forums.ts'
import { addMonths, monthList, period, periodOf, periodsBetween, previousPeriod } from '../../common/periods.ts'
import { isSafe, parseThresholds, passes, ZERO_THRESHOLDS } from '../../server/domain/safety.ts'

describe('periods', () => {
  it('gives each period type its local calendar days', () => {
    expect(period('month', 2024, 2)).toMatchObject({ from: '2024-02-01', to: '2024-02-29', months: 1, label_en: 'February 2024' })
    expect(period('quarter', 2026, 1)).toMatchObject({ from: '2026-01-01', to: '2026-03-31', label_en: 'Q1 2026' })
    expect(period('semester', 2026, 2)).toMatchObject({ from: '2026-07-01', to: '2026-12-31', months: 6 })
    expect(period('year', 2025)).toMatchObject({ from: '2025-01-01', to: '2025-12-31', index: null })
    expect(period('quarter', 2026, 3).label_km).toContain('ត្រីមាស')
    expect(() => period('quarter', 2026, 5)).toThrow(/1 to 4/)
    expect(() => period('semester', 2026, 0)).toThrow()
  })
  it('steps back across years', () => {
    expect(previousPeriod(period('month', 2026, 1))).toMatchObject({ year: 2025, index: 12 })
    expect(previousPeriod(period('quarter', 2026, 1))).toMatchObject({ year: 2025, index: 4 })
    expect(previousPeriod(period('semester', 2026, 2))).toMatchObject({ year: 2026, index: 1 })
    expect(previousPeriod(period('year', 2026))).toMatchObject({ year: 2025, index: null })
  })
  it('finds the period of a day, and the periods of a span', () => {
    expect(periodOf('quarter', '2026-03-31').index).toBe(1)
    expect(periodOf('quarter', '2026-04-01').index).toBe(2)
    expect(periodOf('semester', '2026-06-30').index).toBe(1)
    expect(periodsBetween('quarter', '2025-02-10', '2025-11-01').map((p) => p.label_en)).toEqual([
      'Q1 2025',
      'Q2 2025',
      'Q3 2025',
      'Q4 2025',
    ])
    expect(periodsBetween('year', '2024-12-31', '2026-01-01').length).toBe(3)
    expect(monthList('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
  })
  it('shifts by months and clamps to the end of the month', () => {
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28')
    expect(addMonths('2024-05-31', -3)).toBe('2024-02-29')
    expect(addMonths('2026-01-15', -3)).toBe('2025-10-15')
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28')
  })
})

describe('safe status', () => {
  it('is safe only with no incident of any criterion (default thresholds)', () => {
    expect(isSafe([0, 0, 0, 0, 0], ZERO_THRESHOLDS)).toBe(true)
    expect(passes([0, 1, 0, 0, 0], ZERO_THRESHOLDS)).toEqual([true, false, true, true, true])
    expect(isSafe([0, 0, 0, 0, 1], ZERO_THRESHOLDS)).toBe(false)
  })
  it('passes a criterion at or under its threshold', () => {
    const t = parseThresholds('0,2,0,0,1')
    expect(isSafe([0, 2, 0, 0, 1], t)).toBe(true)
    expect(passes([0, 3, 0, 0, 1], t)).toEqual([true, false, true, true, true])
    expect(passes([1, 0, 0, 0, 2], t)).toEqual([false, true, true, true, false])
  })
  it('refuses malformed thresholds', () => {
    for (const bad of ['0,0,0,0', '0,0,0,0,-1', 'a,0,0,0,0', '0,0,0,0,0,0', '0.5,0,0,0,0', ''])
      expect(() => parseThresholds(bad), bad).toThrow(/five whole numbers/)
  })
})

describe('forum compliance around the three-month limit', () => {
  it('is recent on the same day three months later, overdue the day after', () => {
    expect(compliance('2026-05-15', '2026-02-15', ['2026-02-15'])).toMatchObject({
      recent: true,
      compliant: true,
      days_since: 89,
      next_due: '2026-05-15',
      status: 'due_soon',
    })
    expect(compliance('2026-05-16', '2026-02-15', ['2026-02-15'])).toMatchObject({ recent: false, compliant: false, status: 'overdue' })
  })
  it('clamps at month ends (31 May minus three months is 28 February)', () => {
    expect(compliance('2026-05-31', '2026-02-28', ['2026-02-28']).recent).toBe(true)
    expect(compliance('2026-05-31', '2026-02-27', ['2026-02-27']).recent).toBe(false)
  })
  it('needs a forum in every quarter of the year that has ended', () => {
    // Q1 and Q2 held; on 1 July Q3 is not due yet.
    const held = ['2026-02-15', '2026-04-20']
    expect(compliance('2026-07-01', '2026-04-20', held)).toMatchObject({
      recent: true,
      quarters: [true, true, null, null],
      compliant: true,
    })
    // Q1 missed: recent, but not compliant for the year.
    expect(compliance('2026-06-10', '2026-04-20', ['2026-04-20'])).toMatchObject({
      recent: true,
      quarters: [false, true, null, null],
      compliant: false,
      status: 'ok',
    })
    // On 2 October, Q3 has ended without a forum.
    expect(compliance('2026-10-02', '2026-04-20', held)).toMatchObject({
      quarters: [true, true, false, null],
      compliant: false,
      status: 'overdue',
    })
    // A forum on the last day of a quarter counts for that quarter.
    expect(compliance('2026-04-02', '2026-03-31', ['2026-03-31']).quarters).toEqual([true, null, null, null])
  })
  it('says never when there has been no forum', () => {
    expect(compliance('2026-05-01', null, [])).toMatchObject({ status: 'never', compliant: false, last_forum: null })
  })
})

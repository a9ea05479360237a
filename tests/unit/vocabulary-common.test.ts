import { describe, expect, it } from 'vitest'
import { CRITERIA, CRITERION_IDS, criterionKey } from '../../common/criteria.ts'
import { EHSA_CLASSES, ehsaKey, GI_BINS, giBinKey, LISA_CLASSES, lisaKey } from '../../common/hotspot-classes.ts'
import { defaultPeriod, localDate, PHNOM_PENH_OFFSET, period, periodRange } from '../../common/periods.ts'
import { HOT_COLORS } from '../../server/pdf/map.ts'
import { en as webEn } from '../../web/i18n/en.ts'

describe('common/criteria', () => {
  it('gives each criterion a label key of the web catalogue, and refuses other ids', () => {
    expect(CRITERION_IDS.map(criterionKey)).toEqual(['criterion.1', 'criterion.2', 'criterion.3', 'criterion.4', 'criterion.5'])
    for (const c of CRITERIA) expect(webEn[criterionKey(c.id)]).toBe(c.en)
    expect(() => criterionKey(6)).toThrow(RangeError)
  })
})

describe('common/periods', () => {
  it('gives the range of a period selection as period() does', () => {
    for (const [type, index] of [
      ['month', 2],
      ['quarter', 4],
      ['semester', 1],
      ['year', null],
    ] as const) {
      const p = period(type, 2024, index)
      expect(periodRange({ type, year: 2024, index })).toEqual({ from: p.from, to: p.to })
    }
  })

  it('defaults to the last whole quarter of the data', () => {
    expect(defaultPeriod('2026-09-30')).toEqual({ type: 'quarter', year: 2026, index: 3 })
    expect(defaultPeriod('2026-09-29')).toEqual({ type: 'quarter', year: 2026, index: 2 })
    expect(defaultPeriod('2026-02-10')).toEqual({ type: 'quarter', year: 2025, index: 4 })
  })

  it('counts calendar days in Phnom Penh (UTC+7)', () => {
    expect(localDate(Date.parse('2025-12-31T16:59:59Z'))).toBe('2025-12-31')
    expect(localDate(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01')
    expect(localDate(Date.parse(`2026-01-01T00:00:00${PHNOM_PENH_OFFSET}`))).toBe('2026-01-01')
  })
})

describe('common/hotspot-classes', () => {
  it('paints the PDF with the colours of the map (one red for a 99% hot spot)', () => {
    for (const b of GI_BINS) expect(HOT_COLORS[b.bin]).toBe(b.color)
    expect(HOT_COLORS[3]).toBe('#d62f27')
  })

  it('names every class with a key of the web catalogue', () => {
    for (const c of [...GI_BINS, ...LISA_CLASSES, ...EHSA_CLASSES]) expect(webEn[c.key], c.key).toBeTruthy()
    expect([3, 0, -2, 7].map(giBinKey)).toEqual(['an.hot99', 'an.ns', 'an.cold95', 'an.ns'])
    expect([lisaKey('HL'), lisaKey(null), ehsaKey('new hot spot'), ehsaKey('sporadic cold spot'), ehsaKey('?')]).toEqual([
      'an.HL',
      'an.ns',
      'an.ehsa.new.hot',
      'an.ehsa.sporadic.cold',
      'an.ehsa.none',
    ])
  })
})

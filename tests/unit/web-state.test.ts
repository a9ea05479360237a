import { describe, expect, it } from 'vitest'
import {
  classLabels,
  colorFor,
  fillColorExpression,
  NO_DATA_COLOR,
  RATE_COLORS,
  rateBreaks,
  SUPPRESSED_COLOR,
} from '../../web/layers/classes.ts'
import { monthsBetween } from '../../web/panels/filters.ts'
import {
  analysisParams,
  ANALYSIS_METHODS,
  ANALYSIS_UNITS,
  calendarMonths,
  calendarPeriodOf,
  calendarPeriods,
  choroplethScope,
  filterParams,
  lastDay,
  parseState,
  stateToSearch,
  viewerFix,
  viewerPeriod,
} from '../../web/state.ts'
import { viewerQueryProblem } from '../../server/auth/disclosure-rules.ts'

describe('URL state', () => {
  it('round-trips every field', () => {
    const s = parseState(
      '?lang=km&level=commune&sel=12010101&c=1,3&from=2024-02&to=2024-11&mode=heatmap&v=104.9200,11.5600,9.50&an=ehsa&unit=commune&rate=1&pol=pilots&per=quarter-2026-3',
    )
    expect(s).toEqual({
      lang: 'km',
      level: 'commune',
      sel: '12010101',
      criteria: [1, 3],
      from: '2024-02',
      to: '2024-11',
      mode: 'heatmap',
      view: { lon: 104.92, lat: 11.56, zoom: 9.5 },
      an: 'ehsa',
      unit: 'commune',
      rate: true,
      pol: 'pilots',
      per: 'quarter-2026-3',
    })
    expect(parseState(stateToSearch(s))).toEqual(s)
  })

  it('falls back to defaults on bad or missing values', () => {
    expect(
      parseState(
        '?lang=fr&level=village&sel=123&c=0,9,2&from=2024-13&mode=x&v=a,b&an=kriging&unit=x&rate=yes&pol=crime&per=quarter-2026-5',
      ),
    ).toEqual({
      lang: 'en',
      level: 'province',
      sel: null,
      criteria: [2],
      from: null,
      to: null,
      mode: 'clusters',
      view: null,
      an: 'none',
      unit: 'hex10',
      rate: false,
      pol: null,
      per: null,
    })
    expect(parseState('').criteria).toEqual([1, 2, 3, 4, 5])
    expect(parseState('?c=').criteria).toEqual([])
    for (const per of ['month-2026-12', 'semester-2025-2', 'year-2024']) expect(parseState(`?per=${per}`).per).toBe(per)
    for (const per of ['month-2026-13', 'month-2026-0', 'semester-2025-3', 'year-24', 'quarter-2026'])
      expect(parseState(`?per=${per}`).per).toBeNull()
  })

  it('maps a selection to the level and parent of the choropleth', () => {
    const base = parseState('')
    expect(choroplethScope(base)).toEqual({ level: 'province', parent: null, highlight: null })
    expect(choroplethScope({ ...base, sel: '12' })).toEqual({ level: 'district', parent: '12', highlight: null })
    expect(choroplethScope({ ...base, sel: '1201' })).toEqual({ level: 'commune', parent: '1201', highlight: null })
    expect(choroplethScope({ ...base, sel: '120101' })).toEqual({ level: 'commune', parent: '1201', highlight: '120101' })
    expect(choroplethScope({ ...base, sel: '12010101' })).toEqual({ level: 'commune', parent: '1201', highlight: '120101' })
  })

  it('turns the analysis choice into /api/hotspots and /api/density parameters', () => {
    const base = parseState('?c=1,2&from=2024-01')
    expect(analysisParams({ ...base, an: 'gistar', unit: 'hex5' }).toString()).toBe(
      'criteria=1%2C2&from=2024-01-01&method=gistar&unit=hex&size=5000&fdr=true',
    )
    expect(analysisParams({ ...base, an: 'localmoran', unit: 'commune', rate: true }).toString()).toBe(
      'criteria=1%2C2&from=2024-01-01&method=localmoran&unit=commune&rate=true',
    )
    expect(analysisParams({ ...base, an: 'optimized', unit: 'hexauto' }).toString()).toBe(
      'criteria=1%2C2&from=2024-01-01&method=optimized&unit=hex',
    )
    expect(analysisParams({ ...base, an: 'kde', rate: true }).toString()).toBe('criteria=1%2C2&from=2024-01-01&cell=1000&per=population')
  })

  it('turns months into whole-day API filters', () => {
    expect(filterParams({ ...parseState(''), criteria: [2, 4], from: '2024-02', to: '2024-02' }).toString()).toBe(
      'criteria=2%2C4&from=2024-02-01&to=2024-02-29',
    )
    expect(filterParams(parseState('')).toString()).toBe('')
    expect(lastDay('2023-02')).toBe('2023-02-28')
    expect(monthsBetween('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02'])
  })
})

describe("a viewer's state (one criterion or all five; a calendar period or all dates)", () => {
  it('recognises calendar periods by their first and last month, and nothing else', () => {
    expect(calendarPeriodOf('2025-03', '2025-03')).toEqual({ type: 'month', year: 2025, index: 3 })
    expect(calendarPeriodOf('2025-04', '2025-06')).toEqual({ type: 'quarter', year: 2025, index: 2 })
    expect(calendarPeriodOf('2025-07', '2025-12')).toEqual({ type: 'semester', year: 2025, index: 2 })
    expect(calendarPeriodOf('2025-01', '2025-12')).toEqual({ type: 'year', year: 2025, index: null })
    // Windows that are not one calendar period: shifted, too long, across years, backwards.
    for (const [a, b] of [
      ['2025-02', '2025-04'],
      ['2025-02', '2025-05'],
      ['2025-01', '2025-04'],
      ['2025-03', '2025-08'],
      ['2025-07', '2026-06'],
      ['2025-01', '2026-12'],
      ['2025-06', '2025-04'],
      ['2025-13', '2025-13'],
      ['2025-1', '2025-1'],
    ])
      expect(calendarPeriodOf(a, b), `${a}..${b}`).toBeNull()
    for (const p of calendarPeriods('2023-01', '2026-12')) expect(calendarPeriodOf(calendarMonths(p).from, calendarMonths(p).to)).toEqual(p)
  })

  it('lists every year, semester, quarter and month touching the data, each newest first', () => {
    const key = (p: { type: string; year: number; index: number | null }) => `${p.type}-${p.year}${p.index == null ? '' : `-${p.index}`}`
    expect(calendarPeriods('2024-11', '2025-02').map(key)).toEqual([
      'year-2025',
      'year-2024',
      'semester-2025-1',
      'semester-2024-2',
      'quarter-2025-1',
      'quarter-2024-4',
      'month-2025-2',
      'month-2025-1',
      'month-2024-12',
      'month-2024-11',
    ])
  })

  it('sends only periods and criteria the server publishes for viewers (server/auth/disclosure-rules.ts)', () => {
    const base = parseState('')
    const crit = [[], [1], [3], [5], [1, 2, 3, 4, 5]]
    for (const p of [...calendarPeriods('2024-01', '2026-12').map(calendarMonths), { from: null, to: null }]) {
      for (const criteria of crit) {
        const s = { ...base, ...p, criteria }
        expect(viewerFix(s)).toBeNull()
        const q = Object.fromEntries(filterParams(s))
        for (const route of ['GET /api/stats/areas', 'GET /api/areas/:code'])
          expect(viewerQueryProblem(route, q), JSON.stringify(q)).toBeNull()
        for (const an of ANALYSIS_METHODS.filter((m) => m !== 'none'))
          for (const unit of ANALYSIS_UNITS) {
            const a = Object.fromEntries(analysisParams({ ...s, an, unit }))
            expect(viewerQueryProblem(an === 'kde' ? 'GET /api/density' : 'GET /api/hotspots', a), JSON.stringify(a)).toBeNull()
          }
      }
    }
  })

  it("snaps a link's window or criteria set the server would refuse to all dates / all five, and says which", () => {
    const refused = (search: string) => {
      const s = parseState(search)
      const fix = viewerFix(s)!
      const fixed = { ...s, ...fix.patch }
      expect(viewerFix(fixed)).toBeNull()
      expect(viewerQueryProblem('GET /api/stats/areas', Object.fromEntries(filterParams(s)))).not.toBeNull() // the server would say 400
      expect(viewerQueryProblem('GET /api/stats/areas', Object.fromEntries(filterParams(fixed)))).toBeNull()
      return { fix, fixed }
    }
    const a = refused('?c=1,2&from=2025-01&to=2025-03')
    expect(a.fix).toMatchObject({ period: false, criteria: true })
    expect(a.fixed).toMatchObject({ criteria: [1, 2, 3, 4, 5], from: '2025-01', to: '2025-03' })
    const b = refused('?c=3&from=2025-02&to=2025-05')
    expect(b.fix).toMatchObject({ period: true, criteria: false })
    expect(b.fixed).toMatchObject({ criteria: [3], from: null, to: null })
    // Half-open ranges (the other roles' slider leaves an end open) are windows too.
    expect(refused('?from=2025-01').fix.period).toBe(true)
    expect(refused('?to=2025-03').fix.period).toBe(true)
    expect(refused('?c=1,2,3,4&from=2024-12&to=2025-01').fix).toMatchObject({ period: true, criteria: true })
    expect(viewerPeriod({ from: null, to: null })).toBe('all')
    expect(viewerFix(parseState('?c=2&from=2025-04&to=2025-06'))).toBeNull()
  })
})

describe('rate classes', () => {
  it('uses rounded quantile breaks that increase', () => {
    const rates = Array.from({ length: 100 }, (_, i) => i * 0.137)
    const b = rateBreaks(rates)
    expect(b).toHaveLength(4)
    for (let i = 1; i < b.length; i++) expect(b[i]).toBeGreaterThan(b[i - 1])
    expect(b[0]).toBe(2.6) // the 20th percentile, 2.603, to two significant figures
    expect(colorFor(0, b)).toBe(RATE_COLORS[0])
    expect(colorFor(100, b)).toBe(RATE_COLORS[4])
    expect(colorFor(null, b)).toBe(NO_DATA_COLOR)
    expect(classLabels(b, String)).toEqual([`0 – ${b[0]}`, `${b[0]} – ${b[1]}`, `${b[1]} – ${b[2]}`, `${b[2]} – ${b[3]}`, `≥ ${b[3]}`])
  })

  it('copes with no data, all zeros and ties', () => {
    expect(rateBreaks([])).toEqual([])
    expect(rateBreaks([0, 0, 0])).toEqual([])
    expect(rateBreaks([5, 5, 5, 5])).toEqual([5])
    expect(fillColorExpression([])).toEqual([
      'case',
      ['==', ['get', 'suppressed'], true],
      SUPPRESSED_COLOR,
      ['==', ['typeof', ['get', 'rate']], 'number'],
      RATE_COLORS[0],
      NO_DATA_COLOR,
    ])
  })
})

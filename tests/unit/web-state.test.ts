import { describe, expect, it } from 'vitest'
import { classLabels, colorFor, fillColorExpression, NO_DATA_COLOR, RATE_COLORS, rateBreaks, SUPPRESSED_COLOR } from '../../web/layers/classes.ts'
import { monthsBetween } from '../../web/panels/filters.ts'
import { analysisParams, choroplethScope, filterParams, lastDay, parseState, stateToSearch } from '../../web/state.ts'

describe('URL state', () => {
  it('round-trips every field', () => {
    const s = parseState('?lang=km&level=commune&sel=12010101&c=1,3&from=2024-02&to=2024-11&mode=heatmap&v=104.9200,11.5600,9.50&an=ehsa&unit=commune&rate=1&pol=pilots&per=quarter-2026-3')
    expect(s).toEqual({ lang: 'km', level: 'commune', sel: '12010101', criteria: [1, 3], from: '2024-02', to: '2024-11', mode: 'heatmap',
      view: { lon: 104.92, lat: 11.56, zoom: 9.5 }, an: 'ehsa', unit: 'commune', rate: true, pol: 'pilots', per: 'quarter-2026-3' })
    expect(parseState(stateToSearch(s))).toEqual(s)
  })

  it('falls back to defaults on bad or missing values', () => {
    expect(parseState('?lang=fr&level=village&sel=123&c=0,9,2&from=2024-13&mode=x&v=a,b&an=kriging&unit=x&rate=yes&pol=crime&per=quarter-2026-5')).toEqual({
      lang: 'en', level: 'province', sel: null, criteria: [2], from: null, to: null, mode: 'clusters', view: null, an: 'none', unit: 'hex10', rate: false, pol: null, per: null })
    expect(parseState('').criteria).toEqual([1, 2, 3, 4, 5])
    expect(parseState('?c=').criteria).toEqual([])
    for (const per of ['month-2026-12', 'semester-2025-2', 'year-2024']) expect(parseState(`?per=${per}`).per).toBe(per)
    for (const per of ['month-2026-13', 'month-2026-0', 'semester-2025-3', 'year-24', 'quarter-2026']) expect(parseState(`?per=${per}`).per).toBeNull()
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
    expect(analysisParams({ ...base, an: 'gistar', unit: 'hex5' }).toString()).toBe('criteria=1%2C2&from=2024-01-01&method=gistar&unit=hex&size=5000&fdr=true')
    expect(analysisParams({ ...base, an: 'localmoran', unit: 'commune', rate: true }).toString()).toBe('criteria=1%2C2&from=2024-01-01&method=localmoran&unit=commune&rate=true')
    expect(analysisParams({ ...base, an: 'optimized', unit: 'hexauto' }).toString()).toBe('criteria=1%2C2&from=2024-01-01&method=optimized&unit=hex')
    expect(analysisParams({ ...base, an: 'kde', rate: true }).toString()).toBe('criteria=1%2C2&from=2024-01-01&cell=1000&per=population')
  })

  it('turns months into whole-day API filters', () => {
    expect(filterParams({ ...parseState(''), criteria: [2, 4], from: '2024-02', to: '2024-02' }).toString()).toBe('criteria=2%2C4&from=2024-02-01&to=2024-02-29')
    expect(filterParams(parseState('')).toString()).toBe('')
    expect(lastDay('2023-02')).toBe('2023-02-28')
    expect(monthsBetween('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02'])
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
    expect(fillColorExpression([])).toEqual(['case', ['==', ['get', 'suppressed'], true], SUPPRESSED_COLOR,
      ['==', ['typeof', ['get', 'rate']], 'number'], RATE_COLORS[0], NO_DATA_COLOR])
  })
})

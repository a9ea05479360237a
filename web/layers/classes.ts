import { SUPPRESSED_FLAG } from '../../common/privacy.ts'

/** Class breaks for the rate choropleth: quantiles of the rates shown, rounded to two significant figures. */
export const RATE_COLORS = ['#ffffcc', '#fed976', '#fd8d3c', '#e31a1c', '#800026']
export const NO_DATA_COLOR = '#c9c9c9'
/** Areas whose small count is withheld from viewers: neither 0 nor no data. */
export const SUPPRESSED_COLOR = '#a9a3c4'

function round2(x: number): number {
  if (x <= 0) return 0
  return Number(x.toPrecision(2))
}

/** Ascending upper-open breaks b1 < b2 < …; class i covers [b_i, b_{i+1}); the first starts at 0. */
export function rateBreaks(rates: number[], classes = RATE_COLORS.length): number[] {
  const xs = rates.filter((r) => Number.isFinite(r)).sort((a, b) => a - b)
  if (!xs.length || xs[xs.length - 1] === 0) return []
  const out: number[] = []
  for (let k = 1; k < classes; k++) {
    const b = round2(xs[Math.floor((k / classes) * (xs.length - 1))])
    if (b > 0 && (!out.length || b > out[out.length - 1])) out.push(b)
  }
  return out
}

export function colorFor(rate: number | null, breaks: number[]): string {
  if (rate == null) return NO_DATA_COLOR
  let i = 0
  while (i < breaks.length && rate >= breaks[i]) i++
  return RATE_COLORS[Math.min(i, RATE_COLORS.length - 1)]
}

/** Labels "0 – 1.2", "1.2 – 3.4", …, "≥ 9.1". */
export function classLabels(breaks: number[], fmt: (n: number) => string): string[] {
  if (!breaks.length) return ['0']
  const lows = [0, ...breaks]
  return lows.map((lo, i) => (i < breaks.length ? `${fmt(lo)} – ${fmt(breaks[i])}` : `≥ ${fmt(lo)}`))
}

/** A MapLibre expression colouring the 'rate' property with these breaks. */
export function fillColorExpression(breaks: number[]): unknown[] {
  const step: unknown = breaks.length
    ? ['step', ['get', 'rate'], RATE_COLORS[0], ...breaks.flatMap((b, i) => [b, RATE_COLORS[Math.min(i + 1, RATE_COLORS.length - 1)]])]
    : RATE_COLORS[0]
  return [
    'case',
    ['==', ['get', SUPPRESSED_FLAG], true],
    SUPPRESSED_COLOR,
    ['==', ['typeof', ['get', 'rate']], 'number'],
    step,
    NO_DATA_COLOR,
  ]
}

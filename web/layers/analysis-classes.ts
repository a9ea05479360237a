/** Classes and colours of the analysis layers, shared by the map and the legend. */
export const GI_BINS: { bin: number; color: string; key: string }[] = [
  { bin: 3, color: '#d62f27', key: 'an.hot99' },
  { bin: 2, color: '#ed7551', key: 'an.hot95' },
  { bin: 1, color: '#fab984', key: 'an.hot90' },
  { bin: 0, color: '#eeeeea', key: 'an.ns' },
  { bin: -1, color: '#c0ccbe', key: 'an.cold90' },
  { bin: -2, color: '#849eba', key: 'an.cold95' },
  { bin: -3, color: '#4575b5', key: 'an.cold99' },
]

export const LISA_CLASSES: { q: string | null; color: string; key: string }[] = [
  { q: 'HH', color: '#d7191c', key: 'an.HH' },
  { q: 'HL', color: '#fdae61', key: 'an.HL' },
  { q: 'LH', color: '#abd9e9', key: 'an.LH' },
  { q: 'LL', color: '#2c7bb6', key: 'an.LL' },
  { q: null, color: '#eeeeea', key: 'an.ns' },
]

const EHSA_HOT = ['#67000d', '#a50f15', '#cb181d', '#ef3b2c', '#fb6a4a', '#fc9272', '#fcbba1', '#fee0d2']
const EHSA_COLD = ['#08306b', '#08519c', '#2171b5', '#4292c6', '#6baed6', '#9ecae1', '#c6dbef', '#deebf7']
const KINDS = ['intensifying', 'persistent', 'consecutive', 'new', 'diminishing', 'oscillating', 'sporadic', 'historical']
export const EHSA_CLASSES: { category: string; color: string; key: string }[] = [
  ...KINDS.map((k, i) => ({ category: `${k} hot spot`, color: EHSA_HOT[i], key: `an.ehsa.${k}.hot` })),
  ...KINDS.map((k, i) => ({ category: `${k} cold spot`, color: EHSA_COLD[i], key: `an.ehsa.${k}.cold` })),
  { category: 'no pattern detected', color: '#eeeeea', key: 'an.ehsa.none' },
]

/** A MapLibre colour expression for a method's class property. */
export function analysisColor(method: string): unknown[] {
  if (method === 'localmoran') {
    return ['match', ['coalesce', ['get', 'quadrant'], 'none'], ...LISA_CLASSES.flatMap((c) => [c.q ?? 'none', c.color]), '#eeeeea']
  }
  if (method === 'ehsa') return ['match', ['get', 'category'], ...EHSA_CLASSES.flatMap((c) => [c.category, c.color]), '#eeeeea']
  return ['match', ['get', 'bin'], ...GI_BINS.flatMap((c) => [c.bin, c.color]), '#eeeeea']
}

/** Whether a feature is "not significant / no pattern" (drawn faint). */
export function quietFilter(method: string): unknown[] {
  if (method === 'localmoran') return ['==', ['coalesce', ['get', 'quadrant'], 'none'], 'none']
  if (method === 'ehsa') return ['==', ['get', 'category'], 'no pattern detected']
  return ['==', ['get', 'bin'], 0]
}

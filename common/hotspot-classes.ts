/**
 * Classes of the hot-spot analyses, each with ONE colour and its label key (the same key in web/i18n and
 * common/labels), so the map, its legend, the PDF and the CSV exports name and paint a class alike.
 */

/** Gi* confidence bins: ±3 at 99%, ±2 at 95%, ±1 at 90%, 0 not significant. `code` is the CSV's bin_label. */
export const GI_BINS = [
  { bin: 3, color: '#d62f27', key: 'an.hot99', code: 'hot spot 99%' },
  { bin: 2, color: '#ed7551', key: 'an.hot95', code: 'hot spot 95%' },
  { bin: 1, color: '#fab984', key: 'an.hot90', code: 'hot spot 90%' },
  { bin: 0, color: '#eeeeea', key: 'an.ns', code: 'not significant' },
  { bin: -1, color: '#c0ccbe', key: 'an.cold90', code: 'cold spot 90%' },
  { bin: -2, color: '#849eba', key: 'an.cold95', code: 'cold spot 95%' },
  { bin: -3, color: '#4575b5', key: 'an.cold99', code: 'cold spot 99%' },
] as const
export type GiBin = (typeof GI_BINS)[number]
export type GiBinKey = GiBin['key']

/** The Gi* class of a bin (-3..3), or undefined. */
export const giBin = (bin: number): GiBin | undefined => GI_BINS.find((b) => b.bin === bin)
/** The label key of a bin; 'an.ns' for anything outside -3..3. */
export const giBinKey = (bin: number): GiBinKey => giBin(bin)?.key ?? 'an.ns'

/** The colour of "not significant / no pattern". */
export const QUIET_COLOR = '#eeeeea'

/** Local Moran quadrants (significant ones) and "not significant" (q null). */
export const LISA_CLASSES = [
  { q: 'HH', color: '#d7191c', key: 'an.HH' },
  { q: 'HL', color: '#fdae61', key: 'an.HL' },
  { q: 'LH', color: '#abd9e9', key: 'an.LH' },
  { q: 'LL', color: '#2c7bb6', key: 'an.LL' },
  { q: null, color: QUIET_COLOR, key: 'an.ns' },
] as const
export type LisaKey = (typeof LISA_CLASSES)[number]['key']
/** The label key of a quadrant ('HH', 'HL', 'LH', 'LL'); 'an.ns' otherwise. */
export const lisaKey = (q: string | null | undefined): LisaKey => LISA_CLASSES.find((c) => c.q === q)?.key ?? 'an.ns'

/** Emerging hot spot kinds (Esri's categories), strongest first. */
export const EHSA_KINDS = [
  'intensifying',
  'persistent',
  'consecutive',
  'new',
  'diminishing',
  'oscillating',
  'sporadic',
  'historical',
] as const
export type EhsaKind = (typeof EHSA_KINDS)[number]
export type EhsaKey = `an.ehsa.${EhsaKind}.${'hot' | 'cold'}` | 'an.ehsa.none'
export const EHSA_NONE = 'no pattern detected'

const EHSA_HOT = ['#67000d', '#a50f15', '#cb181d', '#ef3b2c', '#fb6a4a', '#fc9272', '#fcbba1', '#fee0d2']
const EHSA_COLD = ['#08306b', '#08519c', '#2171b5', '#4292c6', '#6baed6', '#9ecae1', '#c6dbef', '#deebf7']

/** The EHSA categories as the analysis names them ('new hot spot', …, 'no pattern detected'). */
export const EHSA_CLASSES: readonly { category: string; color: string; key: EhsaKey }[] = [
  ...EHSA_KINDS.map((k, i) => ({ category: `${k} hot spot`, color: EHSA_HOT[i], key: `an.ehsa.${k}.hot` as const })),
  ...EHSA_KINDS.map((k, i) => ({ category: `${k} cold spot`, color: EHSA_COLD[i], key: `an.ehsa.${k}.cold` as const })),
  { category: EHSA_NONE, color: QUIET_COLOR, key: 'an.ehsa.none' },
]
/** The label key of an EHSA category; 'an.ehsa.none' for an unknown one. */
export const ehsaKey = (category: string | null | undefined): EhsaKey =>
  EHSA_CLASSES.find((c) => c.category === category)?.key ?? 'an.ehsa.none'

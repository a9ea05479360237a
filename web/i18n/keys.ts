import type { ExportSize } from '../panels/export-png.ts'
import type { Role } from '../session.ts'
import type { AnalysisMethod, AnalysisUnit } from '../state.ts'
import { isMessageKey, type MessageKey, t } from './index.ts'

/**
 * Typed message keys built from values: a template over a union type is checked against the catalogue by tsc, so
 * no `as MessageKey` is needed; values from outside (API properties) go through isMessageKey with a fallback.
 * Criterion keys: criterionKey() in common/criteria.ts.
 */
export const analysisKey = (m: AnalysisMethod): MessageKey => `an.${m}`
export const unitKey = (u: AnalysisUnit): MessageKey => `unit.${u}`
export const roleKey = (r: Role): MessageKey => `role.${r}`
export const exportSizeKey = (s: ExportSize): MessageKey => `export.${s}`

/** A key made from an outside value, or `fallback` when the catalogue has no such key. */
export function keyOr(key: string, fallback: MessageKey): MessageKey {
  return isMessageKey(key) ? key : fallback
}

/** The label of a key made from an outside value, or `fallback` itself when the catalogue has no such key. */
export function tOr(key: string, fallback: string): string {
  return isMessageKey(key) ? t(key) : fallback
}
/** A police post's type ("district_station") in the current language. */
export const postTypeLabel = (type: string): string => tOr(`posttype.${type}`, type)

const GI_KEYS = [
  'an.cold99',
  'an.cold95',
  'an.cold90',
  'an.ns',
  'an.hot90',
  'an.hot95',
  'an.hot99',
] as const satisfies readonly MessageKey[]
/** A Gi* bin (−3 … 3) as its label key. */
export const giBinKey = (bin: number): MessageKey => GI_KEYS[bin + 3] ?? 'an.ns'
/** A local Moran quadrant (HH, HL, LH, LL; else not significant). */
const LISA_KEYS = { HH: 'an.HH', HL: 'an.HL', LH: 'an.LH', LL: 'an.LL' } as const satisfies Record<string, MessageKey>
const isQuadrant = (q: string): q is keyof typeof LISA_KEYS => Object.hasOwn(LISA_KEYS, q)
export const lisaKey = (q: string | null | undefined): MessageKey => (q != null && isQuadrant(q) ? LISA_KEYS[q] : 'an.ns')
/** An emerging hot-spot category ("new hot spot", "no pattern detected"). */
export const ehsaKey = (c: string): MessageKey =>
  c === 'no pattern detected' ? 'an.ehsa.none' : keyOr(`an.ehsa.${c.split(' ')[0]}.${c.includes('hot') ? 'hot' : 'cold'}`, 'an.ehsa.none')

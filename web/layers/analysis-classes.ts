/** Classes and colours of the analysis layers (common/hotspot-classes.ts), as MapLibre expressions. */
import { EHSA_CLASSES, EHSA_NONE, GI_BINS, LISA_CLASSES, QUIET_COLOR } from '../../common/hotspot-classes.ts'

export { EHSA_CLASSES, GI_BINS, LISA_CLASSES }

/** A MapLibre colour expression for a method's class property. */
export function analysisColor(method: string): unknown[] {
  if (method === 'localmoran') {
    return ['match', ['coalesce', ['get', 'quadrant'], 'none'], ...LISA_CLASSES.flatMap((c) => [c.q ?? 'none', c.color]), QUIET_COLOR]
  }
  if (method === 'ehsa') return ['match', ['get', 'category'], ...EHSA_CLASSES.flatMap((c) => [c.category, c.color]), QUIET_COLOR]
  return ['match', ['get', 'bin'], ...GI_BINS.flatMap((c) => [c.bin, c.color]), QUIET_COLOR]
}

/** Whether a feature is "not significant / no pattern" (drawn faint). */
export function quietFilter(method: string): unknown[] {
  if (method === 'localmoran') return ['==', ['coalesce', ['get', 'quadrant'], 'none'], 'none']
  if (method === 'ehsa') return ['==', ['get', 'category'], EHSA_NONE]
  return ['==', ['get', 'bin'], 0]
}

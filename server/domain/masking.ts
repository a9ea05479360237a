/**
 * Surfaces an analyst gets of masked criteria (criterion 3 by default) are built from village points (masking at the
 * source, db/queries/filters.ts incidentPoint). On top of that they are smoothed at least MASKED_MIN_BANDWIDTH_M,
 * gridded in cells of at least MASKED_MIN_CELL_M, and span at least MASKED_MIN_WINDOW_DAYS, so that no surface
 * singles out one incident's day and village. Answers say so in meta.masking.
 */
import { MASKED_MIN_BANDWIDTH_M, MASKED_MIN_CELL_M, MASKED_MIN_WINDOW_DAYS } from '../../common/privacy.ts'

/** The masking rules of one analyst request, or null when it touches no masked criterion. */
export function maskedFloors(mask: number[], criteria: string | undefined) {
  const asked = criteria ? criteria.split(',').map(Number) : [1, 2, 3, 4, 5]
  const hit = mask.filter((c) => asked.includes(c))
  return hit.length
    ? {
        criteria: hit,
        location: 'village point',
        min_bandwidth_m: MASKED_MIN_BANDWIDTH_M,
        min_cell_m: MASKED_MIN_CELL_M,
        min_window_days: MASKED_MIN_WINDOW_DAYS,
      }
    : null
}

import type { Access } from '../auth/roles.ts'
import { incidentSummary } from '../db/queries/incidents.ts'
import type { Queryable } from '../db/types.ts'
import { isComplete } from '../../common/periods.ts'

/**
 * What the data cover: the first and last local days of the incidents the caller may see (as /api/meta's
 * time_range; a viewer's are whole months). A period is complete when they cover it from its first to its last day.
 */
export async function dataCover(db: Queryable, access: Access): Promise<{ from: string | null; to: string | null }> {
  const s = await incidentSummary(db, { access })
  return { from: s.first, to: s.last }
}

/** Periods marked complete or not by the data cover. */
export function markComplete<P extends { from: string; to: string }>(
  periods: P[],
  cover: { from: string | null; to: string | null },
): (P & { complete: boolean })[] {
  return periods.map((p) => ({ ...p, complete: isComplete(p, cover.from, cover.to) }))
}

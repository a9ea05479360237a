import { addMonths, daysBetween } from '../../common/periods.ts'

/**
 * Public forum compliance (policy: a forum at least once every three months). On a date, an area complies when
 * (a) its last forum is on or after the same day three months earlier, and (b) each quarter of the year that has
 * ended held a forum (the current quarter is not yet due). "due_soon": compliant but due within 14 days.
 */
export type ForumStatus = 'ok' | 'due_soon' | 'overdue' | 'never'
export interface Compliance {
  last_forum: string | null
  days_since: number | null
  next_due: string | null
  recent: boolean
  quarters: (boolean | null)[]
  compliant: boolean
  status: ForumStatus
}

export const DUE_SOON_DAYS = 14

/** `held`: the area's forum dates in the year of `date`, up to `date`. */
export function compliance(date: string, last: string | null, held: string[]): Compliance {
  const year = date.slice(0, 4)
  const quarters = [1, 2, 3, 4].map((q) => {
    const from = `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`
    const to = addMonths(from, 3) // first day of the next quarter
    if (held.some((d) => d >= from && d < to)) return true
    return to <= date ? false : null // an ended quarter without a forum fails; later ones are not due
  })
  if (!last) return { last_forum: null, days_since: null, next_due: null, recent: false, quarters, compliant: false, status: 'never' }
  const recent = last >= addMonths(date, -3)
  const next_due = addMonths(last, 3)
  const compliant = recent && quarters.every((q) => q !== false)
  const status: ForumStatus = !recent ? 'overdue' : daysBetween(date, next_due) <= DUE_SOON_DAYS ? 'due_soon' : 'ok'
  return { last_forum: last, days_since: daysBetween(last, date), next_due, recent, quarters, compliant, status }
}

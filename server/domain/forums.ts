import { DUE_SOON_DAYS, forumDue, heldRecently } from '../../common/forum-rule.ts'
import { daysBetween, isComplete, period } from '../../common/periods.ts'

/**
 * Public forum compliance (policy: a forum at least once every three months, common/forum-rule.ts). On a date,
 * `recent`: the last forum is on or after the same day three months earlier; statuses "ok" and "due_soon" (next due
 * within 14 days) split the recent areas, "overdue" and "never" the others. `compliant` is stricter, for the year:
 * recent, and each quarter of the year whose last day the date has reached held a forum (later ones are not yet due).
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

export { DUE_SOON_DAYS }

/** The quarters of the date's year, complete once the date reaches their last day (judged at the end of the date). */
export function quartersOf(date: string) {
  const year = Number(date.slice(0, 4))
  return [1, 2, 3, 4].map((i) => {
    const q = period('quarter', year, i)
    return { ...q, complete: isComplete(q, q.from, date) }
  })
}

/** `held`: the area's forum dates in the year of `date`, up to `date`. */
export function compliance(date: string, last: string | null, held: string[]): Compliance {
  const quarters = quartersOf(date).map((q) => {
    if (held.some((d) => d >= q.from && d <= q.to)) return true
    return q.complete ? false : null // a quarter the date has reached the end of fails without a forum; later ones are not due
  })
  if (!last) return { last_forum: null, days_since: null, next_due: null, recent: false, quarters, compliant: false, status: 'never' }
  const recent = heldRecently(last, date)
  const next_due = forumDue(last)
  const compliant = recent && quarters.every((q) => q !== false)
  const status: ForumStatus = !recent ? 'overdue' : daysBetween(date, next_due) <= DUE_SOON_DAYS ? 'due_soon' : 'ok'
  return { last_forum: last, days_since: daysBetween(last, date), next_due, recent, quarters, compliant, status }
}

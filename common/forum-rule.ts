import { addMonths } from './periods.ts'

/**
 * The policy's forum rule: a public forum at least once every three months. An area "held a forum in the last
 * three months" on a date when its last forum is on or after the same day three calendar months earlier
 * (2026-05-15: since 2026-02-15). Every count of areas with a recent forum uses this, and only this.
 */
export const FORUM_EVERY_MONTHS = 3

/** An area whose next forum is due within this many days is "due soon". */
export const DUE_SOON_DAYS = 14

/** The first day that still counts as "in the last three months" on `date`. */
export const forumSince = (date: string) => addMonths(date, -FORUM_EVERY_MONTHS)

/** Whether a last forum on `last` keeps an area within the rule on `date`. */
export const heldRecently = (last: string | null, date: string) => last != null && last >= forumSince(date) && last <= date

/** The day the next forum is due after one on `last`. */
export const forumDue = (last: string) => addMonths(last, FORUM_EVERY_MONTHS)

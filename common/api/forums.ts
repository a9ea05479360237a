import { z } from 'zod'
import { listedPeriodSchema } from './policy.ts'

/** A public forum held in a commune or village. */
export const forumSchema = z.strictObject({
  id: z.number().int(),
  area_code: z.string(),
  level: z.string(),
  commune_code: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  held_on: z.string(),
  attendance: z.number().int(),
  topics: z.array(z.string()),
  notes: z.string().nullable(),
  synthetic: z.boolean(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  created_by: z.string().nullable(),
})
export type Forum = z.infer<typeof forumSchema>
/** GET /api/forums: newest first, with the total for paging. */
export const forumsResponse = z.strictObject({ total: z.number().int(), rows: z.array(forumSchema) })
export type ForumsResponse = z.infer<typeof forumsResponse>

export const forumStatus = z.enum(['ok', 'due_soon', 'overdue', 'never'])
/** GET /api/forums/compliance: each unit's last forum, quarters of the year and status on a date. */
export const complianceRow = z.strictObject({
  code: z.string(),
  name_en: z.string(),
  name_km: z.string().nullable(),
  parent_code: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  last_forum: z.string().nullable(),
  days_since: z.number().int().nullable(),
  next_due: z.string().nullable(),
  recent: z.boolean(),
  quarters: z
    .array(z.boolean().nullable())
    .meta({ description: 'forum held in each quarter of the year; null while a quarter without a forum has not ended' }),
  compliant: z.boolean(),
  status: forumStatus,
})
export const complianceResponse = z.strictObject({
  date: z.string(),
  year: z.number().int(),
  since: z.string().meta({ description: 'the first day that counts as "in the last three months" on the date' }),
  quarters: z
    .array(listedPeriodSchema)
    .meta({ description: "the quarters of rows[].quarters; complete once the date reaches a quarter's end" }),
  level: z.enum(['commune', 'village']),
  rows: z.array(complianceRow),
  summary: z.strictObject({
    areas: z.number().int(),
    recent: z.number().int().meta({ description: 'areas that held a forum in the last three months (statuses ok and due_soon)' }),
    ok: z.number().int(),
    compliant: z.number().int().meta({ description: 'recent, and a forum in every quarter of the year that has ended' }),
    overdue: z.number().int(),
    never: z.number().int(),
    due_soon: z.number().int(),
  }),
})
export type ComplianceRow = z.infer<typeof complianceRow>
export type ComplianceResponse = z.infer<typeof complianceResponse>

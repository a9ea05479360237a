import { z } from 'zod'
import { bbox } from './geojson.ts'

export const roleSchema = z.enum(['admin', 'officer', 'analyst', 'viewer'])
export type ApiRole = z.infer<typeof roleSchema>

/** GET /api/auth/me (and the login answer): who you are and what you may do. */
export const meResponse = z.strictObject({
  id: z.number().int(),
  username: z.string(),
  display_name: z.string().nullable(),
  role: roleSchema,
  scope: z
    .strictObject({
      code: z.string(),
      level: z.string(),
      name_en: z.string(),
      name_km: z.string().nullable(),
      bbox: bbox.nullable(),
    })
    .nullable(),
  can: z.strictObject({ points: z.boolean(), edit: z.boolean(), import: z.boolean(), admin: z.boolean() }),
  privacy: z.strictObject({
    k: z.number().int(),
    suppressed: z.boolean(),
    masked_criteria: z.array(z.number().int()),
    omitted_criteria: z.array(z.number().int()),
  }),
})
export type MeResponse = z.infer<typeof meResponse>
export const okResponse = z.strictObject({ ok: z.boolean() })

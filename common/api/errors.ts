import { z } from 'zod'

/** Every 4xx/5xx answer: a message, and for bad input each field with its path and reason. */
export const errorSchema = z.strictObject({
  error: z.string(),
  issues: z.array(z.strictObject({ field: z.string(), path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
  reason: z.string().optional(),
})
export type ApiErrorBody = z.infer<typeof errorSchema>

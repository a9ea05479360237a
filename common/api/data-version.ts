import { z } from 'zod'

/**
 * GET /api/data/version: an opaque version of the data the caller may see (incidents, forums, police posts and
 * pilot plans in their area). It changes when that data changes and says nothing else: no count, no date.
 */
export const dataVersionResponse = z.strictObject({
  version: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
})
export type DataVersionResponse = z.infer<typeof dataVersionResponse>

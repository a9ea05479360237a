import { createRoute, z } from '@hono/zod-openapi'
import { AUDIT_ACTIONS as ACTIONS, listAudit } from '../db/queries/audit.ts'
import { errorSchema } from './params.ts'
import { router, type Deps } from './deps.ts'

const instant = z
  .string()
  .datetime({ offset: true, message: 'expected an ISO 8601 time with offset' })
  .or(z.string().date('expected YYYY-MM-DD or an ISO 8601 time'))

const route = createRoute({
  method: 'get',
  path: '/audit',
  request: {
    query: z.object({
      from: instant.optional(),
      to: instant.optional(),
      username: z.string().max(40).optional(),
      action: z.enum(ACTIONS).optional(),
      entity: z.string().max(40).optional(),
      limit: z.coerce.number().int().min(1).max(1000, 'limit is at most 1000').default(100),
      before: z.coerce
        .number()
        .int()
        .min(1)
        .max(Number.MAX_SAFE_INTEGER)
        .optional()
        .openapi({ description: 'continue below this id (next_before)' }),
    }),
  },
  responses: {
    200: {
      description: 'Audit entries, newest first',
      content: {
        'application/json': {
          schema: z.object({
            entries: z.array(
              z.object({
                id: z.number().int(),
                at: z.string(),
                user_id: z.number().int().nullable(),
                username: z.string().nullable(),
                action: z.enum(ACTIONS),
                method: z.string(),
                route: z.string(),
                entity: z.string().nullable(),
                entity_id: z.string().nullable(),
                before: z.unknown(),
                after: z.unknown(),
                summary: z.unknown(),
                client: z
                  .string()
                  .nullable()
                  .openapi({ description: 'the client address (the socket, or X-Forwarded-For with TRUST_PROXY)' }),
              }),
            ),
            next_before: z.number().int().nullable(),
          }),
        },
      },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function auditRoutes({ db }: Deps) {
  return router().openapi(route, async (c) => c.json(await listAudit(db, c.req.valid('query')), 200))
}

import { createRoute } from '@hono/zod-openapi'
import { createHmac, randomBytes } from 'node:crypto'
import { dataVersionResponse } from '../../common/api/data-version.ts'
import type { Access } from '../auth/roles.ts'
import { dataState, dataVersionKey } from '../db/queries/data-version.ts'
import { named } from './params.ts'
import { router, type Deps } from './deps.ts'

const version = createRoute({
  method: 'get',
  path: '/data/version',
  responses: {
    200: {
      description:
        'An opaque version of the data you may see (incidents, forums, posts, pilot plans in your area): it changes when they change, ' +
        'and tells nothing else (no count, no date). The map asks for it to notice new data.',
      content: { 'application/json': { schema: named(dataVersionResponse, 'DataVersion') } },
    },
  },
})

/**
 * GET /api/data/version. The version is an HMAC of the tables' fingerprints (server/db/queries/data-version.ts)
 * under a key kept in the database: it cannot be inverted or checked against a guessed count, and two app
 * processes on one database agree on it. Answered with `no-store`, so a poll always reaches the server.
 */
export function dataVersionRoutes({ db }: Deps) {
  let key: Promise<string> | null = null
  const keyOf = () => {
    if (!key) {
      key = dataVersionKey(db, randomBytes(32).toString('base64url'))
      key.catch(() => {
        key = null
      })
    }
    return key
  }
  const versionOf = async (access: Access): Promise<string> => {
    const [k, s] = await Promise.all([keyOf(), dataState(db, access)])
    return createHmac('sha256', k)
      .update(JSON.stringify([access.scope ?? '', s.incidents, s.forums, s.posts, s.plans]))
      .digest('base64url')
      .slice(0, 22)
  }
  return router().openapi(version, async (c) => {
    const v = await versionOf(c.get('access'))
    c.header('cache-control', 'no-store')
    return c.json({ version: v }, 200)
  })
}

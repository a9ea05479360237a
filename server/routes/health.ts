import { createRoute } from '@hono/zod-openapi'
import { healthResponse, metaResponse } from '../../common/api/meta.ts'
import { engineName } from '../db/engine.ts'
import { incidentSummary } from '../db/queries/incidents.ts'
import { CRITERIA } from '../../common/criteria.ts'
import { ATTRIBUTION } from '../geo/read-geodata.ts'
import { named } from './params.ts'
import { router, type Deps } from './deps.ts'

const health = createRoute({
  method: 'get',
  path: '/health',
  responses: {
    200: {
      description: 'Service health',
      content: {
        'application/json': {
          schema: healthResponse,
        },
      },
    },
  },
})

const meta = createRoute({
  method: 'get',
  path: '/meta',
  responses: {
    200: {
      description: 'Data attribution, criteria and the span of the incidents you may see',
      content: {
        'application/json': {
          schema: named(metaResponse, 'Meta'),
        },
      },
    },
  },
})

export function healthRoutes({ db, version }: Deps) {
  return router()
    .openapi(health, async (c) => c.json({ ok: true, engine: engineName(db) }, 200))
    .openapi(meta, async (c) => {
      const s = await incidentSummary(db, { access: c.get('access') })
      return c.json(
        {
          attribution: ATTRIBUTION,
          synthetic: s.synthetic > 0,
          incidents: s.n,
          synthetic_incidents: s.synthetic,
          time_range: { from: s.first, to: s.last },
          criteria: [...CRITERIA],
          version,
        },
        200,
      )
    })
}

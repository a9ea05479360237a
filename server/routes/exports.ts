import { createRoute, z } from '@hono/zod-openapi'
import { audit } from '../auth/audit.ts'
import { briefingQuery, buildBriefing } from '../services/briefing.ts'
import { HttpError } from './errors.ts'
import { errorSchema } from './params.ts'
import { router, type Deps } from './deps.ts'

const route = createRoute({
  method: 'get', path: '/exports/briefing.pdf',
  request: { query: briefingQuery },
  responses: {
    200: { description: 'An A4-landscape briefing (English or Khmer, Noto Sans Khmer embedded): a map with the density, Gi* hot spots, boundaries and posts; counts by criterion against the previous period; the safe status; the top 10 hot spots; the method and attribution',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
    422: { description: 'The area has no boundary to map', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function exportRoutes({ db, version, policy }: Deps) {
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query')
    const actor = c.get('actor')!
    let pdf: Uint8Array
    try {
      pdf = await buildBriefing(db, { ...q, access: c.get('access'), thresholds: policy.thresholds, user: actor.display_name || actor.username, version })
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(422, e.message, 'area')
      throw e
    }
    await audit(c, db, { action: 'export', entity: 'briefing', summary: { ...q, criteria: q.criteria?.join(',') ?? null, bytes: pdf.length } })
    const file = `briefing-${q.area ?? 'KH'}-${q.from}-${q.to}-${q.lang}.pdf`
    return c.body(pdf as any, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${file}"` }) as any
  })
}

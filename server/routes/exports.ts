import { createRoute, z } from '@hono/zod-openapi'
import { audit } from '../auth/audit.ts'
import { withHeavySlot } from '../compute/caps.ts'
import { computeFailure } from '../compute/http.ts'
import { dataSummary, provenance, provenanceHeaders, sidecar, sidecarParam } from '../formats/provenance.ts'
import { briefingFields, briefingRules, buildBriefing } from '../services/briefing.ts'
import { HttpError } from './errors.ts'
import { errorSchema } from './params.ts'
import { router, type Deps } from './deps.ts'

const route = createRoute({
  method: 'get',
  path: '/exports/briefing.pdf',
  request: { query: briefingRules(briefingFields.extend({ sidecar: sidecarParam })) },
  responses: {
    200: {
      description:
        'An A4-landscape briefing (English or Khmer, Noto Sans Khmer embedded): a map with the density, Gi* hot spots, boundaries and posts; counts by criterion against the previous period; the safe status; the top 10 hot spots; the method and attribution',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
    422: { description: 'The area has no boundary to map', content: { 'application/json': { schema: errorSchema } } },
    429: {
      description: 'Over the heavy-work caps of the user or role (Retry-After)',
      content: { 'application/json': { schema: errorSchema } },
    },
    503: {
      description: 'The drawing passed its time limit, or the server is busy (Retry-After)',
      content: { 'application/json': { schema: errorSchema } },
    },
  },
})

export function exportRoutes({ db, version, policy }: Deps) {
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query')
    const actor = c.get('actor')!
    const file = `briefing-${q.area ?? 'KH'}-${q.from}-${q.to}-${q.lang}.pdf`
    // The method and data are on the PDF's second page; the same provenance travels as X-Provenance (and &sidecar=1).
    const prov = provenance(c, {
      title: `Briefing ${q.area ?? 'Cambodia'} ${q.from} to ${q.to}`,
      format: 'pdf',
      version,
      data: await dataSummary(db, { from: q.from, to: q.to, criteria: q.criteria, area: q.area, access: c.get('access') }),
      method: {
        density: 'quartic KDE, Esri default bandwidth, cell 1000 m (province) / 500 m (district, commune) / 2000 m (country)',
        hotspots: "Gi* on the area's villages, 8 nearest neighbours, FDR",
        thresholds: policy.thresholds,
        lang: q.lang,
      },
    })
    if (q.sidecar) return sidecar(c, prov, file) as any
    let pdf: Uint8Array
    try {
      // A heavy request (caps per user and role); the drawing runs on a compute thread, stopped if the client goes.
      pdf = await withHeavySlot(actor, () =>
        buildBriefing(
          db,
          { ...q, access: c.get('access'), thresholds: policy.thresholds, user: actor.display_name || actor.username, version },
          { signal: c.req.raw.signal },
        ),
      )
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(422, e.message, 'area')
      return computeFailure(c, db, e, 'briefing') as any
    }
    await audit(c, db, {
      action: 'export',
      entity: 'briefing',
      summary: { ...q, criteria: q.criteria?.join(',') ?? null, bytes: pdf.length },
    })
    return c.body(pdf as any, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${file}"`,
      ...provenanceHeaders(prov),
    }) as any
  })
}

import { createRoute, z } from '@hono/zod-openapi'
import { withHeavySlot } from '../compute/caps.ts'
import { computeFailure } from '../compute/http.ts'
import { dataSummary, provenance, sidecarParam } from '../formats/provenance.ts'
import { sendExport, sendSidecar } from '../services/export.ts'
import { briefingDates, briefingFields, briefingRules, buildBriefing } from '../services/briefing.ts'
import { HttpError } from './errors.ts'
import { computeErrors, errorSchema } from './params.ts'
import { router, type Deps } from './deps.ts'

const route = createRoute({
  method: 'get',
  path: '/exports/briefing.pdf',
  request: { query: briefingRules(briefingFields.extend({ sidecar: sidecarParam })) },
  responses: {
    200: {
      description:
        'An A4-landscape briefing (English or Khmer, Noto Sans Khmer embedded): a map with the density, Gi* hot spots, boundaries and posts; counts by criterion against the previous period (the previous calendar period for a month, quarter, semester or year, as /api/reports; else the same number of days just before); the safe status; the top 10 hot spots; the method and attribution. Without from and to: the last complete calendar quarter of the data you may see (the data run to its last day), named on the PDF',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...computeErrors,
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
    422: { description: 'The area has no boundary to map', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function exportRoutes({ db, version, policy }: Deps) {
  return router().openapi(route, async (c) => {
    const asked = c.req.valid('query')
    const actor = c.get('actor')!
    const q = { ...asked, ...(await briefingDates(db, asked, c.get('access'))) }
    const file = `briefing-${q.area ?? 'KH'}-${q.from}-${q.to}-${q.lang}`
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
    if (q.sidecar) return sendSidecar(c, db, { prov, file: `${file}.pdf` })
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
      return computeFailure(c, db, e, 'briefing')
    }
    const summary = (bytes: number) => ({ ...q, criteria: q.criteria?.join(',') ?? null, bytes })
    return sendExport(
      c,
      db,
      { prov, file, audit: { entity: 'briefing', summary } },
      { format: 'file', data: pdf, contentType: 'application/pdf', ext: 'pdf' },
    )
  })
}

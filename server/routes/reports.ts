import { createRoute, z } from '@hono/zod-openapi'
import { reportResponse } from '../../common/api/policy.ts'
import { dataSummary, provenance, sidecarParam } from '../formats/provenance.ts'
import { sendExport, sendSidecar } from '../services/export.ts'
import { ministryReport } from '../services/report.ts'
import { reportTable } from '../services/report-table.ts'
import { areaCodeParam, errorSchema, named } from './params.ts'
import { checkedPeriod, periodQuery, thresholdsParam, toPeriod } from './policy-params.ts'
import { router, type Deps } from './deps.ts'
import { HttpError } from './errors.ts'

export const FORMATS = ['json', 'csv', 'xlsx', 'html'] as const
const route = createRoute({
  method: 'get',
  path: '/reports',
  request: {
    query: checkedPeriod(
      periodQuery.extend({
        area: areaCodeParam
          .optional()
          .openapi({ description: 'a province, district or commune; none for the national report (rows: the 25 provinces)' }),
        format: z.enum(FORMATS).default('json'),
        thresholds: thresholdsParam.optional(),
        sidecar: sidecarParam,
      }),
    ),
  },
  responses: {
    200: {
      description:
        "The Ministry's periodic report: one row per child area, the five criteria as columns; CSV, XLSX or a printable bilingual HTML page on request",
      content: {
        'application/json': { schema: named(reportResponse, 'Report') },
        'text/csv': { schema: z.string() },
        'text/html': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function reportRoutes({ db, policy, version }: Deps) {
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query')
    if (q.area && q.area.length > 6) throw new HttpError(400, 'a report is for the country, a province, a district or a commune', 'area')
    const period = toPeriod(q)
    const access = c.get('access')
    const r = await ministryReport(db, { period, area: q.area, access, thresholds: q.thresholds ?? policy.thresholds })
    if (q.format === 'json' && !q.sidecar) return c.json(r, 200)
    const synthetic = r.synthetic // any synthetic incident the user may see
    const actor = c.get('actor')!
    const file = `report-${q.area ?? 'KH'}-${period.year}-${period.type}${period.index ? `-${period.index}` : ''}`
    const prov = provenance(c, {
      title: `Safety Village/Commune/Sangkat report, ${period.label_en}${q.area ? `, area ${q.area}` : ''}`,
      format: q.format,
      version,
      synthetic,
      data: { ...(await dataSummary(db, { from: period.from, to: period.to, area: q.area, access })), rows: r.rows.length },
      method: {
        period: period.type,
        year: period.year,
        index: period.index ?? null,
        from: period.from,
        to: period.to,
        level: r.level,
        thresholds: r.thresholds,
        complete: r.period.complete,
        previous: `${r.period.previous.from}/${r.period.previous.to}`,
      },
    })
    if (q.sidecar) return sendSidecar(c, db, { prov, file })
    if (q.format === 'json') return c.json(r, 200)
    const table = reportTable(r, { generated_at: prov.generated_at, version, synthetic, user: actor.username })
    const summary = {
      format: q.format,
      period: `${period.type} ${period.year}${period.index ? `/${period.index}` : ''}`,
      area: q.area ?? null,
      rows: r.rows.length,
    }
    return sendExport(c, db, { prov, file, audit: { entity: 'report', summary } }, { format: q.format, table })
  })
}

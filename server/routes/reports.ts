import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { audit } from '../auth/audit.ts'
import { tableCsv, tableHtml, tableXlsx, type Table } from '../formats/table.ts'
import {
  dataSummary,
  provenance,
  provenanceHeaders,
  provenanceLines,
  sidecar,
  sidecarParam,
  type Provenance,
} from '../formats/provenance.ts'
import { DOCUMENT_CSP } from '../security.ts'
import { ministryReport } from '../services/report.ts'
import { reportTable } from '../services/report-table.ts'
import { areaCodeParam, errorSchema } from './params.ts'
import { checkedPeriod, periodQuery, periodSchema, thresholdsParam, toPeriod } from './policy-params.ts'
import { router, type Deps } from './deps.ts'
import type { AppEnv } from './env.ts'
import { HttpError } from './errors.ts'

export const FORMATS = ['json', 'csv', 'xlsx', 'html'] as const
const count5 = z.record(z.string(), z.number().int().nullable())
const row = z.object({
  code: z.string().nullable().openapi({ description: 'null for incidents no child area holds' }),
  name_en: z.string(),
  name_km: z.string().nullable(),
  population: z.number().nullable(),
  counts: count5,
  total: z.number().int().nullable(),
  previous_total: z.number().int().nullable(),
  rate_per_1000: z.number().nullable(),
  change: z.number().int().nullable(),
  change_pct: z.number().nullable(),
  safe: z.boolean(),
  safe_communes: z.number().int(),
  communes: z.number().int(),
  safe_villages: z.number().int(),
  villages: z.number().int(),
  forum_held: z.boolean(),
  forums_held_communes: z.number().int(),
  suppressed: z.boolean(),
})
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
        'application/json': {
          schema: z
            .object({
              period: periodSchema.extend({ previous: periodSchema }),
              area: z.object({ code: z.string(), name_en: z.string(), name_km: z.string().nullable() }).nullable(),
              level: z.string(),
              thresholds: z.array(z.number()),
              rows: z.array(row),
              total: z
                .object({
                  counts: count5,
                  total: z.number().int().nullable(),
                  previous_total: z.number().int().nullable(),
                  change: z.number().int().nullable(),
                  change_pct: z.number().nullable(),
                  population: z.number(),
                  rate_per_1000: z.number().nullable(),
                })
                .passthrough(),
            })
            .openapi('Report'),
        },
        'text/csv': { schema: z.string() },
        'text/html': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

/**
 * Sends a table as CSV, XLSX or HTML (an attachment, except HTML, which opens to print). With a provenance, every
 * format carries it in the X-Provenance header, and XLSX (About sheet) and HTML (notes) also inside the file.
 */
export async function sendTable(c: Context<AppEnv>, t: Table, format: 'csv' | 'xlsx' | 'html', file: string, prov?: Provenance) {
  const ph = prov ? provenanceHeaders(prov) : {}
  const inside: Table = prov ? { ...t, notes: [...t.notes, ...provenanceLines(prov)] } : t
  if (format === 'csv')
    return c.body(tableCsv(t), 200, {
      ...ph,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file}.csv"`,
    })
  if (format === 'xlsx') {
    const buf = await tableXlsx(inside)
    return c.body(new Uint8Array(buf), 200, {
      ...ph,
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${file}.xlsx"`,
    })
  }
  return c.body(tableHtml(inside), 200, { ...ph, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': DOCUMENT_CSP })
}

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
        complete: (r.period as { complete?: boolean }).complete ?? null,
        previous: `${r.period.previous.from}/${r.period.previous.to}`,
      },
    })
    if (q.sidecar) return sidecar(c, prov, file) as any
    if (q.format === 'json') return c.json(r, 200)
    const table = reportTable(r, { generated_at: prov.generated_at, version, synthetic, user: actor.username })
    await audit(c, db, {
      action: 'export',
      entity: 'report',
      summary: {
        format: q.format,
        period: `${period.type} ${period.year}${period.index ? `/${period.index}` : ''}`,
        area: q.area ?? null,
        rows: r.rows.length,
      },
    })
    return sendTable(c, table, q.format, file, prov) as any
  })
}

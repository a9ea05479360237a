import { createRoute, z } from '@hono/zod-openapi'
import { audit } from '../auth/audit.ts'
import { ratePer1000, statsByArea } from '../db/queries/stats.ts'
import { CRITERIA } from '../domain/criteria.ts'
import { figureOf } from '../domain/suppression.ts'
import { dataSummary, provenance, sidecar, sidecarParam } from '../formats/provenance.ts'
import type { Column, Table } from '../formats/table.ts'
import { areaCodeParam, errorSchema, filterQuery, levelParam, orderedDates } from './params.ts'
import { sendTable } from './reports.ts'
import { router, type Deps } from './deps.ts'

const row = z
  .object({
    code: z.string(),
    name_en: z.string(),
    name_km: z.string().nullable(),
    parent_code: z.string().nullable(),
    population: z.number().nullable(),
    population_complete: z.boolean(),
    has_geometry: z.boolean(),
    covered_by: z.string().nullable(),
    count: z.number().int().nullable().openapi({ description: 'null when suppressed (1 to k-1 incidents, viewers)' }),
    rate_per_1000: z.number().nullable(),
    by_criterion: z.record(z.string(), z.number().int().nullable()),
    suppressed: z.boolean(),
    suppressed_criteria: z.array(z.string()),
  })
  .openapi('AreaStat')

const route = createRoute({
  method: 'get',
  path: '/stats/areas',
  request: {
    query: orderedDates(
      filterQuery.omit({ area: true }).extend({
        level: levelParam,
        parent: areaCodeParam.optional(),
        format: z.enum(['json', 'csv', 'xlsx']).default('json').openapi({
          description:
            'csv (machine keys; provenance in X-Provenance) or xlsx (English and Khmer headers, an About sheet with the provenance)',
        }),
        sidecar: sidecarParam,
      }),
    ),
  },
  responses: {
    200: {
      description:
        'Incident counts and rates per 1,000 people, one row per area of the level inside your scope; for viewers, counts under k are null and suppressed',
      content: {
        'application/json': { schema: z.array(row) },
        'text/csv': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

const LEVEL = { province: ['Province', 'ខេត្ត/រាជធានី'], district: ['District', 'ស្រុក/ក្រុង/ខណ្ឌ'], commune: ['Commune', 'ឃុំ/សង្កាត់'] } as const

export function statsRoutes({ db, version }: Deps) {
  return router().openapi(route, async (c) => {
    const { format, sidecar: wantSidecar, ...q } = c.req.valid('query')
    const access = c.get('access')
    const rows = (await statsByArea(db, q.level, { ...q, access })).map(({ counts, ...r }) => {
      const s = figureOf(counts)
      return { ...r, ...s, rate_per_1000: s.count == null ? null : ratePer1000(s.count, r.population) }
    })
    if (format === 'json' && !wantSidecar) return c.json(rows, 200)
    const [lvEn, lvKm] = LEVEL[q.level]
    const prov = provenance(c, {
      title: `Incidents per ${q.level}${q.parent ? ` in ${q.parent}` : ''}`,
      format,
      version,
      data: { ...(await dataSummary(db, { from: q.from, to: q.to, criteria: q.criteria, area: q.parent, access })), rows: rows.length },
      method: {
        level: q.level,
        parent: q.parent ?? null,
        rate: 'incidents per 1,000 people (2011 commune population)',
        suppression_k: access.k,
      },
    })
    const file = `areas-${q.level}${q.parent ? `-${q.parent}` : ''}${q.from ? `-${q.from}` : ''}${q.to ? `-${q.to}` : ''}`
    if (wantSidecar || format === 'json') return sidecar(c, prov, file) as any
    const columns: Column[] = [
      { key: 'code', en: 'Code', km: 'លេខកូដ' },
      { key: 'name_en', en: lvEn, km: lvKm, kind: 'text' },
      { key: 'name_km', en: `${lvEn} (Khmer)`, km: `${lvKm} (ខ្មែរ)`, kind: 'text' },
      { key: 'parent_code', en: 'Parent code', km: 'លេខកូដមេ' },
      { key: 'population', en: 'Population', km: 'ចំនួនប្រជាជន', kind: 'int' },
      { key: 'population_complete', en: 'Population complete', km: 'ប្រជាជនពេញលេញ', kind: 'bool' },
      { key: 'count', en: 'Incidents', km: 'ករណី', kind: 'int' },
      { key: 'rate_per_1000', en: 'Per 1,000 people', km: 'ក្នុងប្រជាជន ១០០០ នាក់', kind: 'num' },
      ...CRITERIA.map((cr) => ({ key: `criterion_${cr.id}`, en: `${cr.id}. ${cr.en}`, km: `${cr.id}. ${cr.km}`, kind: 'int' as const })),
      { key: 'suppressed', en: 'Suppressed', km: 'បានលាក់', kind: 'bool' },
      { key: 'suppressed_criteria', en: 'Suppressed criteria', km: 'លក្ខណៈវិនិច្ឆ័យបានលាក់', kind: 'text' },
      { key: 'has_geometry', en: 'Has a polygon', km: 'មានព្រំដែន', kind: 'bool' },
      { key: 'covered_by', en: 'Covered by', km: 'គ្របដោយ' },
    ]
    const table: Table = {
      title_en: `Incidents per ${q.level}${q.parent ? ` in ${q.parent}` : ''}`,
      title_km: `ករណីតាម${lvKm}${q.parent ? ` ក្នុង ${q.parent}` : ''}`,
      notes: [],
      columns,
      rows: rows.map((r) => [
        r.code,
        r.name_en,
        r.name_km,
        r.parent_code,
        r.population,
        r.population_complete,
        r.count,
        r.rate_per_1000,
        ...CRITERIA.map((cr) => r.by_criterion[String(cr.id)] ?? null),
        r.suppressed,
        r.suppressed_criteria.join(';'),
        r.has_geometry,
        r.covered_by,
      ]),
    }
    await audit(c, db, {
      action: 'export',
      entity: 'area_stats',
      summary: { format, level: q.level, parent: q.parent ?? null, rows: rows.length, query: prov.request.query },
    })
    return sendTable(c, table, format, file, prov) as any
  })
}

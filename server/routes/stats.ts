import { createRoute, z } from '@hono/zod-openapi'
import { areaStat } from '../../common/api/stats.ts'
import { ratePer1000, statsByArea } from '../db/queries/stats.ts'
import { CRITERIA } from '../../common/criteria.ts'
import { figureOf } from '../domain/suppression.ts'
import { dataSummary, provenance, sidecarParam } from '../formats/provenance.ts'
import type { Column, Table } from '../formats/table.ts'
import { areaCodeParam, errorSchema, filterQuery, levelParam, orderedDates, named } from './params.ts'
import { sendExport, sendSidecar } from '../services/export.ts'
import { router, type Deps } from './deps.ts'
import { bilingual as L, label } from '../../common/labels/index.ts'

const row = named(areaStat, 'AreaStat')

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

const LEVEL = { province: 'area.province', district: 'area.district', commune: 'area.commune' } as const

export function statsRoutes({ db, version }: Deps) {
  return router().openapi(route, async (c) => {
    const { format, sidecar: wantSidecar, ...q } = c.req.valid('query')
    const access = c.get('access')
    const rows = (await statsByArea(db, q.level, { ...q, access })).map(({ counts, ...r }) => {
      const s = figureOf(counts)
      return { ...r, ...s, rate_per_1000: s.count == null ? null : ratePer1000(s.count, r.population) }
    })
    if (format === 'json' && !wantSidecar) return c.json(rows, 200)
    const level = L(LEVEL[q.level])
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
    if (wantSidecar || format === 'json') return sendSidecar(c, db, { prov, file })
    const columns: Column[] = [
      { key: 'code', ...L('col.code') },
      { key: 'name_en', ...level, kind: 'text' },
      { key: 'name_km', ...L('khmerName', { name: level.en }, { name: level.km }), kind: 'text' },
      { key: 'parent_code', ...L('col.parentCode') },
      { key: 'population', ...L('col.population'), kind: 'int' },
      { key: 'population_complete', ...L('col.populationComplete'), kind: 'bool' },
      { key: 'count', ...L('col.incidents'), kind: 'int' },
      { key: 'rate_per_1000', ...L('col.rate'), kind: 'num' },
      ...CRITERIA.map((cr) => ({ key: `criterion_${cr.id}`, en: `${cr.id}. ${cr.en}`, km: `${cr.id}. ${cr.km}`, kind: 'int' as const })),
      { key: 'suppressed', ...L('col.suppressed'), kind: 'bool' },
      { key: 'suppressed_criteria', ...L('col.suppressedCriteria'), kind: 'text' },
      { key: 'has_geometry', ...L('col.hasGeometry'), kind: 'bool' },
      { key: 'covered_by', ...L('col.coveredBy') },
    ]
    const table: Table = {
      title_en: label('en', q.parent ? 'title.incidentsPerIn' : 'title.incidentsPer', { level: q.level, parent: q.parent }),
      title_km: label('km', q.parent ? 'title.incidentsPerIn' : 'title.incidentsPer', { level: level.km, parent: q.parent }),
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
    const summary = { format, level: q.level, parent: q.parent ?? null, rows: rows.length, query: prov.request.query }
    return sendExport(c, db, { prov, file, audit: { entity: 'area_stats', summary } }, { format, table })
  })
}

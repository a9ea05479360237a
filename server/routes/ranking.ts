import { createRoute, z } from '@hono/zod-openapi'
import { rankingResponse } from '../../common/api/policy.ts'
import { rankCommunes } from '../services/ranking.ts'
import { areaCodeParam, errorSchema, named } from './params.ts'
import { checkedPeriod, periodQuery, toPeriod } from './policy-params.ts'
import { router, type Deps } from './deps.ts'
import { sendExport, sendSidecar } from '../services/export.ts'
import { dataSummary, provenance, sidecarParam } from '../formats/provenance.ts'
import { period } from '../../common/periods.ts'
import { HttpError } from './errors.ts'
import type { Table } from '../formats/table.ts'
import { bilingual as L, label } from '../../common/labels/index.ts'

const route = createRoute({
  method: 'get',
  path: '/ranking',
  request: {
    query: checkedPeriod(
      periodQuery.extend({
        area: areaCodeParam.optional().openapi({ description: 'a province or district; none for the country' }),
        compare_year: z.coerce
          .number()
          .int()
          .min(1990)
          .max(2100)
          .optional()
          .openapi({ description: 'compare with this year (same period type and index) instead of the previous period' }),
        top: z.coerce.number().int().min(1).max(50).default(3),
        outstanding: z.enum(['0', '1']).default('0'),
        format: z.enum(['json', 'csv', 'xlsx', 'html']).default('json'),
        sidecar: sidecarParam,
      }),
    ),
  },
  responses: {
    200: {
      description:
        'Communes ranked within their province by the fall of their EB-smoothed rate; outstanding=1 keeps the top of each province (CSV for the yearly recognition)',
      content: {
        'application/json': { schema: named(rankingResponse, 'Ranking') },
        'text/csv': { schema: z.string() },
        'text/html': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

export function rankingRoutes({ db, version }: Deps) {
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query')
    if (q.area && q.area.length > 4) throw new HttpError(400, 'rank within the country, a province or a district', 'area')
    const cur = toPeriod(q)
    const compare = q.compare_year != null ? period(q.period, q.compare_year, q.index) : undefined
    if (compare && compare.from >= cur.from) throw new HttpError(400, 'compare_year must be before year', 'compare_year')
    const res = await rankCommunes(db, { period: cur, compare, area: q.area, access: c.get('access'), top: q.top })
    const rows = q.outstanding === '1' ? res.rows.filter((r) => r.outstanding) : res.rows
    if (q.format === 'json' && !q.sidecar) return c.json({ ...res, rows }, 200)
    const file = `communes-${q.outstanding === '1' ? 'outstanding' : 'ranking'}-${cur.year}${cur.index ? `-${cur.type}${cur.index}` : ''}`
    const access = c.get('access')
    const synthetic = res.synthetic // any synthetic incident the user may see
    const prov = provenance(c, {
      title: `${q.outstanding === '1' ? 'Outstanding communes' : 'Commune ranking'}, ${cur.label_en} against ${res.previous.label_en}`,
      format: q.format,
      version,
      synthetic,
      data: {
        ...(await dataSummary(db, { from: res.previous.from < cur.from ? res.previous.from : cur.from, to: cur.to, area: q.area, access })),
        rows: rows.length,
      },
      method: {
        period: cur.type,
        year: cur.year,
        index: cur.index ?? null,
        from: cur.from,
        to: cur.to,
        compared_with: `${res.previous.from}/${res.previous.to}`,
        top: q.top,
        outstanding: q.outstanding === '1',
        smoothing: 'empirical Bayes (global method of moments)',
      },
    })
    if (q.sidecar) return sendSidecar(c, db, { prov, file })
    if (q.format === 'json') return c.json({ ...res, rows }, 200)
    const summary = { format: q.format, period: cur.label_en, area: q.area ?? null, rows: rows.length }
    const table: Table = {
      title_en: label('en', q.outstanding === '1' ? 'title.outstanding' : 'title.ranking', {
        period: cur.label_en,
        previous: res.previous.label_en,
      }),
      title_km: label('km', q.outstanding === '1' ? 'title.outstanding' : 'title.ranking', {
        period: cur.label_km,
        previous: res.previous.label_km,
      }),
      notes: [res.method, res.method_km, `Generated ${new Date().toISOString()} with SafeVillage ${version}.`],
      columns: [
        { key: 'province_code', ...L('col.provinceCode') },
        { key: 'province_en', ...L('area.province'), kind: 'text' },
        { key: 'rank', ...L('col.rankInProvince'), kind: 'int' },
        { key: 'code', ...L('col.communeCode') },
        { key: 'name_en', ...L('area.commune'), kind: 'text' },
        { key: 'name_km', ...L('khmerName', { name: label('en', 'area.commune') }, { name: label('km', 'area.commune') }), kind: 'text' },
        { key: 'population', ...L('col.population'), kind: 'int' },
        {
          key: 'previous_count',
          ...L('col.incidentsIn', { period: res.previous.label_en }, { period: res.previous.label_km }),
          kind: 'int',
        },
        { key: 'count', ...L('col.incidentsIn', { period: cur.label_en }, { period: cur.label_km }), kind: 'int' },
        { key: 'eb_previous_rate', ...L('col.ebPrevious'), kind: 'num' },
        { key: 'eb_rate', ...L('col.ebNow'), kind: 'num' },
        { key: 'improvement', ...L('col.improvement'), kind: 'num' },
        { key: 'outstanding', ...L('col.outstanding'), kind: 'bool' },
      ],
      rows: rows.map((r) => [
        r.province_code,
        r.province_en,
        r.rank,
        r.code,
        r.name_en,
        r.name_km,
        r.population,
        r.previous_count,
        r.count,
        r.eb_previous_rate,
        r.eb_rate,
        r.improvement,
        r.outstanding,
      ]),
    }
    return sendExport(c, db, { prov, file, audit: { entity: 'ranking', summary } }, { format: q.format, table })
  })
}

import { createRoute, z } from '@hono/zod-openapi'
import { audit } from '../auth/audit.ts'
import { rankCommunes } from '../services/ranking.ts'
import { areaCodeParam, errorSchema } from './params.ts'
import { checkedPeriod, periodQuery, toPeriod } from './policy-params.ts'
import { router, type Deps } from './deps.ts'
import { sendTable } from './reports.ts'
import { dataSummary, provenance, sidecar, sidecarParam } from '../formats/provenance.ts'
import { period } from '../domain/periods.ts'
import { HttpError } from './errors.ts'

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
      content: { 'application/json': { schema: z.object({}).passthrough() }, 'text/csv': { schema: z.string() } },
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
    if (q.sidecar) return sidecar(c, prov, file) as any
    if (q.format === 'json') return c.json({ ...res, rows }, 200)
    await audit(c, db, {
      action: 'export',
      entity: 'ranking',
      summary: { format: q.format, period: cur.label_en, area: q.area ?? null, rows: rows.length },
    })
    return sendTable(
      c,
      {
        title_en: `${q.outstanding === '1' ? 'Outstanding communes' : 'Commune ranking'} — ${cur.label_en} against ${res.previous.label_en}`,
        title_km: `${q.outstanding === '1' ? 'ឃុំ/សង្កាត់ឆ្នើម' : 'ចំណាត់ថ្នាក់ឃុំ/សង្កាត់'} — ${cur.label_km} ធៀបនឹង ${res.previous.label_km}`,
        notes: [res.method, `Generated ${new Date().toISOString()} with SafeVillage ${version}.`],
        columns: [
          { key: 'province_code', en: 'Province code', km: 'លេខកូដខេត្ត' },
          { key: 'province_en', en: 'Province', km: 'ខេត្ត/រាជធានី', kind: 'text' },
          { key: 'rank', en: 'Rank in province', km: 'ចំណាត់ថ្នាក់ក្នុងខេត្ត', kind: 'int' },
          { key: 'code', en: 'Commune code', km: 'លេខកូដឃុំ' },
          { key: 'name_en', en: 'Commune', km: 'ឃុំ/សង្កាត់', kind: 'text' },
          { key: 'name_km', en: 'Commune (Khmer)', km: 'ឃុំ/សង្កាត់ (ខ្មែរ)', kind: 'text' },
          { key: 'population', en: 'Population', km: 'ចំនួនប្រជាជន', kind: 'int' },
          { key: 'previous_count', en: `Incidents ${res.previous.label_en}`, km: `ករណី ${res.previous.label_km}`, kind: 'int' },
          { key: 'count', en: `Incidents ${cur.label_en}`, km: `ករណី ${cur.label_km}`, kind: 'int' },
          { key: 'eb_previous_rate', en: 'EB rate before (per 1,000)', km: 'អត្រា EB មុន', kind: 'num' },
          { key: 'eb_rate', en: 'EB rate now (per 1,000)', km: 'អត្រា EB ឥឡូវ', kind: 'num' },
          { key: 'improvement', en: 'Improvement (per 1,000)', km: 'ការកែលម្អ', kind: 'num' },
          { key: 'outstanding', en: 'Outstanding', km: 'ឆ្នើម', kind: 'bool' },
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
      },
      q.format,
      file,
      prov,
    ) as any
  })
}

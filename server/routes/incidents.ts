import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import Papa from 'papaparse'
import { queryIncidentPoints, queryIncidentsPage, type IncidentRow } from '../db/queries/incidents.ts'
import { audit } from '../auth/audit.ts'
import { incidentsPage, pointsResponse } from '../../common/api/incidents.ts'
import { provenance, rowsSummary, sidecarParam } from '../formats/provenance.ts'
import { sendExport, sendSidecar, type ExportJob } from '../services/export.ts'
import { safeCell } from '../formats/table.ts'
import { bboxParam, errorSchema, filterQuery, orderedDates, named } from './params.ts'
import { router, type Deps } from './deps.ts'
import type { AppEnv } from './env.ts'
import type { Queryable } from '../db/types.ts'

export const MAX_PAGE = 5000
export const MAX_POINTS = 200_000

const cursorParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,24}$/, 'malformed cursor')
  .transform((s, ctx) => {
    const n = Number(Buffer.from(s, 'base64url').toString('utf8').replace(/^i/, ''))
    if (!Number.isSafeInteger(n) || n < 0) {
      ctx.addIssue({ code: 'custom', message: 'malformed cursor' })
      return z.NEVER
    }
    return n
  })
  .openapi({ type: 'string' })
const encodeCursor = (id: number) => Buffer.from(`i${id}`).toString('base64url')

const page = createRoute({
  method: 'get',
  path: '/incidents',
  request: {
    query: orderedDates(
      filterQuery.extend({
        bbox: bboxParam.optional(),
        limit: z.coerce.number().int().min(1).max(MAX_PAGE, `limit is at most ${MAX_PAGE}`).default(1000),
        cursor: cursorParam.optional(),
        format: z.enum(['geojson', 'csv']).optional().openapi({
          description:
            'an export (audited): geojson (a download with a top-level provenance member) or csv (provenance in X-Provenance); both go back through POST /api/incidents/import',
        }),
        sidecar: sidecarParam,
      }),
    ),
  },
  responses: {
    200: {
      description: 'One page of incidents as GeoJSON (next_cursor fetches the next) or CSV (header x-next-cursor)',
      content: {
        'application/geo+json': { schema: named(incidentsPage, 'IncidentsPage') },
        'text/csv': { schema: z.string() },
      },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

const points = createRoute({
  method: 'get',
  path: '/incidents/points',
  request: { query: orderedDates(filterQuery.extend({ bbox: bboxParam.optional() })) },
  responses: {
    200: {
      description: `Compact points [lon, lat, criterion] for heat maps and clusters, at most ${MAX_POINTS}`,
      content: {
        'application/json': {
          schema: pointsResponse,
        },
      },
    },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
  },
})

const CSV_FIELDS = [
  'external_id',
  'occurred_at',
  'criterion',
  'subtype',
  'lon',
  'lat',
  'village_code',
  'precision',
  'masked',
  'source',
  'synthetic',
  'description',
] as const

export function toFeature(r: IncidentRow) {
  const { lon, lat, ...p } = r
  return {
    type: 'Feature' as const,
    id: r.id,
    geometry: { type: 'Point' as const, coordinates: [lon, lat] as [number, number] },
    properties: { ...p, occurred_at: p.occurred_at.toISOString() },
  }
}

/** Records a read of incident-level data: the query (as validated), how many rows or points went out, or the ids. */
export function auditIncidentRead(c: Context<AppEnv>, db: Queryable, r: { query?: object; rows: number; ids?: number[] }) {
  return audit(c, db, {
    action: 'read',
    entity: 'incidents',
    entity_id: r.ids?.length === 1 ? r.ids[0] : null,
    summary: { query: r.query ?? {}, rows: r.rows, ...(r.ids ? { ids: r.ids } : {}) },
  })
}

export function incidentRoutes({ db, version }: Deps) {
  return router()
    .openapi(page, async (c) => {
      const { sidecar: wantSidecar, ...q } = c.req.valid('query')
      const { rows, nextAfter } = await queryIncidentsPage(db, { ...q, after: q.cursor, access: c.get('access') })
      const next_cursor = nextAfter == null ? null : encodeCursor(nextAfter)
      if (!q.format && !wantSidecar) {
        await auditIncidentRead(c, db, { query: q, rows: rows.length })
        return c.json({ type: 'FeatureCollection' as const, next_cursor, features: rows.map(toFeature) }, 200, {
          'content-type': 'application/geo+json',
        })
      }
      const format = q.format ?? 'geojson'
      const prov = provenance(c, {
        title: 'Incidents',
        format,
        version,
        data: {
          ...rowsSummary(rows, { from: q.from ?? null, to: q.to ?? null, criteria: q.criteria ?? [1, 2, 3, 4, 5], area: q.area ?? null }),
          rows: rows.length,
        },
        method: {
          page_limit: q.limit,
          cursor: q.cursor ?? null,
          next_cursor,
          bbox: q.bbox ?? null,
          masked: rows.filter((r) => r.masked).length,
        },
      })
      if (wantSidecar) return sendSidecar(c, db, { prov, file: 'incidents' })
      const { cursor, format: _f, ...filters } = q
      const job: ExportJob = {
        prov,
        file: 'incidents',
        audit: { entity: 'incident', summary: { format, rows: rows.length, filters, cursor: cursor ?? null } },
        headers: next_cursor ? { 'x-next-cursor': next_cursor } : {},
      }
      if (format === 'csv') {
        const csv = Papa.unparse({
          fields: [...CSV_FIELDS],
          data: rows.map((r) => CSV_FIELDS.map((f) => (f === 'occurred_at' ? r.occurred_at.toISOString() : safeCell(r[f])))),
        })
        return sendExport(c, db, job, { format: 'file', data: `${csv}\n`, contentType: 'text/csv; charset=utf-8', ext: 'csv' })
      }
      const geojson = JSON.stringify({ type: 'FeatureCollection', next_cursor, features: rows.map(toFeature) })
      return sendExport(c, db, job, { format: 'geojson', geojson })
    })
    .openapi(points, async (c) => {
      const q = c.req.valid('query')
      const r = await queryIncidentPoints(db, { ...q, access: c.get('access') }, MAX_POINTS)
      await auditIncidentRead(c, db, { query: q, rows: r.points.length })
      return c.json({ count: r.points.length, ...r }, 200)
    })
}

import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import proj4 from 'proj4'
import { hotspotsResponse } from '../../common/api/hotspots.ts'
import { audit } from '../auth/audit.ts'
import type { Column, Table } from '../formats/table.ts'
import { dataSummary, provenance, sidecarParam } from '../formats/provenance.ts'
import { sendExport, sendSidecar } from '../services/export.ts'
import { takeHeavySlot } from '../compute/caps.ts'
import { isComputeError } from '../compute/errors.ts'
import { computeFailure } from '../compute/http.ts'
import { hotspotGeoJson, hotspotResult, type HotspotParams, type HotspotResult } from '../services/hotspots.ts'
import { HttpError } from './errors.ts'
import { computeErrors, errorSchema, filterQuery, orderedDates, named } from './params.ts'
import { router, type Deps } from './deps.ts'
import type { AppEnv } from './env.ts'
import { incidentsVersion } from '../db/queries/incidents.ts'
import { UTM48N } from '../../common/geo.ts'
import { giBin } from '../../common/hotspot-classes.ts'
import { bilingual as L, label } from '../../common/labels/index.ts'

const bool = z.enum(['true', 'false']).transform((s) => s === 'true')

const query = orderedDates(
  filterQuery
    .extend({
      method: z.enum(['gistar', 'localmoran', 'optimized', 'ehsa']).default('gistar'),
      unit: z.enum(['hex', 'square', 'commune', 'village']).default('hex'),
      size: z.coerce.number().min(500, 'size is at least 500 m').max(100_000, 'size is at most 100 km').optional().openapi({
        description:
          'Grid cell size in metres (hexagon edge or square side), for unit=hex|square; default 5000, or chosen from the incidents for method=optimized',
      }),
      band: z.coerce.number().min(100, 'band is at least 100 m').max(300_000, 'band is at most 300 km').optional(),
      knn: z.coerce.number().int().min(1).max(50).optional(),
      rate: bool
        .default(false)
        .openapi({ type: 'string', description: 'analyse incidents per 1,000 people (units without population are left out)' }),
      fdr: bool.default(false).openapi({ type: 'string' }),
      permutations: z.coerce.number().int().min(99).max(9999).default(999),
      seed: z.coerce
        .number()
        .int()
        .min(0)
        .max(2 ** 31)
        .default(1),
      alpha: z.coerce.number().gt(0).lt(0.5).default(0.05),
      step: z.enum(['month', 'quarter']).default('month'),
      format: z.enum(['geojson', 'csv']).optional().openapi({
        description:
          'an export: geojson (a download with a top-level provenance member) or csv (one row per unit; provenance in the X-Provenance header)',
      }),
      sidecar: sidecarParam,
    })
    .refine((q) => q.band == null || q.knn == null, { message: 'give band or knn, not both', path: ['knn'] }),
)

const route = createRoute({
  method: 'get',
  path: '/hotspots',
  request: { query },
  responses: {
    200: {
      description:
        "Analysis units as GeoJSON with count, rate, statistic, z, p and bin or class; `meta` gives the method, parameters, the region analysed (`scope`: `area`, else the officer's area, else national), n, seed, time taken and islands",
      content: {
        'application/geo+json': { schema: named(hotspotsResponse, 'Hotspots') },
        'text/csv': { schema: z.string() },
        'application/json': { schema: z.record(z.string(), z.unknown()).openapi({ description: 'sidecar=1: the provenance alone' }) },
      },
    },
    ...computeErrors,
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
    422: {
      description:
        'Too few units or time steps for the method, or over a budget (docs/limits.md): names `size`, `band`, `knn`, `permutations` or `step`',
      content: { 'application/json': { schema: errorSchema } },
    },
  },
})

/** Bilingual headers of the CSV columns; a property not listed keeps its key. */
const LABELS: Record<string, Omit<Column, 'key'>> = {
  code: L('col.code'),
  name_en: { ...L('col.name'), kind: 'text' },
  name_km: { ...L('khmerName', { name: label('en', 'col.name') }, { name: label('km', 'col.name') }), kind: 'text' },
  place_en: { ...L('col.place'), kind: 'text' },
  place_km: { ...L('khmerName', { name: label('en', 'col.place') }, { name: label('km', 'col.place') }), kind: 'text' },
  lon: { ...L('col.lon'), kind: 'num' },
  lat: { ...L('col.lat'), kind: 'num' },
  count: { ...L('col.incidents'), kind: 'int' },
  suppressed: { ...L('col.suppressed'), kind: 'bool' },
  population: { ...L('col.population'), kind: 'int' },
  rate: { ...L('col.rate'), kind: 'num' },
  I: { en: "Local Moran's I", km: "Local Moran's I", kind: 'num' },
  z: { ...L('col.z'), kind: 'num' },
  p: { ...L('col.p'), kind: 'num' },
  p_sim: { ...L('col.pSim'), kind: 'num' },
  bin: { ...L('col.bin'), kind: 'int' },
  bin_label: { ...L('col.binLabel'), kind: 'text' },
  quadrant: { ...L('col.quadrant'), kind: 'text' },
  category: { ...L('col.category'), kind: 'text' },
  trend_z: { ...L('col.trendZ'), kind: 'num' },
  trend_p: { ...L('col.trendP'), kind: 'num' },
  z_last: { ...L('col.zLast'), kind: 'num' },
}

/** One row per unit: the unit's properties, with its centroid (WGS84) after the names and a bin label after the bin. */
export function hotspotTable(r: HotspotResult, title: { en: string; km: string }, notes: string[]): Table {
  const keys: string[] = []
  for (const u of r.units) for (const k of Object.keys(u.properties)) if (!keys.includes(k)) keys.push(k)
  keys.push('lon', 'lat')
  if (keys.includes('bin')) keys.push('bin_label')
  // Known columns in the order of LABELS (names, centroid, counts, statistics), others after them.
  const ORDER = Object.keys(LABELS),
    rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length)
  keys.sort((a, b) => rank(a) - rank(b))
  const columns: Column[] = keys.map((key) => ({ key, ...(LABELS[key] ?? { en: key, km: key, kind: 'num' }) }))
  const rows = r.units.map((u) => {
    const [lon, lat] = proj4(UTM48N, 'WGS84', [u.x, u.y]) as [number, number]
    const v: Record<string, unknown> = { ...u.properties, lon: Number(lon.toFixed(6)), lat: Number(lat.toFixed(6)) }
    if (keys.includes('bin')) v.bin_label = v.bin == null ? null : (giBin(Number(v.bin))?.code ?? null)
    return keys.map((k) => (v[k] ?? null) as Table['rows'][number][number])
  })
  return { title_en: title.en, title_km: title.km, notes, columns, rows }
}

export function hotspotRoutes({ db, version }: Deps) {
  // Results are cached by their parameters and the state of the incidents table.
  const cache = new Map<string, Promise<HotspotResult>>()
  /**
   * The result from the cache, or computed under one of the actor's heavy slots (caps per user and role) with the
   * request's signal: when the client goes, the compute task is dropped. A request that shared a computation
   * cancelled by another client's leaving computes it again.
   */
  async function resultFor(c: Context<AppEnv>, key: string, params: HotspotParams): Promise<HotspotResult> {
    const signal = c.req.raw.signal
    for (let attempt = 0; ; attempt++) {
      let result = cache.get(key)
      if (!result) {
        const release = takeHeavySlot(c.get('actor')!)
        result = hotspotResult(db, params, { signal })
        result.finally(release).catch(() => {})
        cache.set(key, result)
        result.catch(() => {
          if (cache.get(key) === result) cache.delete(key)
        })
        if (cache.size > 24) cache.delete(cache.keys().next().value!)
      }
      try {
        return await result
      } catch (e) {
        if (isComputeError(e, 'cancelled') && !signal.aborted && attempt < 2) continue
        throw e
      }
    }
  }

  return router().openapi(route, async (c) => {
    const { format, sidecar: wantSidecar, ...q } = c.req.valid('query')
    const { n, last, edited } = await incidentsVersion(db)
    const access = c.get('access')
    const key = JSON.stringify({ ...q, n, last, edited, access })
    // An area narrows the analysis to its units (the access rule keeps it inside an officer's area).
    const filters = { from: q.from, to: q.to, criteria: q.criteria, area: q.area, access }
    let r: HotspotResult
    try {
      r = await resultFor(c, key, { ...q, filters })
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(422, e.message, 'unit')
      return computeFailure(c, db, e, 'hotspots')
    }
    if (!format && !wantSidecar) {
      await audit(c, db, {
        action: 'read',
        entity: 'hotspots',
        summary: { method: q.method, unit: q.unit, size: r.meta.size ?? null, rows: r.units.length, query: c.req.query() },
      })
      return c.body(hotspotGeoJson(r), 200, { 'content-type': 'application/geo+json' })
    }
    const fmt = format ?? 'geojson'
    const file = `hotspots-${q.method}-${q.unit}${r.meta.size ? `-${r.meta.size}m` : ''}`
    const prov = provenance(c, {
      title: `Hot spots (${q.method}) on ${q.unit} units`,
      format: fmt,
      version,
      data: { ...(await dataSummary(db, filters)), rows: r.units.length },
      method: r.meta,
    })
    if (wantSidecar) return sendSidecar(c, db, { prov, file })
    const summary = { format: fmt, method: q.method, unit: q.unit, rows: r.units.length, query: prov.request.query }
    const job = { prov, file, audit: { entity: 'hotspots', summary } }
    if (fmt === 'geojson') return sendExport(c, db, job, { format: 'geojson', geojson: hotspotGeoJson(r) })
    const table = hotspotTable(r, { en: prov.title, km: label('km', 'title.hotspots', { method: q.method }) }, [])
    return sendExport(c, db, job, { format: 'csv', table })
  })
}

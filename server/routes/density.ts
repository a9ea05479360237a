import { createRoute, z } from '@hono/zod-openapi'
import { densityGrid, densityTiff } from '../services/density.ts'
import { audit } from '../auth/audit.ts'
import { TIME_LIMIT_MS } from '../compute/budgets.ts'
import { withHeavySlot } from '../compute/caps.ts'
import { computeFailure } from '../compute/http.ts'
import { computePool } from '../compute/index.ts'
import { asciiJson, dataSummary, gdalMetadataXml, provenance, sidecarParam } from '../formats/provenance.ts'
import { contoursResponse } from '../../common/api/density.ts'
import { sendExport, sendSidecar } from '../services/export.ts'
import { HttpError } from './errors.ts'
import { computeErrors, errorSchema, filterQuery, orderedDates, named } from './params.ts'
import { router, type Deps } from './deps.ts'

const query = orderedDates(
  filterQuery.omit({ area: true }).extend({
    bandwidth: z.coerce
      .number()
      .min(200, 'bandwidth is at least 200 m')
      .max(200_000, 'bandwidth is at most 200 km')
      .optional()
      .openapi({ description: "Kernel radius in metres (quartic) or σ (Gaussian); default: Esri's rule" }),
    cell: z.coerce.number().min(100, 'cell is at least 100 m').max(20_000, 'cell is at most 20 km').default(1000),
    kernel: z.enum(['quartic', 'gaussian']).default('quartic'),
    per: z.enum(['area', 'population']).default('area').openapi({ description: 'density per km², or incidents per 1,000 people' }),
    format: z.enum(['png', 'geotiff', 'contours']).default('png'),
    levels: z.coerce.number().int().min(2).max(20).default(8),
    sidecar: sidecarParam,
  }),
)

const route = createRoute({
  method: 'get',
  path: '/density',
  request: { query },
  responses: {
    200: {
      description:
        'Kernel density in UTM 48N: a PNG (corners and scale in the x-density-meta header), a float32 GeoTIFF, or GeoJSON contours',
      content: {
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
        'image/tiff': { schema: z.string().openapi({ format: 'binary' }) },
        'application/geo+json': { schema: named(contoursResponse, 'DensityContours') },
        'application/json': { schema: z.record(z.string(), z.unknown()).openapi({ description: 'sidecar=1: the provenance alone' }) },
      },
    },
    ...computeErrors,
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
    422: {
      description: 'Nothing to smooth, or over a budget (docs/limits.md): names `cell` or `bandwidth`',
      content: { 'application/json': { schema: errorSchema } },
    },
  },
})

/**
 * Nodata in the GeoTIFF: the grid covers Cambodia's bounding box grown by the bandwidth (at most 20 km). With
 * per=area every cell has a density (0 where no incident lies within the kernel's reach, outside Cambodia too), so no
 * cell is nodata and the values integrate to the incidents. With per=population the rate is undefined where the
 * smoothed population is under 1 person per km² (sea, most of the neighbouring countries): those cells are NaN, the
 * nodata value.
 */
export const DENSITY_NODATA_RULE =
  'nodata (NaN) only where the value is undefined: per=population where the smoothed population is under 1 person per km²; per=area has no nodata cell (0 is a real density of zero)'

export function densityRoutes({ db, version }: Deps) {
  return router().openapi(route, async (c) => {
    const { sidecar: wantSidecar, ...q } = c.req.valid('query')
    const signal = c.req.raw.signal
    try {
      // A heavy request: capped per user and role; the kernel density and the drawing run on compute threads,
      // stopped when the client goes away (signal) or their time limit passes.
      return await withHeavySlot(c.get('actor')!, async () => {
        const filters = { from: q.from, to: q.to, criteria: q.criteria, access: c.get('access') }
        const { grid, meta } = await densityGrid(db, { ...q, filters }, { signal })
        const readSummary = (format: string) => ({
          ...q,
          format,
          incidents: meta.incidents,
          bandwidth: meta.bandwidth,
          cells: meta.cols * meta.rows,
        })
        const read = (format: string) => audit(c, db, { action: 'read', entity: 'density', summary: readSummary(format) })
        if (q.format === 'contours' && !wantSidecar) {
          const body = await computePool().run(
            'densityContours',
            { grid, meta, levels: q.levels },
            { timeoutMs: TIME_LIMIT_MS.render, signal, transfer: [grid.values.buffer as ArrayBuffer] },
          )
          await read('contours')
          return c.body(body, 200, { 'content-type': 'application/geo+json' })
        }
        if (q.format === 'geotiff' || wantSidecar) {
          const prov = provenance(c, {
            title: `Kernel density (${q.kernel}, ${meta.unit}) in EPSG:32648`,
            format: q.format,
            version,
            data: await dataSummary(db, filters),
            method: { ...meta, per: q.per, crs: 'EPSG:32648', nodata: DENSITY_NODATA_RULE },
          })
          if (wantSidecar)
            return sendSidecar(c, db, { prov, file: 'density', read: { entity: 'density', summary: readSummary('sidecar') } })
          const tiff = densityTiff(grid, {
            description: asciiJson(prov),
            software: `SafeVillage ${version}`,
            gdalMetadata: gdalMetadataXml(
              prov,
              {
                description: `Kernel density of incidents (${q.kernel}, bandwidth ${Math.round(meta.bandwidth)} m)`,
                unit: meta.unit.replace('²', '2'),
              },
              {
                bandwidth_m: meta.bandwidth,
                bandwidth_rule: meta.bandwidth_rule_code,
                cell_m: meta.cell,
                kernel: q.kernel,
                per: q.per,
                unit: meta.unit.replace('²', '2'),
                masked_to_villages: meta.masked_to_villages,
                nodata: DENSITY_NODATA_RULE,
              },
            ),
          })
          const job = {
            prov,
            file: 'density',
            audit: { entity: 'density', summary: { ...q, incidents: meta.incidents, bandwidth: meta.bandwidth } },
            headers: {
              'x-density-meta': JSON.stringify(meta),
              'access-control-expose-headers': 'x-density-meta, x-provenance, content-disposition',
            },
          }
          return sendExport(c, db, job, { format: 'file', data: tiff, contentType: 'image/tiff', ext: 'tif' })
        }
        const png = await computePool().run(
          'densityPng',
          { grid, meta },
          { timeoutMs: TIME_LIMIT_MS.render, signal, transfer: [grid.values.buffer as ArrayBuffer] },
        )
        await read('png')
        return c.body(png, 200, {
          'content-type': 'image/png',
          'x-density-meta': JSON.stringify(meta),
          'access-control-expose-headers': 'x-density-meta',
        })
      })
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(422, e.message, e.message.includes('cell') ? 'cell' : 'criteria')
      return computeFailure(c, db, e, 'density')
    }
  })
}

import { createRoute, z } from '@hono/zod-openapi'
import { densityContours, densityGrid, densityPng, densityTiff } from '../services/density.ts'
import { audit } from '../auth/audit.ts'
import { asciiJson, dataSummary, gdalMetadataXml, provenance, provenanceHeaders, sidecar, sidecarParam } from '../formats/provenance.ts'
import { HttpError } from './errors.ts'
import { errorSchema, filterQuery, orderedDates } from './params.ts'
import { router, type Deps } from './deps.ts'

const query = orderedDates(filterQuery.omit({ area: true }).extend({
  bandwidth: z.coerce.number().min(200, 'bandwidth is at least 200 m').max(200_000, 'bandwidth is at most 200 km').optional()
    .openapi({ description: "Kernel radius in metres (quartic) or σ (Gaussian); default: Esri's rule" }),
  cell: z.coerce.number().min(100, 'cell is at least 100 m').max(20_000, 'cell is at most 20 km').default(1000),
  kernel: z.enum(['quartic', 'gaussian']).default('quartic'),
  per: z.enum(['area', 'population']).default('area').openapi({ description: 'density per km², or incidents per 1,000 people' }),
  format: z.enum(['png', 'geotiff', 'contours']).default('png'),
  levels: z.coerce.number().int().min(2).max(20).default(8),
  sidecar: sidecarParam,
}))

const route = createRoute({
  method: 'get', path: '/density',
  request: { query },
  responses: {
    200: { description: 'Kernel density in UTM 48N: a PNG (corners and scale in the x-density-meta header), a float32 GeoTIFF, or GeoJSON contours', content: {
      'image/png': { schema: z.string().openapi({ format: 'binary' }) }, 'image/tiff': { schema: z.string().openapi({ format: 'binary' }) },
      'application/geo+json': { schema: z.object({}).passthrough() } } },
    400: { description: 'Bad input', content: { 'application/json': { schema: errorSchema } } },
    422: { description: 'Nothing to smooth, or too many cells', content: { 'application/json': { schema: errorSchema } } },
  },
})

/**
 * Nodata in the GeoTIFF: the grid covers Cambodia's bounding box grown by the bandwidth (at most 20 km). With
 * per=area every cell has a density (0 where no incident lies within the kernel's reach, outside Cambodia too), so no
 * cell is nodata and the values integrate to the incidents. With per=population the rate is undefined where the
 * smoothed population is under 1 person per km² (sea, most of the neighbouring countries): those cells are NaN, the
 * nodata value.
 */
export const DENSITY_NODATA_RULE = 'nodata (NaN) only where the value is undefined: per=population where the smoothed population is under 1 person per km²; per=area has no nodata cell (0 is a real density of zero)'

export function densityRoutes({ db, version }: Deps) {
  return router().openapi(route, async (c) => {
    const { sidecar: wantSidecar, ...q } = c.req.valid('query')
    try {
      const filters = { from: q.from, to: q.to, criteria: q.criteria, access: c.get('access') }
      const { grid, meta } = await densityGrid(db, { ...q, filters })
      if (q.format === 'contours' && !wantSidecar) return c.body(densityContours(grid, meta, q.levels), 200, { 'content-type': 'application/geo+json' }) as any
      if (q.format === 'geotiff' || wantSidecar) {
        const prov = provenance(c, {
          title: `Kernel density (${q.kernel}, ${meta.unit}) in EPSG:32648`, format: q.format, version, data: await dataSummary(db, filters),
          method: { ...meta, per: q.per, crs: 'EPSG:32648', nodata: DENSITY_NODATA_RULE },
        })
        if (wantSidecar) return sidecar(c, prov, 'density') as any
        await audit(c, db, { action: 'export', entity: 'density', summary: { ...q, incidents: meta.incidents, bandwidth: meta.bandwidth } })
        const tiff = densityTiff(grid, {
          description: asciiJson(prov), software: `SafeVillage ${version}`,
          gdalMetadata: gdalMetadataXml(prov, { description: `Kernel density of incidents (${q.kernel}, bandwidth ${Math.round(meta.bandwidth)} m)`, unit: meta.unit.replace('²', '2') },
            { bandwidth_m: meta.bandwidth, bandwidth_rule: meta.bandwidth_rule_code, cell_m: meta.cell, kernel: q.kernel, per: q.per, unit: meta.unit.replace('²', '2'),
              masked_to_villages: meta.masked_to_villages, nodata: DENSITY_NODATA_RULE }),
        })
        return c.body(tiff as any, 200, { 'content-type': 'image/tiff', 'content-disposition': 'attachment; filename="density.tif"', 'x-density-meta': JSON.stringify(meta),
          ...provenanceHeaders(prov), 'access-control-expose-headers': 'x-density-meta, x-provenance, content-disposition' }) as any
      }
      return c.body(new Uint8Array(densityPng(grid, meta.scale_max)) as any, 200, { 'content-type': 'image/png', 'x-density-meta': JSON.stringify(meta), 'access-control-expose-headers': 'x-density-meta' }) as any
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(422, e.message, e.message.includes('cell') ? 'cell' : 'criteria')
      throw e
    }
  })
}

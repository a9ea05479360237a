import type { Db } from '../types.ts'
import { CellSums } from '../../domain/disclosure.ts'
import { incidentPoint, incidentWhere, maskedGroups, type IncidentFilters } from './filters.ts'

/** Weighted points in UTM 48N metres for a kernel density. */
export interface WeightedPoints {
  x: Float64Array
  y: Float64Array
  w: Float64Array
  total: number
}

/**
 * Incidents counted per cell-sized bin (PostGIS, UTM 48N), for the KDE to run on the bin centres. A protected
 * reader (viewer) instead gets one point per village (commune centroid for incidents placed only in a commune),
 * weighted by that village's published cell (NaN = withheld): the surface is built from the protected table.
 */
export async function incidentBins(db: Db, cell: number, f: IncidentFilters): Promise<WeightedPoints & { published: boolean }> {
  const params: unknown[] = []
  if (f.access.k > 0) {
    const rows = await db.query<{ x: number; y: number; n: number; ks: number }>(
      `SELECT ST_X(t) AS x, ST_Y(t) AS y, n, ks FROM (SELECT ST_Transform(place, 32648) AS t, n, ks FROM (${maskedGroups(f, params)}) m) s`,
      params,
    )
    const cells = new CellSums(rows.length)
    rows.forEach((r, i) => {
      cells.add(i, Number(r.n), Number(r.ks))
    })
    const w = cells.values(f.access.k)
    return { x: Float64Array.from(rows, (r) => r.x), y: Float64Array.from(rows, (r) => r.y), w, total: NaN, published: true }
  }
  const pt = incidentPoint(f.access, 'aggregate')
  const where = `${incidentWhere(f, params, 'i', { geom: pt.geom })} AND ${pt.keep}`
  const rows = await db.query<{ ci: number; cj: number; w: number }>(
    `WITH pts AS MATERIALIZED (SELECT ST_X(g) AS x, ST_Y(g) AS y FROM (SELECT ST_Transform(${pt.geom}, 32648) AS g FROM incidents i ${pt.join} WHERE ${where}) s)
     SELECT floor(x / ${Number(cell)})::int AS ci, floor(y / ${Number(cell)})::int AS cj, count(*)::float8 AS w FROM pts GROUP BY 1, 2`,
    params,
  )
  return binned(rows, cell, false)
}

/** Estimated village population per cell-sized bin (the denominator of per=population). */
export async function populationBins(db: Db, cell: number): Promise<WeightedPoints> {
  const rows = await db.query<{ ci: number; cj: number; w: number }>(
    `WITH pts AS MATERIALIZED (SELECT ST_X(g) AS x, ST_Y(g) AS y, w FROM (SELECT ST_Transform(v.geom, 32648) AS g, v.population_est::float8 AS w
       FROM villages v WHERE v.geom IS NOT NULL AND v.population_est > 0) s)
     SELECT floor(x / ${Number(cell)})::int AS ci, floor(y / ${Number(cell)})::int AS cj, sum(w)::float8 AS w FROM pts GROUP BY 1, 2`,
  )
  return binned(rows, cell, false)
}

function binned(rows: { ci: number; cj: number; w: number }[], cell: number, published: boolean) {
  return {
    x: Float64Array.from(rows, (r) => (r.ci + 0.5) * cell),
    y: Float64Array.from(rows, (r) => (r.cj + 0.5) * cell),
    w: Float64Array.from(rows, (r) => Number(r.w)),
    total: rows.reduce((s, r) => s + Number(r.w), 0),
    published,
  }
}

/** Cambodia's extent in UTM 48N metres (the density grid's frame). */
export async function cambodiaExtent(db: Db): Promise<{ x0: number; y0: number; x1: number; y1: number }> {
  const [ext] = await db.query<{ x0: number; y0: number; x1: number; y1: number }>(
    `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
     FROM (SELECT ST_Extent(ST_Transform(geom_simple, 32648))::geometry AS e FROM areas WHERE level = 'province') s`,
  )
  return ext
}

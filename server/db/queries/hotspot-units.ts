import type { Db, Queryable } from '../types.ts'
import { areaColumn, incidentPoint, incidentWhere, TZ, type IncidentFilters } from './filters.ts'

/**
 * Analysis units with their incident counts, aggregated in PostGIS so raw points never leave the database.
 * Coordinates are UTM 48N metres (EPSG:32648); `geometry` is the unit's GeoJSON in WGS84 for the map.
 */
export interface UnitTable {
  codes: string[]
  names: { en: string; km: string | null }[] | null
  /** For grid cells: the commune under the cell's centre, to name it in tooltips. */
  places?: { en: string; km: string | null }[]
  x: Float64Array
  y: Float64Array
  count: Float64Array
  population: Float64Array // NaN where unknown
  geometry: string[]
  /** Counts per time step (unit-major, codes.length × steps), when asked for. */
  series?: { steps: string[]; values: Float64Array }
}

export type UnitKind = 'hex' | 'square' | 'commune' | 'village'
export type TimeStep = 'month' | 'quarter'

const CAMBODIA = 'ST_Transform(ST_MakeEnvelope(102.3, 10.4, 107.7, 14.7, 4326), 32648)'

function stepExpr(step: TimeStep, alias = 'i') {
  return `to_char(date_trunc('${step}', ${alias}.occurred_at AT TIME ZONE '${TZ}'), 'YYYY-MM')`
}

/** Every step label from the first to the last period of the filter (or of the data). */
async function stepLabels(q: Queryable, f: IncidentFilters, step: TimeStep): Promise<string[]> {
  const params: unknown[] = []
  const [r] = await q.query<{ a: string | null; b: string | null }>(
    `SELECT min(${stepExpr(step)}) AS a, max(${stepExpr(step)}) AS b FROM incidents i WHERE ${incidentWhere(f, params)}`, params)
  const first = f.from ? f.from.slice(0, 7) : r.a, last = f.to ? f.to.slice(0, 7) : r.b
  if (!first || !last) return []
  const out: string[] = []
  let [y, m] = first.split('-').map(Number)
  if (step === 'quarter') m = Math.floor((m - 1) / 3) * 3 + 1
  const [y1, m1] = last.split('-').map(Number)
  while (y < y1 || (y === y1 && m <= m1)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m += step === 'month' ? 1 : 3
    if (m > 12) { m -= 12; y++ }
  }
  return out
}

export async function loadUnits(db: Db, kind: UnitKind, size: number, f: IncidentFilters, step?: TimeStep): Promise<UnitTable> {
  return db.tx(async (q) => {
    const steps = step ? await stepLabels(q, f, step) : null
    const scope = f.access.scope
    const units = kind === 'hex' || kind === 'square' ? await gridUnits(q, kind, size, scope) : await adminUnits(q, kind, scope)
    const params: unknown[] = []
    const pt = incidentPoint(f.access, 'aggregate')
    const where = `${incidentWhere(f, params, 'i', { geom: pt.geom })} AND ${pt.keep}`
    const s = step ? stepExpr(step) : 'NULL'
    const counts = await q.query<{ code: string; s: string | null; n: number }>(kind === 'hex' || kind === 'square'
      ? `WITH pts AS MATERIALIZED (SELECT ST_X(t) AS x, ST_Y(t) AS y, s FROM (SELECT ST_Transform(${pt.geom}, 32648) AS t, ${s} AS s FROM incidents i ${pt.join} WHERE ${where}) q)
         SELECT c.k::text AS code, a.s, count(*)::int AS n FROM (${cellOf(kind, size, 'pts', 's')}) a
         JOIN sv_cells c ON c.i = a.ci AND c.j = a.cj GROUP BY 1, 2`
      : `SELECT ${kind === 'commune' ? 'i.commune_code' : 'i.village_code'} AS code, ${s} AS s, count(*)::int AS n
         FROM incidents i ${pt.join} WHERE ${where} GROUP BY 1, 2`, params)
    const index = new Map(units.codes.map((c, i) => [c, i]))
    const n = units.codes.length
    const count = new Float64Array(n)
    const stepIndex = new Map((steps ?? []).map((s, t) => [s, t]))
    const T = steps?.length ?? 0
    const series = steps ? new Float64Array(n * T) : undefined
    for (const r of counts) {
      const i = index.get(r.code)
      if (i == null) continue
      count[i] += r.n
      if (series && r.s != null) { const t = stepIndex.get(r.s); if (t != null) series[i * T + t] += r.n }
    }
    return { ...units, count, ...(steps && series ? { series: { steps, values: series } } : {}) }
  })
}

type Base = Omit<UnitTable, 'count' | 'series'>

/**
 * The (i, j) of the ST_SquareGrid / ST_HexagonGrid cell holding each point of `src` (columns x, y in metres),
 * by arithmetic instead of a spatial join. Squares: floor(x/s), floor(y/s). Hexagons (PostGIS layout, flat-topped,
 * edge s): centres at (1.5 s i, √3 s (j + (i mod 2)/2)); the cell is the nearest centre among the two columns
 * that can hold x. `carry` is a column passed through.
 */
export function cellOf(kind: 'hex' | 'square', size: number, src: string, carry: string): string {
  const sz = Number(size)
  if (!(sz > 0)) throw new RangeError('cell size must be positive')
  if (kind === 'square') return `SELECT floor(x / ${sz})::bigint AS ci, floor(y / ${sz})::bigint AS cj, ${carry} FROM ${src}`
  // Constants as float literals, so every operation stays in float8.
  const h = (Math.sqrt(3) * sz).toPrecision(17), w = (1.5 * sz).toPrecision(17)
  const centreY = (col: string, row: string) => `${h}::float8 * (${row} + (${col} % 2)::float8 / 2)`
  return `SELECT CASE WHEN d0 <= d1 THEN a0 ELSE a0 + 1 END AS ci, CASE WHEN d0 <= d1 THEN b0 ELSE b1 END AS cj, ${carry} FROM (
      SELECT a0, b0, b1, ${carry},
        (x - ${w}::float8 * a0) ^ 2 + (y - ${centreY('a0', 'b0')}) ^ 2 AS d0,
        (x - ${w}::float8 * (a0 + 1)) ^ 2 + (y - ${centreY('(a0 + 1)', 'b1')}) ^ 2 AS d1
      FROM (SELECT x, y, a0, ${carry}, round(y / ${h}::float8 - (a0 % 2)::float8 / 2)::bigint AS b0,
              round(y / ${h}::float8 - ((a0 + 1) % 2)::float8 / 2)::bigint AS b1
            FROM (SELECT x, y, ${carry}, floor(x / ${w}::float8)::bigint AS a0 FROM ${src}) s1) s2) s3`
}

const toTable = (rows: { code: string; x: number; y: number; pop: number | null; geometry: string; name_en?: string; name_km?: string | null }[], named: boolean): Base => ({
  codes: rows.map((r) => r.code),
  names: named ? rows.map((r) => ({ en: r.name_en!, km: r.name_km ?? null })) : null,
  x: Float64Array.from(rows, (r) => r.x), y: Float64Array.from(rows, (r) => r.y),
  population: Float64Array.from(rows, (r) => (r.pop == null ? NaN : r.pop)),
  geometry: rows.map((r) => r.geometry),
})

/**
 * Hexagons or squares of `size` metres (PostGIS ST_HexagonGrid / ST_SquareGrid in UTM 48N) that touch Cambodia
 * (or the officer's area), zeros included, in a temporary table for the count join; population is the sum of the
 * villages' estimates inside.
 */
async function gridUnits(q: Queryable, kind: 'hex' | 'square', size: number, scope: string | null): Promise<Base> {
  const fn = kind === 'hex' ? 'ST_HexagonGrid' : 'ST_SquareGrid'
  await q.exec('DROP TABLE IF EXISTS sv_cells')
  const region = scope
    // The area's polygon and its incidents' points (some lie just outside it), so every incident has its cell.
    ? `SELECT ST_Transform(ST_Collect(g.geom, (SELECT ST_Collect(i.geom) FROM incidents i WHERE i.${areaColumn(scope)} = $2)), 32648) AS g
       FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by) WHERE a.code = $2`
    : `SELECT ST_Transform(ST_Union(geom_simple), 32648) AS g FROM areas WHERE level = 'province'`
  await q.query(
    `CREATE TEMP TABLE sv_cells ON COMMIT DROP AS
     WITH country AS (${region})
     SELECT (row_number() OVER (ORDER BY g.j, g.i))::int AS k, g.i::bigint AS i, g.j::bigint AS j, g.geom
     FROM country CROSS JOIN LATERAL ${fn}($1, ${scope ? 'country.g' : CAMBODIA}) g WHERE ST_Intersects(g.geom, country.g)`, scope ? [size, scope] : [size])
  await q.exec('CREATE UNIQUE INDEX ON sv_cells (i, j); ANALYZE sv_cells')
  // Villages fall into cells by arithmetic on their UTM coordinates (see cellOf), in one pass.
  const rows = await q.query<{ code: string; x: number; y: number; pop: number | null; geometry: string; place_en: string | null; place_km: string | null }>(
    `WITH pts AS MATERIALIZED (SELECT ST_X(t) AS x, ST_Y(t) AS y, w FROM (SELECT ST_Transform(v.geom, 32648) AS t, v.population_est AS w
                  FROM villages v WHERE v.geom IS NOT NULL) s),
     pop AS (SELECT c.k, sum(w)::float8 AS pop FROM (${cellOf(kind, size, 'pts', 'w')}) a JOIN sv_cells c ON c.i = a.ci AND c.j = a.cj GROUP BY c.k)
     SELECT c.k::text AS code, ST_X(ST_Centroid(c.geom)) AS x, ST_Y(ST_Centroid(c.geom)) AS y, pop.pop,
       ST_AsGeoJSON(ST_Transform(c.geom, 4326), 6) AS geometry, nm.name_en AS place_en, nm.name_km AS place_km
     FROM sv_cells c LEFT JOIN pop ON pop.k = c.k
     LEFT JOIN LATERAL (SELECT a.name_en, a.name_km FROM areas a WHERE a.level = 'commune' AND a.geom IS NOT NULL
       AND ST_Intersects(a.geom, ST_Transform(ST_Centroid(c.geom), 4326)) ORDER BY a.code LIMIT 1) nm ON true
     ORDER BY c.k`)
  return { ...toTable(rows, false), places: rows.map((r) => ({ en: r.place_en ?? '', km: r.place_km })) }
}

const inScope = (col: string, scope: string | null) => (scope ? `${col} LIKE '${scope.replace(/\D/g, '')}%'` : 'true')

/** Communes (with a polygon, or located through the polygon covering them) or villages with a point, in the scope. */
async function adminUnits(q: Queryable, kind: 'commune' | 'village', scope: string | null): Promise<Base> {
  if (kind === 'commune') {
    const rows = await q.query<{ code: string; x: number; y: number; pop: number | null; geometry: string; name_en: string; name_km: string | null }>(
      `SELECT a.code, a.name_en, a.name_km, a.population AS pop,
         ST_X(ST_Transform(g.centroid, 32648)) AS x, ST_Y(ST_Transform(g.centroid, 32648)) AS y,
         ST_AsGeoJSON(g.geom_simple, 6) AS geometry
       FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by)
       WHERE a.level = 'commune' AND ${inScope('a.code', scope)} ORDER BY a.code`)
    return toTable(rows, true)
  }
  const rows = await q.query<{ code: string; x: number; y: number; pop: number | null; geometry: string; name_en: string; name_km: string | null }>(
    `SELECT v.code, v.name_en, v.name_km, v.population_est AS pop,
       ST_X(ST_Transform(v.geom, 32648)) AS x, ST_Y(ST_Transform(v.geom, 32648)) AS y, ST_AsGeoJSON(v.geom, 6) AS geometry
     FROM villages v WHERE v.geom IS NOT NULL AND ${inScope('v.code', scope)} ORDER BY v.code`)
  return toTable(rows, true)
}

/** Commune polygons in UTM 48N metres, as flat rings, for queen contiguity (same order as the commune units). */
export async function communeRings(q: Queryable, scope: string | null): Promise<Float64Array[][]> {
  const rows = await q.query<{ g: string }>(
    `SELECT ST_AsGeoJSON(ST_Transform(g.geom_simple, 32648), 2) AS g
     FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by)
     WHERE a.level = 'commune' AND ${inScope('a.code', scope)} ORDER BY a.code`)
  return rows.map((r) => {
    const geo = JSON.parse(r.g)
    const polys: number[][][][] = geo.type === 'Polygon' ? [geo.coordinates] : geo.coordinates
    return polys.flatMap((p) => p.map((ring) => Float64Array.from(ring.flat())))
  })
}

/** Distinct incident locations (snapped to 1e-5°) in UTM 48N metres: an aggregate, not the raw incidents. */
export async function incidentLocations(db: Db, f: IncidentFilters): Promise<{ x: Float64Array; y: Float64Array }> {
  const params: unknown[] = []
  const pt = incidentPoint(f.access, 'aggregate')
  const rows = await db.query<{ x: number; y: number }>(
    `SELECT ST_X(t) AS x, ST_Y(t) AS y FROM (SELECT ST_Transform(g, 32648) AS t
       FROM (SELECT DISTINCT ST_SnapToGrid(${pt.geom}, 1e-5) AS g FROM incidents i ${pt.join}
             WHERE ${incidentWhere(f, params, 'i', { geom: pt.geom })} AND ${pt.keep}) s) u`, params)
  return { x: Float64Array.from(rows, (r) => r.x), y: Float64Array.from(rows, (r) => r.y) }
}

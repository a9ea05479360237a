import type { Db, Queryable } from '../types.ts'
import { CellSums } from '../../domain/disclosure.ts'
import { areaColumn, fullyMasked, incidentPoint, incidentWhere, KEY_SUM, maskedGroups, TZ, type IncidentFilters } from './filters.ts'

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
  /** Incidents per unit: published cells for a protected reader (NaN = withheld), else raw counts. */
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
    `SELECT min(${stepExpr(step)}) AS a, max(${stepExpr(step)}) AS b FROM incidents i WHERE ${incidentWhere(f, params)}`,
    params,
  )
  const first = f.from ? f.from.slice(0, 7) : r.a,
    last = f.to ? f.to.slice(0, 7) : r.b
  if (!first || !last) return []
  const out: string[] = []
  let [y, m] = first.split('-').map(Number)
  if (step === 'quarter') m = Math.floor((m - 1) / 3) * 3 + 1
  const [y1, m1] = last.split('-').map(Number)
  while (y < y1 || (y === y1 && m <= m1)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m += step === 'month' ? 1 : 3
    if (m > 12) {
      m -= 12
      y++
    }
  }
  return out
}

/**
 * The units with their incident counts. The units depend only on the geography, so they come from a cache
 * (unitsFor); a request itself only counts incidents, in queries that never hold a transaction: PGlite's single
 * queue serves other requests between them.
 */
export async function loadUnits(db: Db, kind: UnitKind, size: number, f: IncidentFilters, step?: TimeStep): Promise<UnitTable> {
  const steps = step ? await stepLabels(db, f, step) : null
  const scope = f.access.scope
  const grid = kind === 'hex' || kind === 'square'
  const params: unknown[] = []
  const pt = incidentPoint(f.access, 'aggregate')
  const where = `${incidentWhere(f, params, 'i', { geom: pt.geom })} AND ${pt.keep}`
  const s = step ? stepExpr(step) : 'NULL'
  // Fully masked (viewers): incidents grouped by their shown place first, then gridded (maskedGroups).
  const gp: unknown[] = [],
    grouped = grid && fullyMasked(f)
  const counts = await db.query<{ code: string | null; ci: number | null; cj: number | null; s: string | null; n: number; ks: number }>(
    grouped
      ? `WITH pts AS MATERIALIZED (SELECT ST_X(t) AS x, ST_Y(t) AS y, s, n, ks FROM (SELECT ST_Transform(place, 32648) AS t, s, n, ks FROM (${maskedGroups(f, gp, s)}) m) q)
       SELECT NULL AS code, a.ci::int AS ci, a.cj::int AS cj, a.s, sum(a.n)::int AS n, (sum(a.ks::bigint) % 2147483648)::float8 AS ks
       FROM (${cellOf(kind, size, 'pts', 's, n, ks')}) a GROUP BY 2, 3, 4`
      : grid
        ? `WITH pts AS MATERIALIZED (SELECT ST_X(t) AS x, ST_Y(t) AS y, s, rkey FROM (SELECT ST_Transform(${pt.geom}, 32648) AS t, ${s} AS s, i.rkey FROM incidents i ${pt.join} WHERE ${where}) q)
       SELECT NULL AS code, a.ci::int AS ci, a.cj::int AS cj, a.s, count(*)::int AS n, (sum(a.rkey::bigint) % 2147483648)::float8 AS ks
       FROM (${cellOf(kind, size, 'pts', 's, rkey')}) a GROUP BY 2, 3, 4`
        : `SELECT ${kind === 'commune' ? 'i.commune_code' : 'i.village_code'} AS code, NULL::int AS ci, NULL::int AS cj, ${s} AS s, count(*)::int AS n, ${KEY_SUM} AS ks
       FROM incidents i ${pt.join} WHERE ${where} GROUP BY 1, 4`,
    grouped ? gp : params,
  )
  let units = await unitsFor(db, kind, size, scope)
  const at = (u: CachedUnits, r: (typeof counts)[number]) =>
    grid ? u.cell!.get(cellKey(Number(r.ci), Number(r.cj))) : u.index.get(r.code!)
  // An officer's grid also covers the area's incidents outside its polygon: one in a cell outside the cached grid
  // (and not already known to be outside after a rebuild) means incidents were added since: build it again, once.
  const outside = (u: CachedUnits) => counts.filter((r) => at(u, r) == null).map((r) => cellKey(Number(r.ci), Number(r.cj)))
  if (grid && scope && outside(units).some((key) => !units.outside?.has(key))) {
    units = await unitsFor(db, kind, size, scope, true)
    units.outside = new Set(outside(units))
  }
  const n = units.codes.length
  const count = new CellSums(n)
  const stepIndex = new Map((steps ?? []).map((s, t) => [s, t]))
  const T = steps?.length ?? 0
  const series = steps ? new CellSums(n * T) : undefined
  for (const r of counts) {
    const i = at(units, r)
    if (i == null) continue
    count.add(i, Number(r.n), Number(r.ks))
    if (series && r.s != null) {
      const t = stepIndex.get(r.s)
      if (t != null) series.add(i * T + t, Number(r.n), Number(r.ks))
    }
  }
  // A protected reader (viewer) gets each unit's (and unit-step's) published cell; NaN = withheld.
  const k = f.access.k
  const { index: _index, cell: _cell, outside: _outside, ...base } = units
  return { ...base, count: count.values(k), ...(steps && series ? { series: { steps, values: series.values(k) } } : {}) }
}

type Base = Omit<UnitTable, 'count' | 'series'>
interface CachedUnits extends Base {
  index: Map<string, number>
  cell?: Map<number, number>
  outside?: Set<number>
}

const cellKey = (i: number, j: number) => i * 4_194_304 + j // |i|, |j| < 2^21 for any cell of 100 m or more

// Units per database, by (kind, size, scope, geography version); least recently used dropped past CACHE_UNITS.
const unitCache = new WeakMap<Db, Map<string, { p: Promise<CachedUnits>; n: number }>>()
const CACHE_UNITS = 150_000

/** Cached analysis units (they depend only on the geography); `fresh` builds them again. */
export async function unitsFor(db: Db, kind: UnitKind, size: number, scope: string | null, fresh = false): Promise<CachedUnits> {
  const [geo] = await db.query<{ v: string | null }>(`SELECT md5(value::text) AS v FROM dataset_meta WHERE key = 'geography'`)
  const key = `${kind}:${kind === 'hex' || kind === 'square' ? size : 0}:${scope ?? ''}:${geo?.v ?? ''}`
  let cache = unitCache.get(db)
  if (!cache) unitCache.set(db, (cache = new Map()))
  let entry = fresh ? undefined : cache.get(key)
  if (entry) {
    cache.delete(key)
    cache.set(key, entry) // most recently used last
    return entry.p
  }
  const e = {
    n: 0,
    p: (kind === 'hex' || kind === 'square' ? gridUnits(db, kind, size, scope) : adminUnits(db, kind, scope)).then(
      (b): CachedUnits => ({ ...b, index: new Map(b.codes.map((c, i) => [c, i])) }),
    ),
  }
  entry = e
  cache.set(key, e)
  e.p.then(
    (u) => {
      e.n = u.codes.length
      let total = 0
      for (const v of cache.values()) total += v.n
      for (const [k2, v] of cache) {
        if (total <= CACHE_UNITS || v === e) break
        total -= v.n
        cache.delete(k2)
      }
    },
    () => {
      if (cache.get(key) === e) cache.delete(key)
    },
  )
  return e.p
}

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
  const h = (Math.sqrt(3) * sz).toPrecision(17),
    w = (1.5 * sz).toPrecision(17)
  const centreY = (col: string, row: string) => `${h}::float8 * (${row} + (${col} % 2)::float8 / 2)`
  return `SELECT CASE WHEN d0 <= d1 THEN a0 ELSE a0 + 1 END AS ci, CASE WHEN d0 <= d1 THEN b0 ELSE b1 END AS cj, ${carry} FROM (
      SELECT a0, b0, b1, ${carry},
        (x - ${w}::float8 * a0) ^ 2 + (y - ${centreY('a0', 'b0')}) ^ 2 AS d0,
        (x - ${w}::float8 * (a0 + 1)) ^ 2 + (y - ${centreY('(a0 + 1)', 'b1')}) ^ 2 AS d1
      FROM (SELECT x, y, a0, ${carry}, round(y / ${h}::float8 - (a0 % 2)::float8 / 2)::bigint AS b0,
              round(y / ${h}::float8 - ((a0 + 1) % 2)::float8 / 2)::bigint AS b1
            FROM (SELECT x, y, ${carry}, floor(x / ${w}::float8)::bigint AS a0 FROM ${src}) s1) s2) s3`
}

const toTable = (
  rows: { code: string; x: number; y: number; pop: number | null; geometry: string; name_en?: string; name_km?: string | null }[],
  named: boolean,
): Base => ({
  codes: rows.map((r) => r.code),
  names: named ? rows.map((r) => ({ en: r.name_en!, km: r.name_km ?? null })) : null,
  x: Float64Array.from(rows, (r) => r.x),
  y: Float64Array.from(rows, (r) => r.y),
  population: Float64Array.from(rows, (r) => (r.pop == null ? NaN : r.pop)),
  geometry: rows.map((r) => r.geometry),
})

/**
 * Hexagons or squares of `size` metres (PostGIS ST_HexagonGrid / ST_SquareGrid in UTM 48N) that touch Cambodia
 * (or the officer's area), zeros included, numbered by (j, i); population is the sum of the villages' estimates
 * inside. Built in bands of about GRID_CHUNK cells, one short query each, so no query holds the database for long.
 */
async function gridUnits(
  db: Db,
  kind: 'hex' | 'square',
  size: number,
  scope: string | null,
): Promise<Base & { cell: Map<number, number> }> {
  const fn = kind === 'hex' ? 'ST_HexagonGrid' : 'ST_SquareGrid'
  // The region (as WKB) and the grid's bounds: Cambodia's envelope, or the officer's area with its incidents' points.
  const [region] = await db.query<{ wkb: Uint8Array; x0: number; y0: number; x1: number; y1: number }>(
    scope
      ? `SELECT ST_AsBinary(r) AS wkb, ST_XMin(r) AS x0, ST_YMin(r) AS y0, ST_XMax(r) AS x1, ST_YMax(r) AS y1 FROM (
         SELECT ST_Transform(ST_Collect(g.geom, (SELECT ST_Collect(i.geom) FROM incidents i WHERE i.${areaColumn(scope)} = $1)), 32648) AS r
         FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by) WHERE a.code = $1) s`
      : `SELECT ST_AsBinary(r) AS wkb, ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM
         (SELECT ST_Transform(ST_Union(geom_simple), 32648) AS r FROM areas WHERE level = 'province') s, (SELECT ${CAMBODIA} AS e) b`,
    scope ? [scope] : [],
  )
  if (!region?.wkb) return { ...toTable([], false), places: [], cell: new Map() }
  const x0 = Number(region.x0),
    y0 = Number(region.y0),
    x1 = Number(region.x1),
    y1 = Number(region.y1)
  const colW = kind === 'hex' ? 1.5 * size : size,
    rowH = kind === 'hex' ? Math.sqrt(3) * size : size
  const bandH = Math.max(1, Math.floor(GRID_CHUNK / Math.max(1, Math.ceil((x1 - x0) / colW)))) * rowH
  type Cell = { i: number; j: number; x: number; y: number; geometry: string; place_en: string | null; place_km: string | null }
  const seen = new Map<number, Cell>()
  for (let b0 = y0; b0 < y1; b0 += bandH) {
    const rows = await db.query<Cell>(
      `WITH region AS MATERIALIZED (SELECT ST_GeomFromWKB($2, 32648) AS r),
       cells AS (SELECT g.i, g.j, g.geom FROM region, ${fn}($1, ST_MakeEnvelope($3, $4, $5, $6, 32648)) g WHERE ST_Intersects(g.geom, region.r))
       SELECT c.i::int AS i, c.j::int AS j, ST_X(ST_Centroid(c.geom)) AS x, ST_Y(ST_Centroid(c.geom)) AS y,
         ST_AsGeoJSON(ST_Transform(c.geom, 4326), 6) AS geometry, nm.name_en AS place_en, nm.name_km AS place_km
       FROM cells c LEFT JOIN LATERAL (SELECT a.name_en, a.name_km FROM areas a WHERE a.level = 'commune' AND a.geom IS NOT NULL
         AND ST_Intersects(a.geom, ST_Transform(ST_Centroid(c.geom), 4326)) ORDER BY a.code LIMIT 1) nm ON true`,
      [size, region.wkb, x0, b0, x1, Math.min(y1, b0 + bandH)],
    )
    for (const r of rows) {
      const key = cellKey(Number(r.i), Number(r.j))
      if (!seen.has(key)) seen.set(key, r)
    }
  }
  const cells = [...seen.values()].sort((a, b) => a.j - b.j || a.i - b.i)
  const cell = new Map(cells.map((c, k) => [cellKey(Number(c.i), Number(c.j)), k]))
  // Villages fall into cells by arithmetic on their UTM coordinates (see cellOf), in one pass.
  const pops = await db.query<{ ci: number; cj: number; pop: number | null }>(
    `WITH pts AS MATERIALIZED (SELECT ST_X(t) AS x, ST_Y(t) AS y, w FROM (SELECT ST_Transform(v.geom, 32648) AS t, v.population_est AS w
                  FROM villages v WHERE v.geom IS NOT NULL) s)
     SELECT a.ci::int AS ci, a.cj::int AS cj, sum(w)::float8 AS pop FROM (${cellOf(kind, size, 'pts', 'w')}) a GROUP BY 1, 2`,
  )
  const pop = new Map<number, number | null>()
  for (const r of pops) {
    const k = cell.get(cellKey(Number(r.ci), Number(r.cj)))
    if (k != null) pop.set(k, r.pop == null ? null : Number(r.pop))
  }
  const table = toTable(
    cells.map((c, k) => ({ code: String(k + 1), x: Number(c.x), y: Number(c.y), pop: pop.get(k) ?? null, geometry: c.geometry })),
    false,
  )
  return { ...table, places: cells.map((c) => ({ en: c.place_en ?? '', km: c.place_km })), cell }
}

/** Cells per grid query while building a grid. */
const GRID_CHUNK = 2_000

const inScope = (col: string, scope: string | null) => (scope ? `${col} LIKE '${scope.replace(/\D/g, '')}%'` : 'true')

/** Communes (with a polygon, or located through the polygon covering them) or villages with a point, in the scope. */
async function adminUnits(q: Queryable, kind: 'commune' | 'village', scope: string | null): Promise<Base> {
  if (kind === 'commune') {
    const rows = await q.query<{
      code: string
      x: number
      y: number
      pop: number | null
      geometry: string
      name_en: string
      name_km: string | null
    }>(
      `SELECT a.code, a.name_en, a.name_km, a.population AS pop,
         ST_X(ST_Transform(g.centroid, 32648)) AS x, ST_Y(ST_Transform(g.centroid, 32648)) AS y,
         ST_AsGeoJSON(g.geom_simple, 6) AS geometry
       FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by)
       WHERE a.level = 'commune' AND ${inScope('a.code', scope)} ORDER BY a.code`,
    )
    return toTable(rows, true)
  }
  const rows = await q.query<{
    code: string
    x: number
    y: number
    pop: number | null
    geometry: string
    name_en: string
    name_km: string | null
  }>(
    `SELECT v.code, v.name_en, v.name_km, v.population_est AS pop,
       ST_X(ST_Transform(v.geom, 32648)) AS x, ST_Y(ST_Transform(v.geom, 32648)) AS y, ST_AsGeoJSON(v.geom, 6) AS geometry
     FROM villages v WHERE v.geom IS NOT NULL AND ${inScope('v.code', scope)} ORDER BY v.code`,
  )
  return toTable(rows, true)
}

/** Commune polygons in UTM 48N metres, as flat rings, for queen contiguity (same order as the commune units). */
export async function communeRings(q: Queryable, scope: string | null): Promise<Float64Array[][]> {
  const rows = await q.query<{ g: string }>(
    `SELECT ST_AsGeoJSON(ST_Transform(g.geom_simple, 32648), 2) AS g
     FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by)
     WHERE a.level = 'commune' AND ${inScope('a.code', scope)} ORDER BY a.code`,
  )
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
    fullyMasked(f)
      ? `SELECT ST_X(t) AS x, ST_Y(t) AS y FROM (SELECT ST_Transform(g, 32648) AS t
       FROM (SELECT DISTINCT ST_SnapToGrid(place, 1e-5) AS g FROM (${maskedGroups(f, params)}) m) s) u`
      : `SELECT ST_X(t) AS x, ST_Y(t) AS y FROM (SELECT ST_Transform(g, 32648) AS t
       FROM (SELECT DISTINCT ST_SnapToGrid(${pt.geom}, 1e-5) AS g FROM incidents i ${pt.join}
             WHERE ${incidentWhere(f, params, 'i', { geom: pt.geom })} AND ${pt.keep}) s) u`,
    params,
  )
  return { x: Float64Array.from(rows, (r) => r.x), y: Float64Array.from(rows, (r) => r.y) }
}

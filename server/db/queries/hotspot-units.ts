import type { Db, Queryable } from '../types.ts'
import { CAMBODIA_BBOX, EPSG_UTM48N, EPSG_WGS84 } from '../../../common/geo.ts'
import { monthList, periodOf } from '../../../common/periods.ts'
import { CellSums } from '../../domain/disclosure.ts'
import { cellKey, cellKeys } from '../../analysis/grid-cells.ts'
import { areaColumn, incidentPoint, incidentWhere, KEY_SUM, TZ, type IncidentFilters } from './filters.ts'
import { gridPoints, type GridPoints } from './grid-points.ts'

/**
 * Analysis units with their incident counts. Only aggregates leave the server: grid counts read incidents' stored UTM
 * positions (masked criteria already grouped at their village point in SQL, see grid-points.ts).
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

const CAMBODIA = `ST_Transform(ST_MakeEnvelope(${CAMBODIA_BBOX.join(', ')}, ${EPSG_WGS84}), ${EPSG_UTM48N})`

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
  // A quarter's label is its first month: every third month from the first quarter's start.
  const start = step === 'quarter' ? periodOf('quarter', `${first}-01`).from : first
  return monthList(start, last).filter((_, i) => step === 'month' || i % 3 === 0)
}

/**
 * The units with their incident counts. The units depend only on the geography, so they come from a cache
 * (unitsFor); a request itself only counts incidents, in queries that never hold a transaction: PGlite's single
 * queue serves other requests between them. Grid cells count the incidents' stored UTM positions by arithmetic
 * (gridPoints, cellKeys); `points` passes ones already loaded for the same filters and step.
 */
export async function loadUnits(
  db: Db,
  kind: UnitKind,
  size: number,
  f: IncidentFilters,
  step?: TimeStep,
  points?: GridPoints,
): Promise<UnitTable> {
  const steps = step ? await stepLabels(db, f, step) : null
  const { code: scope, area } = analysisScope(f)
  const grid = kind === 'hex' || kind === 'square'
  const tally = grid ? await gridTally(db, kind, size, f, step, points) : await areaTally(db, kind, f, step)
  let units = await unitsFor(db, kind, size, scope, false, area)
  const at = (u: CachedUnits, e: number) => (grid ? u.cell!.get(tally.key[e] as number) : u.index.get(tally.key[e] as string))
  // An officer's grid also covers the area's incidents outside its polygon: one in a cell outside the cached grid
  // (and not already known to be outside after a rebuild) means incidents were added since: build it again, once.
  const outside = (u: CachedUnits) => {
    const keys = new Set<number>()
    for (let e = 0; e < tally.key.length; e++) if (at(u, e) == null) keys.add(tally.key[e] as number)
    return keys
  }
  if (grid && scope && !area && [...outside(units)].some((key) => !units.outside?.has(key))) {
    units = await unitsFor(db, kind, size, scope, true)
    units.outside = outside(units)
  }
  const n = units.codes.length
  const count = new CellSums(n)
  const stepIndex = new Map((steps ?? []).map((s, t) => [s, t]))
  const T = steps?.length ?? 0
  const series = steps ? new CellSums(n * T) : undefined
  for (let e = 0; e < tally.key.length; e++) {
    const i = at(units, e)
    if (i == null) continue
    count.add(i, tally.n[e], tally.ks[e])
    const s = tally.s?.[e]
    if (series && s != null) {
      const t = stepIndex.get(s)
      if (t != null) series.add(i * T + t, tally.n[e], tally.ks[e])
    }
  }
  // A protected reader (viewer) gets each unit's (and unit-step's) published cell; NaN = withheld.
  const k = f.access.k
  const { index: _index, cell: _cell, outside: _outside, ...base } = units
  return { ...base, count: count.values(k), ...(steps && series ? { series: { steps, values: series.values(k) } } : {}) }
}

/** Counted entries: the unit each falls in (cellKey or code), its incidents, key sum and step. */
interface Tally {
  key: ArrayLike<number | string>
  n: ArrayLike<number>
  ks: ArrayLike<number>
  s: (string | null)[] | null
}

/** Grid cells: the incidents' positions as the actor may see them (gridPoints), binned by arithmetic. */
async function gridTally(
  db: Db,
  kind: 'hex' | 'square',
  size: number,
  f: IncidentFilters,
  step?: TimeStep,
  points?: GridPoints,
): Promise<Tally> {
  const p = points ?? (await gridPoints(db, f, step && stepExpr(step)))
  return { key: cellKeys(kind, size, p.x, p.y), n: p.n, ks: p.ks, s: p.s }
}

/** Communes or villages: incidents counted by their code (masked ones too: a code is no point). */
async function areaTally(db: Db, kind: 'commune' | 'village', f: IncidentFilters, step?: TimeStep): Promise<Tally> {
  const params: unknown[] = []
  const pt = incidentPoint(f.access, 'aggregate')
  const where = `${incidentWhere(f, params, 'i', { geom: pt.geom })} AND ${pt.keep}`
  const rows = await db.query<{ code: string; s: string | null; n: number; ks: number }>(
    `SELECT ${kind === 'commune' ? 'i.commune_code' : 'i.village_code'} AS code, ${step ? stepExpr(step) : 'NULL'} AS s,
       count(*)::int AS n, ${KEY_SUM} AS ks
     FROM incidents i ${pt.join} WHERE ${where} GROUP BY 1, 2`,
    params,
  )
  return {
    key: rows.map((r) => r.code),
    n: rows.map((r) => Number(r.n)),
    ks: rows.map((r) => Number(r.ks)),
    s: step ? rows.map((r) => r.s) : null,
  }
}

/**
 * The region analysed: the requested area (`f.area`, inside the officer's scope: the access rule checks it), else
 * the officer's scope, else the country (null). `area` is true when it comes from the request: its grid holds
 * the cells whose centre lies in the area's polygon.
 */
export function analysisScope(f: IncidentFilters): { code: string | null; area: boolean } {
  return f.area ? { code: f.area, area: true } : { code: f.access.scope, area: false }
}

/** An area's code and names, for the analysis's `meta.scope`. */
export async function scopeNames(q: Queryable, code: string): Promise<{ code: string; name_en: string; name_km: string | null }> {
  const [r] = await q.query<{ name_en: string; name_km: string | null }>(
    `SELECT name_en, name_km FROM areas WHERE code = $1 UNION ALL SELECT name_en, name_km FROM villages WHERE code = $1 LIMIT 1`,
    [code],
  )
  return { code, name_en: r?.name_en ?? code, name_km: r?.name_km ?? null }
}

/** Points for grid counts (services/hotspots.ts loads them once for the automatic cell size and the count). */
export function gridPointsFor(db: Db, f: IncidentFilters, step?: TimeStep): Promise<GridPoints> {
  return gridPoints(db, f, step && stepExpr(step))
}

type Base = Omit<UnitTable, 'count' | 'series'>
interface CachedUnits extends Base {
  index: Map<string, number>
  cell?: Map<number, number>
  outside?: Set<number>
}

// Units per database, by (kind, size, scope, geography version); least recently used dropped past CACHE_UNITS.
const unitCache = new WeakMap<Db, Map<string, { p: Promise<CachedUnits>; n: number }>>()
const CACHE_UNITS = 150_000

/** The loaded geography's version (a hash of its dataset_meta record, which every load rewrites): caches key on it. */
export async function geographyVersion(q: Queryable): Promise<string> {
  const [geo] = await q.query<{ v: string | null }>(`SELECT md5(value::text) AS v FROM dataset_meta WHERE key = 'geography'`)
  return geo?.v ?? ''
}

/**
 * Cached analysis units (they depend only on the geography); `fresh` builds them again. `area`: a requested area's
 * grid, the cells whose centre lies in its polygon (an officer's grid also covers its incidents outside the polygon).
 */
export async function unitsFor(
  db: Db,
  kind: UnitKind,
  size: number,
  scope: string | null,
  fresh = false,
  area = false,
): Promise<CachedUnits> {
  const geo = await geographyVersion(db)
  const grid = kind === 'hex' || kind === 'square'
  const key = `${kind}:${grid ? size : 0}:${scope ?? ''}:${grid && area ? 'area' : ''}:${geo}`
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
    p: (grid ? gridUnits(db, kind, size, scope, geo, area) : adminUnits(db, kind, scope)).then(
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

type Region = { wkb: Uint8Array; x0: number; y0: number; x1: number; y1: number } | undefined

/**
 * An area's region (as WKB) and the grid's bounds: an officer's area with its incidents' points (they may lie
 * outside), or (`polygon`) the area's polygon alone.
 */
async function regionOf(db: Db, scope: string, polygon: boolean): Promise<Region> {
  const g = polygon ? 'g.geom' : `ST_Collect(g.geom, (SELECT ST_Collect(i.geom) FROM incidents i WHERE i.${areaColumn(scope)} = $1))`
  const [r] = await db.query<NonNullable<Region>>(
    `SELECT ST_AsBinary(r) AS wkb, ST_XMin(r) AS x0, ST_YMin(r) AS y0, ST_XMax(r) AS x1, ST_YMax(r) AS y1 FROM (
       SELECT ST_Transform(${g}, 32648) AS r
       FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by) WHERE a.code = $1) s`,
    [scope],
  )
  return r
}

// The country (the provinces' union) and Cambodia's envelope, per database and geography version: every grid size uses it.
const countryCache = new WeakMap<Db, { geo: string; p: Promise<Region> }>()
function country(db: Db, geo: string): Promise<Region> {
  const hit = countryCache.get(db)
  if (hit?.geo === geo) return hit.p
  const p = db
    .query<NonNullable<Region>>(
      `SELECT ST_AsBinary(r) AS wkb, ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM
       (SELECT ST_Transform(ST_Union(geom_simple), 32648) AS r FROM areas WHERE level = 'province') s, (SELECT ${CAMBODIA} AS e) b`,
    )
    .then((rows) => rows[0])
  countryCache.set(db, { geo, p })
  p.catch(() => countryCache.get(db)?.p === p && countryCache.delete(db))
  return p
}

/**
 * Hexagons or squares of `size` metres (PostGIS ST_HexagonGrid / ST_SquareGrid in UTM 48N) that touch Cambodia
 * (or the officer's area; for a requested area, `centred`: whose centre lies in its polygon, see MIN_CENTRED_CELLS), zeros included, numbered by (j, i); population is the sum of the villages' estimates
 * inside. Built in bands of about GRID_CHUNK cells, one short query each, so no query holds the database for long.
 */
async function gridUnits(
  db: Db,
  kind: 'hex' | 'square',
  size: number,
  scope: string | null,
  geo: string,
  centred = false,
): Promise<Base & { cell: Map<number, number> }> {
  const fn = kind === 'hex' ? 'ST_HexagonGrid' : 'ST_SquareGrid'
  const region = scope ? await regionOf(db, scope, centred) : await country(db, geo)
  if (!region?.wkb) return { ...toTable([], false), places: [], cell: new Map() }
  const x0 = Number(region.x0),
    y0 = Number(region.y0),
    x1 = Number(region.x1),
    y1 = Number(region.y1)
  const colW = kind === 'hex' ? 1.5 * size : size,
    rowH = kind === 'hex' ? Math.sqrt(3) * size : size
  const bandH = Math.max(1, Math.floor(GRID_CHUNK / Math.max(1, Math.ceil((x1 - x0) / colW)))) * rowH
  type Cell = {
    i: number
    j: number
    x: number
    y: number
    geometry: string
    place_en: string | null
    place_km: string | null
    inside: boolean
  }
  const seen = new Map<number, Cell>()
  for (let b0 = y0; b0 < y1; b0 += bandH) {
    const rows = await db.query<Cell>(
      `WITH region AS MATERIALIZED (SELECT ST_GeomFromWKB($2, 32648) AS r),
       cells AS (SELECT g.i, g.j, g.geom, ${scope && centred ? 'ST_Contains(region.r, ST_Centroid(g.geom))' : 'true'} AS inside
         FROM region, ${fn}($1, ST_MakeEnvelope($3, $4, $5, $6, 32648)) g WHERE ST_Intersects(g.geom, region.r))
       SELECT c.i::int AS i, c.j::int AS j, ST_X(ST_Centroid(c.geom)) AS x, ST_Y(ST_Centroid(c.geom)) AS y, c.inside,
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
  let cells = [...seen.values()].sort((a, b) => a.j - b.j || a.i - b.i)
  // A requested area: the cells centred in it, unless they are too few to analyse (an area about a cell's size).
  const centredCells = cells.filter((c) => c.inside)
  if (scope && centred && centredCells.length >= MIN_CENTRED_CELLS) cells = centredCells
  const cell = new Map(cells.map((c, k) => [cellKey(Number(c.i), Number(c.j)), k]))
  // Villages fall into cells by arithmetic on their stored UTM coordinates (cellKeys), in one pass.
  const [v] = await db.query<{ x: number[] | null; y: number[] | null; w: (number | null)[] | null }>(
    `SELECT array_agg(v.x_utm) AS x, array_agg(v.y_utm) AS y, array_agg(v.population_est) AS w FROM villages v WHERE v.x_utm IS NOT NULL`,
  )
  const vk = cellKeys(kind, size, Float64Array.from(v?.x ?? []), Float64Array.from(v?.y ?? []))
  const pop = new Map<number, number | null>() // a cell's villages' sum, null when none has an estimate
  vk.forEach((key, e) => {
    const k = cell.get(key)
    const w = v!.w![e]
    if (k != null) pop.set(k, w == null ? (pop.get(k) ?? null) : (pop.get(k) ?? 0) + Number(w))
  })
  const table = toTable(
    cells.map((c, k) => ({ code: String(k + 1), x: Number(c.x), y: Number(c.y), pop: pop.get(k) ?? null, geometry: c.geometry })),
    false,
  )
  return { ...table, places: cells.map((c) => ({ en: c.place_en ?? '', km: c.place_km })), cell }
}

/** Fewer cells centred in a requested area than this (the analyses' minimum): the cells touching it instead. */
const MIN_CENTRED_CELLS = 5

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

import { withinScope } from '../auth/roles.ts'
import type { Db } from '../db/types.ts'
import { type GazetteerVillage, loadGazetteerVillages, locatePoints } from '../db/queries/gazetteer.ts'
import { scopePolygons } from '../db/queries/import-stage.ts'
import type { IncidentInsert } from '../db/queries/insert-incidents.ts'
import type { RowError } from './parse.ts'
import type { CheckedRecord } from './validate.ts'
import { VillageIndex } from './village-index.ts'

export type Placed = IncidentInsert & { line: number }
/** A record waiting for a point look-up, and the index of its row in the output. */
type Pending = { rec: CheckedRecord; k: number }
/** The rows placed so far, and those whose own point still has to be looked up. */
interface Placing {
  out: Placed[]
  /** Exact points without a village: their commune and village come from the polygons. */
  toLocate: Pending[]
  /** Exact points of a named village, for an officer: they must lie in the officer's area. */
  named: Pending[]
}

// The geography does not change while the app runs: one index per database.
const indexes = new WeakMap<Db, Promise<VillageIndex>>()
export function villageIndex(db: Db): Promise<VillageIndex> {
  let p = indexes.get(db)
  if (!p) {
    p = loadGazetteerVillages(db).then((v) => new VillageIndex(v))
    indexes.set(db, p)
    p.catch(() => indexes.delete(db))
  }
  return p
}

/** Places one checked record (an edit): the row, or the first error. */
export async function placeRecord(db: Db, rec: CheckedRecord, scope: string | null): Promise<{ row: Placed } | { error: RowError }> {
  const errors: RowError[] = []
  const [row] = await resolvePlaces(db, [rec], errors, 'edit', scope)
  return row ? { row } : { error: errors[0] ?? { line: rec.line, field: 'village_code', message: 'cannot place the incident' } }
}

/** Places each record: at its own point (exact), at its village's point (village), or at its commune's centroid (commune). */
export async function resolvePlaces(
  db: Db,
  recs: CheckedRecord[],
  errors: RowError[],
  defaultSource: string,
  scope: string | null,
): Promise<Placed[]> {
  const index = await villageIndex(db)
  const s: Placing = { out: [], toLocate: [], named: [] }
  for (const rec of recs) placeOne(rec, index, s, errors, defaultSource, scope)
  const drop = await locateExact(db, index, s, errors)
  // An officer imports only inside their area.
  if (scope) await keepInScope(db, scope, s, errors, drop)
  return s.out.filter((_, k) => !drop.has(k))
}

/** The village a record names by code or by name: null when it names none, undefined (with an error) when it names one wrongly. */
function namedVillage(rec: CheckedRecord, index: VillageIndex, err: (field: string, message: string) => void) {
  if (rec.village_code) {
    const village = index.byCodeOf(rec.village_code)
    if (!village) {
      err('village_code', `no village with code ${rec.village_code}`)
      return undefined
    }
    if (rec.village_name && !index.nameMatches(village, rec.village_name)) {
      err(
        'village_name',
        `village_name '${rec.village_name}' is not the name of village ${village.code} (${village.name_en}${village.name_km ? ` / ${village.name_km}` : ''})`,
      )
      return undefined
    }
    return village
  }
  if (rec.village_name) {
    const m = index.byName(rec.village_name, rec.area_code ?? undefined)
    if (!m.ok) {
      err('village_name', m.message)
      return undefined
    }
    return m.village
  }
  return null
}

/** Adds one record's row (or an error): at its own point, its village's point or its commune's centroid. */
function placeOne(rec: CheckedRecord, index: VillageIndex, s: Placing, errors: RowError[], defaultSource: string, scope: string | null) {
  const err = (field: string, message: string) => errors.push({ line: rec.line, field, message })
  const village = namedVillage(rec, index, err)
  if (village === undefined) return
  const base = {
    line: rec.line,
    external_id: rec.external_id,
    criterion: rec.criterion,
    subtype: rec.subtype,
    occurred_at: rec.occurred_at,
    source: rec.source ?? defaultSource,
    description: rec.description,
    synthetic: false,
  }
  if (rec.lon != null && rec.lat != null && !village) {
    s.toLocate.push({ rec, k: s.out.length })
    s.out.push({
      ...base,
      lon: rec.lon,
      lat: rec.lat,
      precision: 'exact',
      village_code: null,
      commune_code: null,
      district_code: null,
      province_code: null,
    })
    return
  }
  if (!village) {
    err('village_name', 'give lon and lat, or a village')
    return
  }
  placeInVillage(rec, village, base, s, err, scope)
}

/** A record of a known village: at its own point, else the village's point, else its commune's centroid. */
function placeInVillage(
  rec: CheckedRecord,
  village: GazetteerVillage,
  base: Omit<Placed, 'lon' | 'lat' | 'precision' | 'village_code' | 'commune_code' | 'district_code' | 'province_code'>,
  s: Placing,
  err: (field: string, message: string) => void,
  scope: string | null,
) {
  const codes = {
    village_code: village.code,
    commune_code: village.commune_code,
    district_code: village.district_code,
    province_code: village.province_code,
  }
  // A row exported at village or commune precision carries the derived point: it is placed by its village again.
  const derived = rec.precision === 'village' || rec.precision === 'commune'
  if (rec.lon != null && rec.lat != null && !derived) {
    // The point is the place: for an officer it must lie in their area too (unless it is the village's own point).
    if (scope && !samePoint(rec, village)) s.named.push({ rec, k: s.out.length })
    s.out.push({ ...base, ...codes, lon: rec.lon, lat: rec.lat, precision: 'exact' })
  } else if (village.lon != null && village.lat != null)
    s.out.push({ ...base, ...codes, lon: village.lon, lat: village.lat, precision: 'village' })
  else if (village.commune_lon != null && village.commune_lat != null)
    s.out.push({ ...base, ...codes, lon: village.commune_lon, lat: village.commune_lat, precision: 'commune' })
  else
    err(
      rec.village_code ? 'village_code' : 'village_name',
      `village ${village.code} has no point and its commune has no polygon; give lon and lat`,
    )
}

/**
 * Exact points without a village: the commune polygon that contains them, and the nearest village in it. Returns
 * the rows to drop (a point in no commune, with an error on lon).
 */
async function locateExact(db: Db, index: VillageIndex, s: Placing, errors: RowError[]): Promise<Set<number>> {
  const places = await locatePoints(
    db,
    s.toLocate.map(({ rec }, i) => ({ i, lon: rec.lon!, lat: rec.lat! })),
  )
  const drop = new Set<number>()
  for (const p of places) {
    const { rec, k } = s.toLocate[p.i]
    const row = s.out[k]
    if (!p.polygon_code) {
      errors.push({ line: rec.line, field: 'lon', message: `point (${rec.lon}, ${rec.lat}) is not inside any commune of Cambodia` })
      drop.add(k)
      continue
    }
    const v = p.village_code ? index.byCodeOf(p.village_code) : undefined
    Object.assign(
      row,
      v
        ? { village_code: v.code, commune_code: v.commune_code, district_code: v.district_code, province_code: v.province_code }
        : { commune_code: p.polygon_code, district_code: p.district_code, province_code: p.province_code },
    )
  }
  return drop
}

/** Drops (with an error) each row outside the officer's area: by its codes, then by its own point. */
async function keepInScope(db: Db, scope: string, s: Placing, errors: RowError[], drop: Set<number>) {
  s.out.forEach((row, k) => {
    const code = row.village_code ?? row.commune_code
    if (!drop.has(k) && (!code || !withinScope(scope, code))) {
      errors.push({
        line: row.line,
        field: row.village_code ? 'village_code' : 'lon',
        message: `the incident is in ${code ?? 'no commune'}, outside your area ${scope}`,
      })
      drop.add(k)
    }
  })
  await pointsInScope(
    db,
    s.named.filter(({ k }) => !drop.has(k)),
    scope,
    errors,
    drop,
  )
}

const samePoint = (rec: CheckedRecord, v: { lon: number | null; lat: number | null }) =>
  v.lon != null && v.lat != null && Math.abs(rec.lon! - v.lon) < 1e-6 && Math.abs(rec.lat! - v.lat) < 1e-6

/** Drops (with an error on lon) each record whose own point lies in no commune polygon of the scope. */
async function pointsInScope(db: Db, recs: Pending[], scope: string, errors: RowError[], drop: Set<number>) {
  if (!recs.length) return
  const [places, mine] = await Promise.all([
    locatePoints(
      db,
      recs.map(({ rec }, i) => ({ i, lon: rec.lon!, lat: rec.lat! })),
    ),
    scopePolygons(db, scope),
  ])
  for (const p of places) {
    if (p.polygon_code && mine.has(p.polygon_code)) continue
    const { rec, k } = recs[p.i]
    errors.push({
      line: rec.line,
      field: 'lon',
      message: `point (${rec.lon}, ${rec.lat}) is ${p.polygon_code ? `in commune ${p.polygon_code}` : 'in no commune'}, outside your area ${scope}`,
    })
    drop.add(k)
  }
}

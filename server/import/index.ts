import type { Db } from '../db/types.ts'
import { existingExternalIds, loadGazetteerVillages, locatePoints } from '../db/queries/gazetteer.ts'
import { insertIncidents, type IncidentInsert } from '../db/queries/insert-incidents.ts'
import { ImportFileError, parseCsv, parseGeoJson, type RowError } from './parse.ts'
import { checkRecord, type CheckedRecord } from './validate.ts'
import { VillageIndex } from './village-index.ts'

export { ImportFileError } from './parse.ts'
export type { RowError } from './parse.ts'

export interface ImportResult { inserted: number; duplicates: number; errors: RowError[] }

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

/**
 * Imports incidents from CSV or GeoJSON text. Every good row is inserted in one transaction; every bad row is
 * reported with its line, field and reason; rows whose external_id is already stored count as duplicates.
 * A file that cannot be parsed throws ImportFileError and writes nothing.
 */
export async function importIncidents(db: Db, body: string, contentType: string, opts: { source?: string; now?: number } = {}): Promise<ImportResult> {
  const { records, errors } = contentType === 'text/csv' ? parseCsv(body) : parseGeoJson(body)
  const now = opts.now ?? Date.now()

  const checked: CheckedRecord[] = []
  const firstLine = new Map<string, number>()
  for (const r of records) {
    const c = checkRecord(r, now)
    if ('errors' in c) { errors.push(...c.errors); continue }
    const seen = firstLine.get(c.ok.external_id)
    if (seen != null) { errors.push({ line: c.ok.line, field: 'external_id', message: `external_id '${c.ok.external_id}' repeats line ${seen}` }); continue }
    firstLine.set(c.ok.external_id, c.ok.line)
    checked.push(c.ok)
  }

  const stored = await existingExternalIds(db, checked.map((c) => c.external_id))
  const fresh = checked.filter((c) => !stored.has(c.external_id))
  const rows = await resolvePlaces(db, fresh, errors, opts.source ?? 'import')

  const { inserted, duplicates } = await db.tx((q) => insertIncidents(q, rows))
  if (inserted > 10_000) await db.exec('ANALYZE incidents') // PGlite has no autovacuum to refresh the planner's statistics
  errors.sort((a, b) => a.line - b.line)
  return { inserted, duplicates: stored.size + duplicates.length, errors }
}

/** Places each record: at its own point (exact), at its village's point (village), or at its commune's centroid (commune). */
async function resolvePlaces(db: Db, recs: CheckedRecord[], errors: RowError[], defaultSource: string): Promise<IncidentInsert[]> {
  const index = await villageIndex(db)
  const out: IncidentInsert[] = []
  const toLocate: { rec: CheckedRecord; k: number }[] = []
  for (const rec of recs) {
    const err = (field: string, message: string) => errors.push({ line: rec.line, field, message })
    let village = null
    if (rec.village_code) {
      village = index.byCodeOf(rec.village_code)
      if (!village) { err('village_code', `no village with code ${rec.village_code}`); continue }
      if (rec.village_name && !index.nameMatches(village, rec.village_name)) {
        err('village_name', `village_name '${rec.village_name}' is not the name of village ${village.code} (${village.name_en}${village.name_km ? ' / ' + village.name_km : ''})`)
        continue
      }
    } else if (rec.village_name) {
      const m = index.byName(rec.village_name, rec.area_code ?? undefined)
      if (!m.ok) { err('village_name', m.message); continue }
      village = m.village
    }
    const base = {
      external_id: rec.external_id, criterion: rec.criterion, subtype: rec.subtype, occurred_at: rec.occurred_at,
      source: rec.source ?? defaultSource, description: rec.description, synthetic: false,
    }
    if (rec.lon != null && rec.lat != null && !village) {
      toLocate.push({ rec, k: out.length })
      out.push({ ...base, lon: rec.lon, lat: rec.lat, precision: 'exact', village_code: null, commune_code: null, district_code: null, province_code: null })
      continue
    }
    if (!village) { err('village_name', 'give lon and lat, or a village'); continue }
    const codes = { village_code: village.code, commune_code: village.commune_code, district_code: village.district_code, province_code: village.province_code }
    if (rec.lon != null && rec.lat != null) out.push({ ...base, ...codes, lon: rec.lon, lat: rec.lat, precision: 'exact' })
    else if (village.lon != null && village.lat != null) out.push({ ...base, ...codes, lon: village.lon, lat: village.lat, precision: 'village' })
    else if (village.commune_lon != null && village.commune_lat != null) out.push({ ...base, ...codes, lon: village.commune_lon, lat: village.commune_lat, precision: 'commune' })
    else err(rec.village_code ? 'village_code' : 'village_name', `village ${village.code} has no point and its commune has no polygon; give lon and lat`)
  }

  // Exact points without a village: the commune polygon that contains them, and the nearest village in it.
  const places = await locatePoints(db, toLocate.map(({ rec }, i) => ({ i, lon: rec.lon!, lat: rec.lat! })))
  const drop = new Set<number>()
  for (const p of places) {
    const { rec, k } = toLocate[p.i]
    const row = out[k]
    if (!p.polygon_code) {
      errors.push({ line: rec.line, field: 'lon', message: `point (${rec.lon}, ${rec.lat}) is not inside any commune of Cambodia` })
      drop.add(k)
      continue
    }
    const v = p.village_code ? index.byCodeOf(p.village_code) : undefined
    Object.assign(row, v
      ? { village_code: v.code, commune_code: v.commune_code, district_code: v.district_code, province_code: v.province_code }
      : { commune_code: p.polygon_code, district_code: p.district_code, province_code: p.province_code })
  }
  return out.filter((_, k) => !drop.has(k))
}

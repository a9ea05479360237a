import { withinScope } from '../auth/roles.ts'
import type { Db, Queryable } from '../db/types.ts'
import { loadGazetteerVillages, locatePoints } from '../db/queries/gazetteer.ts'
import {
  abortStaleImports,
  commitStage,
  finishImport,
  idsInArea,
  repeatedLines,
  scopePolygons,
  stageBatch,
  startImport,
} from '../db/queries/import-stage.ts'
import { unquoteCell } from '../formats/table.ts'
import type { IncidentInsert } from '../db/queries/insert-incidents.ts'
import { CsvReader, CsvRecords } from './csv-stream.ts'
import { COLUMNS, ImportFileError, parseGeoJson, type RawRecord, type RowError } from './parse.ts'
import { checkRecord, type CheckedRecord } from './validate.ts'
import { VillageIndex } from './village-index.ts'

export { ImportFileError } from './parse.ts'
export type { RowError } from './parse.ts'

export interface ImportResult {
  import_id: number
  inserted: number
  duplicates: number
  rows: number
  /** The first MAX_ERRORS errors, by line; errors_total counts them all. */
  errors: RowError[]
  errors_total: number
}

export interface ImportOptions {
  source?: string
  now?: number
  /** Who imports: recorded on the import; an officer's rows must fall inside `scope`. */
  user?: { id: number; username: string } | null
  scope?: string | null
  batchSize?: number
  /** Runs inside the final transaction (the audit entry), so it commits with the rows or not at all. */
  onCommit?: (q: Queryable, r: Omit<ImportResult, 'errors'>) => Promise<void>
}

export const MAX_ERRORS = 1000
const BATCH = 2000

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
 * Imports incidents from CSV (text or a stream of text chunks, read in bounded memory) or GeoJSON text.
 * Records are checked, placed and staged in checkpointed batches (import_rows); one final transaction moves the
 * stage into incidents. A process killed before that leaves no incident behind (abortStaleImports clears the
 * stage), and a rerun inserts everything without duplicates (external_id is unique). Every bad row is reported
 * with its line, field and reason; a file that cannot be parsed at all throws ImportFileError and writes nothing.
 */
export async function importIncidents(
  db: Db,
  body: string | AsyncIterable<string>,
  contentType: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const now = opts.now ?? Date.now()
  const source = opts.source ?? 'import'
  const errors: RowError[] = []
  let errorsTotal = 0
  const addErrors = (es: RowError[]) => {
    errorsTotal += es.length
    for (const e of es) if (errors.length < MAX_ERRORS) errors.push(e)
  }
  await abortStaleImports(db)
  const id = await startImport(db, {
    user_id: opts.user?.id ?? null,
    username: opts.user?.username ?? null,
    source,
    content_type: contentType,
  })
  let rowsRead = 0,
    bytes = 0
  try {
    const stage = async (records: RawRecord[], rowErrors: RowError[]) => {
      addErrors(rowErrors)
      rowsRead += records.length + rowErrors.length
      const checked: CheckedRecord[] = []
      for (const r of records) {
        const c = checkRecord(r, now)
        if ('errors' in c) addErrors(c.errors)
        else checked.push(c.ok)
      }
      const placeErrors: RowError[] = []
      const rows = await resolvePlaces(db, checked, placeErrors, source, opts.scope ?? null)
      addErrors(placeErrors)
      if (opts.scope) await ownIds(db, rows, opts.scope)
      await stageBatch(db, id, rows, { bytes, rows_read: rowsRead })
    }
    if (contentType === 'text/csv') {
      const reader = new CsvReader()
      const recs = new CsvRecords(COLUMNS)
      let pending: RawRecord[] = [],
        pendingErrors: RowError[] = []
      let sawText = false
      const feed = async (records: { line: number; fields: string[] }[]) => {
        pending.push(...recs.take(records, pendingErrors).map(unquoteRecord))
        if (pending.length + pendingErrors.length >= (opts.batchSize ?? BATCH)) {
          await stage(pending, pendingErrors)
          pending = []
          pendingErrors = []
        }
      }
      for await (const chunk of typeof body === 'string' ? [body] : body) {
        bytes += Buffer.byteLength(chunk)
        if (!sawText && chunk.replace(/^\uFEFF/, '').trim()) sawText = true
        await feed(reader.push(chunk))
      }
      if (!sawText) throw new ImportFileError('body', 'the file is empty')
      await feed(reader.end())
      recs.finish()
      if (pending.length || pendingErrors.length) await stage(pending, pendingErrors)
    } else {
      let text = ''
      for await (const chunk of typeof body === 'string' ? [body] : body) text += chunk
      bytes = Buffer.byteLength(text)
      const { records, errors: parseErrors } = parseGeoJson(text)
      const size = opts.batchSize ?? BATCH
      addErrors(parseErrors)
      rowsRead += parseErrors.length
      for (let i = 0; i < records.length; i += size) await stage(records.slice(i, i + size), [])
    }

    const result = await db.tx(async (q) => {
      const repeats = await repeatedLines(q, id, MAX_ERRORS)
      addErrors(
        repeats.rows.map((r) => ({
          line: r.line,
          field: 'external_id',
          message: `external_id '${r.external_id}' repeats line ${r.first}`,
        })),
      )
      errorsTotal += repeats.total - repeats.rows.length
      const { inserted, n_distinct } = await commitStage(q, id)
      const r = { import_id: id, inserted, duplicates: n_distinct - inserted, rows: rowsRead, errors_total: errorsTotal }
      await finishImport(q, id, { status: 'done', inserted, duplicates: r.duplicates, errors: errorsTotal })
      await opts.onCommit?.(q, r)
      return r
    })
    if (result.inserted > 10_000) await db.exec('ANALYZE incidents') // PGlite has no autovacuum to refresh the planner's statistics
    errors.sort((a, b) => a.line - b.line)
    return { ...result, errors }
  } catch (e) {
    await finishImport(db, id, { status: 'failed', error_message: (e as Error).message.slice(0, 500) }).catch(() => {})
    throw e
  }
}

/** A CSV this app exported has text cells quoted against formula injection (formats/table.ts): undo it. */
function unquoteRecord(r: RawRecord): RawRecord {
  for (const [k, v] of Object.entries(r.fields)) if (v) r.fields[k] = unquoteCell(v)
  return r
}

/**
 * An officer's external_ids live in their own namespace, so that no answer depends on incidents outside their area
 * (with one global namespace, "already stored" would tell them an id exists elsewhere). An id stored on an incident
 * in their area is kept (the row is a duplicate, as for anyone re-importing); any other id is stored as
 * "<scope>/<id>", whether or not the bare id exists elsewhere. So the rows, counts and messages an officer gets
 * are the same for an id stored in another area as for one stored nowhere. The one trace left: an id of the
 * officer's own namespace ("12/…") that an admin placed or moved outside the area still reads as a duplicate.
 */
async function ownIds(db: Db, rows: Placed[], scope: string) {
  const inArea = await idsInArea(
    db,
    rows.map((r) => r.external_id),
    scope,
  )
  for (const r of rows) if (!inArea.has(r.external_id)) r.external_id = ownId(scope, r.external_id)
}
/** Where an officer's new id is stored (see ownIds). */
export const ownId = (scope: string, id: string) => `${scope}/${id}`

/** Places each record: at its own point (exact), at its village's point (village), or at its commune's centroid (commune). */
async function resolvePlaces(
  db: Db,
  recs: CheckedRecord[],
  errors: RowError[],
  defaultSource: string,
  scope: string | null,
): Promise<Placed[]> {
  const index = await villageIndex(db)
  const out: Placed[] = []
  const toLocate: { rec: CheckedRecord; k: number }[] = []
  const named: { rec: CheckedRecord; k: number }[] = []
  for (const rec of recs) {
    const err = (field: string, message: string) => errors.push({ line: rec.line, field, message })
    let village = null
    if (rec.village_code) {
      village = index.byCodeOf(rec.village_code)
      if (!village) {
        err('village_code', `no village with code ${rec.village_code}`)
        continue
      }
      if (rec.village_name && !index.nameMatches(village, rec.village_name)) {
        err(
          'village_name',
          `village_name '${rec.village_name}' is not the name of village ${village.code} (${village.name_en}${village.name_km ? ` / ${village.name_km}` : ''})`,
        )
        continue
      }
    } else if (rec.village_name) {
      const m = index.byName(rec.village_name, rec.area_code ?? undefined)
      if (!m.ok) {
        err('village_name', m.message)
        continue
      }
      village = m.village
    }
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
      toLocate.push({ rec, k: out.length })
      out.push({
        ...base,
        lon: rec.lon,
        lat: rec.lat,
        precision: 'exact',
        village_code: null,
        commune_code: null,
        district_code: null,
        province_code: null,
      })
      continue
    }
    if (!village) {
      err('village_name', 'give lon and lat, or a village')
      continue
    }
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
      if (scope && !samePoint(rec, village)) named.push({ rec, k: out.length })
      out.push({ ...base, ...codes, lon: rec.lon, lat: rec.lat, precision: 'exact' })
    } else if (village.lon != null && village.lat != null)
      out.push({ ...base, ...codes, lon: village.lon, lat: village.lat, precision: 'village' })
    else if (village.commune_lon != null && village.commune_lat != null)
      out.push({ ...base, ...codes, lon: village.commune_lon, lat: village.commune_lat, precision: 'commune' })
    else
      err(
        rec.village_code ? 'village_code' : 'village_name',
        `village ${village.code} has no point and its commune has no polygon; give lon and lat`,
      )
  }

  // Exact points without a village: the commune polygon that contains them, and the nearest village in it.
  const places = await locatePoints(
    db,
    toLocate.map(({ rec }, i) => ({ i, lon: rec.lon!, lat: rec.lat! })),
  )
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
    Object.assign(
      row,
      v
        ? { village_code: v.code, commune_code: v.commune_code, district_code: v.district_code, province_code: v.province_code }
        : { commune_code: p.polygon_code, district_code: p.district_code, province_code: p.province_code },
    )
  }
  // An officer imports only inside their area.
  if (scope) {
    out.forEach((row, k) => {
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
      named.filter(({ k }) => !drop.has(k)),
      scope,
      errors,
      drop,
    )
  }
  return out.filter((_, k) => !drop.has(k))
}

const samePoint = (rec: CheckedRecord, v: { lon: number | null; lat: number | null }) =>
  v.lon != null && v.lat != null && Math.abs(rec.lon! - v.lon) < 1e-6 && Math.abs(rec.lat! - v.lat) < 1e-6

/** Drops (with an error on lon) each record whose own point lies in no commune polygon of the scope. */
async function pointsInScope(db: Db, recs: { rec: CheckedRecord; k: number }[], scope: string, errors: RowError[], drop: Set<number>) {
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

type Placed = IncidentInsert & { line: number }

/** Places one checked record (an edit): the row, or the first error. */
export async function placeRecord(db: Db, rec: CheckedRecord, scope: string | null): Promise<{ row: Placed } | { error: RowError }> {
  const errors: RowError[] = []
  const [row] = await resolvePlaces(db, [rec], errors, 'edit', scope)
  return row ? { row } : { error: errors[0] ?? { line: rec.line, field: 'village_code', message: 'cannot place the incident' } }
}

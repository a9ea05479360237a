import type { Db, Queryable } from '../db/types.ts'
import {
  abortStaleImports,
  commitStage,
  finishImport,
  idsInArea,
  repeatedLines,
  stageBatch,
  startImport,
} from '../db/queries/import-stage.ts'
import { unquoteCell } from '../formats/table.ts'
import { CsvReader, CsvRecords } from './csv-stream.ts'
import { COLUMNS, ImportFileError, parseGeoJson, type RawRecord, type RowError } from './parse.ts'
import { checkRecord, type CheckedRecord } from './validate.ts'
import { type Placed, resolvePlaces } from './place.ts'

export { ImportFileError } from './parse.ts'
export type { RowError } from './parse.ts'
export { placeRecord } from './place.ts'

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
  const errs = new ErrorLog()
  await abortStaleImports(db)
  const id = await startImport(db, {
    user_id: opts.user?.id ?? null,
    username: opts.user?.username ?? null,
    source,
    content_type: contentType,
  })
  const read = { rows: 0, bytes: 0 }
  try {
    const stage = async (records: RawRecord[], rowErrors: RowError[]) => {
      errs.add(rowErrors)
      read.rows += records.length + rowErrors.length
      const checked: CheckedRecord[] = []
      for (const r of records) {
        const c = checkRecord(r, now)
        if ('errors' in c) errs.add(c.errors)
        else checked.push(c.ok)
      }
      const placeErrors: RowError[] = []
      const rows = await resolvePlaces(db, checked, placeErrors, source, opts.scope ?? null)
      errs.add(placeErrors)
      if (opts.scope) await ownIds(db, rows, opts.scope)
      await stageBatch(db, id, rows, { bytes: read.bytes, rows_read: read.rows })
    }
    const size = opts.batchSize ?? BATCH
    if (contentType === 'text/csv') await readCsv(body, size, read, stage)
    else await readGeoJson(body, size, read, errs, stage)
    const result = await db.tx((q) => commitImport(q, id, read.rows, errs, opts))
    if (result.inserted > 10_000) await db.exec('ANALYZE incidents') // PGlite has no autovacuum to refresh the planner's statistics
    errs.errors.sort((a, b) => a.line - b.line)
    return { ...result, errors: errs.errors }
  } catch (e) {
    await finishImport(db, id, { status: 'failed', error_message: (e as Error).message.slice(0, 500) }).catch(() => {})
    throw e
  }
}

/** The first MAX_ERRORS errors, and how many there were in all. */
class ErrorLog {
  readonly errors: RowError[] = []
  total = 0
  add(es: RowError[]) {
    this.total += es.length
    for (const e of es) if (this.errors.length < MAX_ERRORS) this.errors.push(e)
  }
}

type Stage = (records: RawRecord[], rowErrors: RowError[]) => Promise<void>

/** Streams CSV text into batches of `size` records (and row errors); an empty file is an ImportFileError. */
async function readCsv(body: string | AsyncIterable<string>, size: number, read: { bytes: number }, stage: Stage) {
  const reader = new CsvReader()
  const recs = new CsvRecords(COLUMNS)
  let pending: RawRecord[] = [],
    pendingErrors: RowError[] = []
  let sawText = false
  const feed = async (records: { line: number; fields: string[] }[]) => {
    pending.push(...recs.take(records, pendingErrors).map(unquoteRecord))
    if (pending.length + pendingErrors.length >= size) {
      await stage(pending, pendingErrors)
      pending = []
      pendingErrors = []
    }
  }
  for await (const chunk of typeof body === 'string' ? [body] : body) {
    read.bytes += Buffer.byteLength(chunk)
    if (!sawText && chunk.replace(/^\uFEFF/, '').trim()) sawText = true
    await feed(reader.push(chunk))
  }
  if (!sawText) throw new ImportFileError('body', 'the file is empty')
  await feed(reader.end())
  recs.finish()
  if (pending.length || pendingErrors.length) await stage(pending, pendingErrors)
}

/** Reads GeoJSON text whole, then stages its records in batches of `size`. */
async function readGeoJson(
  body: string | AsyncIterable<string>,
  size: number,
  read: { rows: number; bytes: number },
  errs: ErrorLog,
  stage: Stage,
) {
  let text = ''
  for await (const chunk of typeof body === 'string' ? [body] : body) text += chunk
  read.bytes = Buffer.byteLength(text)
  const { records, errors: parseErrors } = parseGeoJson(text)
  errs.add(parseErrors)
  read.rows += parseErrors.length
  for (let i = 0; i < records.length; i += size) await stage(records.slice(i, i + size), [])
}

/** In the final transaction: reports repeated ids, moves the stage into incidents and records the import. */
async function commitImport(q: Queryable, id: number, rows: number, errs: ErrorLog, opts: ImportOptions) {
  const repeats = await repeatedLines(q, id, MAX_ERRORS)
  errs.add(
    repeats.rows.map((r) => ({
      line: r.line,
      field: 'external_id',
      message: `external_id '${r.external_id}' repeats line ${r.first}`,
    })),
  )
  errs.total += repeats.total - repeats.rows.length
  const { inserted, n_distinct } = await commitStage(q, id)
  const r = { import_id: id, inserted, duplicates: n_distinct - inserted, rows, errors_total: errs.total }
  await finishImport(q, id, { status: 'done', inserted, duplicates: r.duplicates, errors: errs.total })
  await opts.onCommit?.(q, r)
  return r
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

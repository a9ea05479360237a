import type { Db, Queryable } from '../types.ts'
import { areaColumn } from './filters.ts'
import type { IncidentInsert } from './insert-incidents.ts'

/**
 * Clears dead stages: imports silent for 2 minutes (a batch takes well under a second), or, with `all` at the start
 * of the only process that can open a PGlite, every unfinished one.
 */
export async function abortStaleImports(db: Db, opts: { all?: boolean } = {}): Promise<number> {
  const stale = opts.all ? `status = 'staging'` : `status = 'staging' AND heartbeat_at < now() - interval '2 minutes'`
  return db.tx(async (q) => {
    const rows = await q.query<{ id: number }>(
      `UPDATE imports SET status = 'aborted', finished_at = now(), error_message = 'the process stopped before the import finished'
       WHERE ${stale} RETURNING id::int AS id`,
    )
    await q.query(`DELETE FROM import_rows WHERE import_id IN (SELECT id FROM imports WHERE status <> 'staging')`)
    return rows.length
  })
}

export async function startImport(
  q: Queryable,
  i: { user_id: number | null; username: string | null; source: string; content_type: string },
): Promise<number> {
  const [r] = await q.query<{ id: number }>(
    `INSERT INTO imports (user_id, username, source, content_type, status) VALUES ($1, $2, $3, $4, 'staging') RETURNING id::int AS id`,
    [i.user_id, i.username, i.source, i.content_type],
  )
  return r.id
}

/** One checkpoint: the batch's rows and the progress commit together. */
export async function stageBatch(
  db: Db,
  id: number,
  rows: (IncidentInsert & { line: number })[],
  progress: { bytes: number; rows_read: number },
): Promise<void> {
  await db.tx(async (q) => {
    if (rows.length) {
      await q.query(
        `INSERT INTO import_rows (import_id, line, external_id, criterion, subtype, occurred_at, village_code, commune_code, district_code,
           province_code, lon, lat, precision, source, description)
         SELECT $1, r.line, r.external_id, r.criterion, r.subtype, r.occurred_at, r.village_code, r.commune_code, r.district_code,
           r.province_code, r.lon, r.lat, r.precision, r.source, r.description
         FROM json_to_recordset($2::json) AS r(line int, external_id text, criterion smallint, subtype text, occurred_at timestamptz,
           village_code text, commune_code text, district_code text, province_code text, lon float8, lat float8,
           precision text, source text, description text)`,
        [id, JSON.stringify(rows)],
      )
    }
    await q.query(`UPDATE imports SET bytes = $2, rows_read = $3, rows_staged = rows_staged + $4, heartbeat_at = now() WHERE id = $1`, [
      id,
      progress.bytes,
      progress.rows_read,
      rows.length,
    ])
  })
}

/** Rows of the file whose external_id an earlier line already used (up to `max`), and how many there are. */
export async function repeatedLines(q: Queryable, id: number, max: number) {
  const rows = await q.query<{ line: number; external_id: string; first: number; total: number }>(
    `SELECT line, external_id, first, count(*) OVER ()::int AS total FROM (
       SELECT line, external_id, min(line) OVER (PARTITION BY external_id) AS first FROM import_rows WHERE import_id = $1) s
     WHERE line > first ORDER BY line LIMIT $2`,
    [id, max],
  )
  return { rows, total: rows[0]?.total ?? 0 }
}

/** Moves the stage into incidents (first line of each external_id; ids already stored are skipped). */
export async function commitStage(q: Queryable, id: number): Promise<{ inserted: number; n_distinct: number }> {
  const [r] = await q.query<{ inserted: number; n_distinct: number }>(
    `WITH src AS (SELECT DISTINCT ON (external_id) * FROM import_rows WHERE import_id = $1 ORDER BY external_id, line),
     ins AS (
       INSERT INTO incidents (external_id, criterion, subtype, occurred_at, village_code, commune_code, district_code, province_code,
         geom, precision, source, description, synthetic, import_id)
       SELECT external_id, criterion, subtype, occurred_at, village_code, commune_code, district_code, province_code,
         ST_SetSRID(ST_MakePoint(lon, lat), 4326), precision, source, description, false, $1 FROM src
       ON CONFLICT (external_id) DO NOTHING RETURNING 1)
     SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM src)::int AS n_distinct`,
    [id],
  )
  await q.query('DELETE FROM import_rows WHERE import_id = $1', [id])
  return r
}

export async function finishImport(
  q: Queryable,
  id: number,
  r: { status: 'done' | 'failed'; inserted?: number; duplicates?: number; errors?: number; error_message?: string },
) {
  await q.query(
    `UPDATE imports SET status = $2, inserted = $3, duplicates = $4, errors = $5, error_message = $6, finished_at = now(), heartbeat_at = now() WHERE id = $1`,
    [id, r.status, r.inserted ?? null, r.duplicates ?? null, r.errors ?? null, r.error_message ?? null],
  )
  if (r.status === 'failed') await q.query('DELETE FROM import_rows WHERE import_id = $1', [id])
}

/** An import's progress as listed. */
export interface ImportRow {
  id: number
  username: string | null
  source: string
  content_type: string
  status: 'staging' | 'done' | 'failed' | 'aborted'
  bytes: number
  rows_read: number
  rows_staged: number
  inserted: number | null
  duplicates: number | null
  errors: number | null
  error_message: string | null
  started_at: Date
  heartbeat_at: Date
  finished_at: Date | null
}

export async function listImports(q: Queryable, opts: { username?: string; limit: number }): Promise<ImportRow[]> {
  const params: unknown[] = opts.username ? [opts.limit, opts.username] : [opts.limit]
  const where = opts.username ? 'WHERE username = $2' : ''
  return q.query<ImportRow>(
    `SELECT id::int AS id, username, source, content_type, status, bytes::float8 AS bytes, rows_read, rows_staged, inserted, duplicates, errors,
       error_message, started_at, heartbeat_at, finished_at FROM imports ${where} ORDER BY id DESC LIMIT $1`,
    params,
  )
}

/** The ids among `ids` stored on an incident inside `scope` (an officer's area); nothing outside it is looked at. */
export async function idsInArea(q: Queryable, ids: string[], scope: string): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await q.query<{ external_id: string }>(
    `SELECT external_id FROM incidents WHERE external_id = ANY($1::text[]) AND ${areaColumn(scope)} = $2`,
    [[...new Set(ids)], scope],
  )
  return new Set(rows.map((r) => r.external_id))
}

/** The commune polygons holding some part of `scope`: its communes' own, or the polygon that covers one without. */
export async function scopePolygons(q: Queryable, scope: string): Promise<Set<string>> {
  const rows = await q.query<{ code: string }>(
    `SELECT DISTINCT CASE WHEN a.geom IS NOT NULL THEN a.code ELSE a.covered_by END AS code
     FROM areas a WHERE a.level = 'commune' AND a.code LIKE $1 || '%'`,
    [scope],
  )
  return new Set(rows.map((r) => r.code).filter(Boolean))
}

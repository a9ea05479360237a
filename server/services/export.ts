import type { Context } from 'hono'
import { audit } from '../auth/audit.ts'
import type { Queryable } from '../db/types.ts'
import { provenanceHeaders, provenanceLines, sidecar, withProvenanceMember, type Provenance } from '../formats/provenance.ts'
import { tableCsv, tableHtml, tableXlsx, type Table } from '../formats/table.ts'
import type { AppEnv } from '../routes/env.ts'
import { DOCUMENT_CSP } from '../security.ts'

/**
 * The one way data leave as a file: every export goes through sendExport, so none can forget its provenance (the
 * X-Provenance header, and inside the file where the format holds it), its audit row or its escaping (tables).
 */
export type ExportBody =
  /** A table: CSV (machine keys), XLSX (bilingual headers, About sheet) or a printable bilingual HTML page. */
  | { format: 'csv' | 'xlsx' | 'html'; table: Table }
  /** GeoJSON text starting {"type":"FeatureCollection", which gets a top-level "provenance" member. */
  | { format: 'geojson'; geojson: string }
  /** Bytes or text already made (PDF, GeoTIFF, a CSV of its own), with their type and file extension. */
  | { format: 'file'; data: Uint8Array | string; contentType: string; ext: string }

export interface ExportJob {
  prov: Provenance
  /** The download's name without its extension. */
  file: string
  /** The audit row's entity and summary (a function of the body's size in bytes when it needs it). */
  audit: { entity: string; summary: Record<string, unknown> | ((bytes: number) => Record<string, unknown>) }
  /** Headers of the route's own (x-next-cursor, x-density-meta), set last. */
  headers?: Record<string, string>
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Audits the export, then sends it with its provenance. */
export async function sendExport(c: Context<AppEnv>, db: Queryable, job: ExportJob, body: ExportBody): Promise<Response> {
  const { type, ext, data } = await encode(body, job.prov)
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length
  const summary = typeof job.audit.summary === 'function' ? job.audit.summary(bytes) : job.audit.summary
  await audit(c, db, { action: 'export', entity: job.audit.entity, summary })
  const disposition: Record<string, string> =
    body.format === 'html'
      ? { 'content-security-policy': DOCUMENT_CSP }
      : { 'content-disposition': `attachment; filename="${job.file}.${ext}"` }
  return c.body(typeof data === 'string' ? data : ownBuffer(data), 200, {
    ...provenanceHeaders(job.prov),
    'content-type': type,
    ...disposition,
    ...job.headers,
  })
}

/** The sidecar (`&sidecar=1`): the provenance alone, as JSON named after the export; `read` audits it as a read. */
export async function sendSidecar(
  c: Context<AppEnv>,
  db: Queryable,
  p: { prov: Provenance; file: string; read?: { entity: string; summary: Record<string, unknown> } },
): Promise<Response> {
  if (p.read) await audit(c, db, { action: 'read', entity: p.read.entity, summary: p.read.summary })
  return sidecar(c, p.prov, p.file)
}

/** The file's bytes, type and extension; XLSX and HTML also carry the provenance inside (About sheet, notes). */
async function encode(b: ExportBody, prov: Provenance): Promise<{ type: string; ext: string; data: Uint8Array | string }> {
  switch (b.format) {
    case 'csv':
      return { type: 'text/csv; charset=utf-8', ext: 'csv', data: tableCsv(b.table) }
    case 'xlsx':
      return { type: XLSX, ext: 'xlsx', data: await tableXlsx(withNotes(b.table, prov)) }
    case 'html':
      return { type: 'text/html; charset=utf-8', ext: 'html', data: tableHtml(forPrint(b.table, prov)) }
    case 'geojson':
      return { type: 'application/geo+json', ext: 'geojson', data: withProvenanceMember(b.geojson, prov) }
    case 'file':
      return { type: b.contentType, ext: b.ext, data: b.data }
  }
}

/** The bytes as a view on a plain ArrayBuffer (what a response body takes), copied only when shared memory backs them. */
const ownBuffer = (u: Uint8Array): Uint8Array<ArrayBuffer> =>
  u.buffer instanceof ArrayBuffer ? new Uint8Array(u.buffer, u.byteOffset, u.byteLength) : new Uint8Array(u)

const withNotes = (t: Table, prov: Provenance): Table => ({ ...t, notes: [...t.notes, ...provenanceLines(prov)] })
/** The printable page: provenance in words (no JSON), each line (the attribution) once. */
const forPrint = (t: Table, prov: Provenance): Table => ({ ...t, notes: [...new Set([...t.notes, ...provenanceLines(prov, false)])] })

import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { localDate } from '../../common/periods.ts'
import type { IncidentFilters } from '../db/queries/filters.ts'
import { incidentDataSummary } from '../db/queries/incidents.ts'
import type { Queryable } from '../db/types.ts'
import { publish } from '../domain/disclosure.ts'
import { ATTRIBUTION } from '../geo/read-geodata.ts'
import type { AppEnv } from '../routes/env.ts'

/**
 * Where an export comes from: who made it and when, with which app version, from which request and parameters,
 * on which data (date range, counts, synthetic or not), by which method, and under which data licences.
 * GeoJSON carries it as a top-level "provenance" member, XLSX on its About sheet, GeoTIFF in GDAL_METADATA and
 * ImageDescription; CSV cannot hold it without breaking the import, so it goes in the X-Provenance header and in
 * the sidecar (`&sidecar=1`: the provenance JSON alone).
 */
export interface Provenance {
  title: string
  generated_at: string
  generated_by: { username: string; role: string } | null
  app: { name: 'SafeVillage'; version: string }
  request: { method: string; path: string; query: Record<string, string> }
  format: string
  data: DataSummary & { rows?: number }
  method: Record<string, unknown> | null
  privacy: {
    role: string | null
    scope: string | null
    suppression_k: number
    points: boolean
    masked_criteria: number[]
    min_bandwidth_m: number
  }
  synthetic: boolean
  attribution: string[]
}

export interface DataSummary {
  /** The filters the data were selected with (dates inclusive, Asia/Phnom_Penh). */
  filters: { from: string | null; to: string | null; criteria: number[]; area: string | null }
  /** Incidents matching the filters in the caller's scope; null when withheld (a viewer's count from 1 to k − 1). */
  incidents: number | null
  /** The first and last local dates among them. */
  first: string | null
  last: string | null
  synthetic_incidents: boolean
  suppressed?: boolean
}

/** Counts, date range and synthetic flag of the incidents a filter selects (aggregate: every criterion counts). */
export async function dataSummary(db: Queryable, f: IncidentFilters): Promise<DataSummary> {
  const r = await incidentDataSummary(db, f)
  // A viewer gets the published cell of the filter's incidents (server/domain/disclosure.ts).
  const shownN = f.access.k > 0 ? publish(Number(r.n), Number(r.ks), f.access.k) : Number(r.n)
  const small = shownN == null
  return {
    filters: { from: f.from ?? null, to: f.to ?? null, criteria: f.criteria ?? [1, 2, 3, 4, 5], area: f.area ?? null },
    incidents: shownN,
    first: small ? null : r.first,
    last: small ? null : r.last,
    synthetic_incidents: Boolean(r.synthetic),
    ...(small ? { suppressed: true } : {}),
  }
}

/** A data summary of rows already in hand (an incident page). */
export function rowsSummary(rows: { occurred_at: Date; synthetic: boolean }[], filters: DataSummary['filters']): DataSummary {
  const days = rows.map((r) => localDate(r.occurred_at)).sort()
  return {
    filters,
    incidents: rows.length,
    first: days[0] ?? null,
    last: days[days.length - 1] ?? null,
    synthetic_incidents: rows.some((r) => r.synthetic),
  }
}

/** Long arrays (islands, profiles, time steps) become their length, so the method fits a header. */
export function compactMethod(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(m)) {
    if (k === 'took_ms') continue
    if (Array.isArray(v) && v.length > 12) out[`${k}_count`] = v.length
    else out[k] = v
  }
  return out
}

export interface ProvenanceInput {
  title: string
  format: string
  version: string
  data: DataSummary & { rows?: number }
  method?: Record<string, unknown> | null
  /** Overrides the synthetic flag (default: from the data). */
  synthetic?: boolean
}

/** The provenance of the current request's export. */
export function provenance(c: Context<AppEnv>, p: ProvenanceInput): Provenance {
  const actor = c.get('actor')
  const a = c.get('access')
  const url = new URL(c.req.url, 'http://localhost')
  const query: Record<string, string> = {}
  for (const [k, v] of url.searchParams) query[k] = v
  return {
    title: p.title,
    generated_at: new Date().toISOString(),
    generated_by: actor ? { username: actor.username, role: actor.role } : null,
    app: { name: 'SafeVillage', version: p.version },
    request: { method: c.req.method, path: url.pathname, query },
    format: p.format,
    data: p.data,
    method: p.method ? compactMethod(p.method) : null,
    privacy: {
      role: actor?.role ?? null,
      scope: a.scope,
      suppression_k: a.k,
      points: a.points,
      masked_criteria: a.maskCriteria,
      min_bandwidth_m: a.minBandwidthM,
    },
    synthetic: p.synthetic ?? p.data.synthetic_incidents,
    attribution: [...ATTRIBUTION],
  }
}

/** JSON with every non-ASCII character escaped: a valid HTTP header value and a valid TIFF ASCII field. */
export function asciiJson(v: unknown): string {
  return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Headers that carry the provenance (X-Provenance, readable by the page's scripts). */
export function provenanceHeaders(p: Provenance): Record<string, string> {
  return { 'x-provenance': asciiJson(p), 'access-control-expose-headers': 'x-provenance, content-disposition' }
}

/** The sidecar: the provenance alone, as a JSON download named after the export. */
export function sidecar(c: Context<AppEnv>, p: Provenance, file: string) {
  return c.body(`${JSON.stringify(p, null, 2)}\n`, 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="${file}.provenance.json"`,
  })
}

/** Inserts a top-level "provenance" member into GeoJSON text that starts with {"type":"FeatureCollection". */
export function withProvenanceMember(geojson: string, p: Provenance): string {
  const head = '{"type":"FeatureCollection",'
  if (!geojson.startsWith(head)) throw new Error('expected a FeatureCollection')
  return `${head}"provenance":${JSON.stringify(p)},${geojson.slice(head.length)}`
}

/** Human-readable lines: with the JSON for the XLSX About sheet; without (json false, objects in words) for the printable page. */
export function provenanceLines(p: Provenance, json = true): string[] {
  const d = p.data
  const q = Object.entries(p.request.query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  return [
    `Provenance: ${p.title}.`,
    `Generated ${p.generated_at} by ${p.generated_by ? `${p.generated_by.username} (${p.generated_by.role})` : 'nobody'} with SafeVillage ${p.app.version}.`,
    `Request: ${p.request.method} ${p.request.path}${q ? `?${q}` : ''} (format ${p.format}).`,
    `Data: ${d.incidents == null ? 'a withheld number of' : d.incidents.toLocaleString('en-US')} incidents` +
      `${d.first ? ` from ${d.first} to ${d.last}` : ''}; filters from ${d.filters.from ?? 'the start'} to ${d.filters.to ?? 'the end'}, criteria ${d.filters.criteria.join(',')}` +
      `${d.filters.area ? `, area ${d.filters.area}` : ''}${d.rows != null ? `; ${d.rows.toLocaleString('en-US')} rows` : ''}.`,
    ...(p.method
      ? [
          `Method: ${Object.entries(p.method)
            .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? (json ? JSON.stringify(v) : readable(v)) : String(v)}`)
            .join('; ')}.`,
        ]
      : []),
    `Privacy: role ${p.privacy.role ?? 'none'}${p.privacy.scope ? `, area ${p.privacy.scope}` : ''}${p.privacy.suppression_k ? `, counts from 1 to ${p.privacy.suppression_k - 1} withheld` : ''}.`,
    p.synthetic ? 'SYNTHETIC DEMO DATA — not real incidents.' : 'Data: not flagged synthetic.',
    ...p.attribution,
    ...(json ? [`Provenance (JSON): ${JSON.stringify(p)}`] : []),
  ]
}

/** An object or list as words (k v, …) for a page people read, not JSON. */
const readable = (v: object): string =>
  Array.isArray(v)
    ? v.map((x) => (typeof x === 'object' && x !== null ? readable(x) : String(x))).join(', ')
    : Object.entries(v)
        .map(([k, x]) => `${k} ${typeof x === 'object' && x !== null ? readable(x) : String(x)}`)
        .join(', ')

/** XML text content, ASCII (non-ASCII as character references). */
const xml = (s: string) =>
  s
    .replace(/[&<>]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch]!)
    .replace(/[\u007f-\uffff]/g, (ch) => `&#x${ch.charCodeAt(0).toString(16)};`)
/** JSON that is also XML text needing no entity (so readers that do not decode entities get the JSON as is). */
const xmlSafeJson = (v: unknown) => asciiJson(v).replace(/[&<>]/g, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`)

/** GDAL's metadata XML (TIFF tag 42112): dataset items, and the band's description and unit. */
export function gdalMetadataXml(
  p: Provenance,
  band: { description: string; unit: string },
  extra: Record<string, string | number | boolean> = {},
): string {
  const items: [string, string][] = [
    ['TITLE', p.title],
    ['GENERATED_AT', p.generated_at],
    ['GENERATED_BY', p.generated_by?.username ?? ''],
    ['APP_VERSION', `SafeVillage ${p.app.version}`],
    ['SYNTHETIC', String(p.synthetic)],
    ['INCIDENTS', p.data.incidents == null ? 'withheld' : String(p.data.incidents)],
    ['DATA_FIRST', p.data.first ?? ''],
    ['DATA_LAST', p.data.last ?? ''],
    ...Object.entries(extra).map(([k, v]) => [k.toUpperCase(), String(v)] as [string, string]),
    ['ATTRIBUTION', p.attribution.join(' ')],
  ]
  return (
    '<GDALMetadata>' +
    items.map(([k, v]) => `<Item name="${xml(k)}">${xml(v)}</Item>`).join('') +
    `<Item name="PROVENANCE">${xmlSafeJson(p)}</Item>` +
    `<Item name="DESCRIPTION" sample="0" role="description">${xml(band.description)}</Item>` +
    `<Item name="UNITTYPE" sample="0" role="unittype">${xml(band.unit)}</Item></GDALMetadata>`
  )
}

/** `sidecar=1` asks for the export's provenance alone (JSON) instead of the export. */
export const sidecarParam = z
  .enum(['0', '1'])
  .default('0')
  .transform((s) => s === '1')
  .openapi({ type: 'string', description: '1: the provenance of this export alone, as JSON (the sidecar of a CSV)' })

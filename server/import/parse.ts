import Papa from 'papaparse'

/** A whole file that cannot be used: the import writes nothing. */
export class ImportFileError extends Error {
  constructor(public field: string, message: string) { super(message) }
}

export interface RowError { line: number; field: string; message: string }

/** One input record, its fields as text (or null when absent), and where it was in the file. */
export interface RawRecord { line: number; fields: Record<string, string | null> }

export const COLUMNS = ['external_id', 'occurred_at', 'criterion', 'subtype', 'lon', 'lat', 'village_code', 'village_name', 'description'] as const
/** Optional extras: area_code narrows a village name to a province/district/commune; source overrides the import's source. */
export const EXTRA_COLUMNS = ['area_code', 'source'] as const
const REQUIRED = ['external_id', 'occurred_at', 'criterion'] as const

const text = (v: unknown): string | null => {
  if (v == null) return null
  const s = String(v).trim()
  return s === '' ? null : s
}

/** CSV with a header row. Line numbers count the header as line 1 and follow quoted line breaks. */
export function parseCsv(body: string): { records: RawRecord[]; errors: RowError[] } {
  const src = body.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  if (!src.trim()) throw new ImportFileError('body', 'the file is empty')
  const parsed = Papa.parse<string[]>(src, { skipEmptyLines: 'greedy', newline: '\n' })
  const fatal = parsed.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter')
  if (fatal) throw new ImportFileError('body', `cannot parse the CSV: ${fatal.message}${fatal.row != null ? ` (record ${fatal.row + 1})` : ''}`)
  const [header, ...rows] = parsed.data
  const cols = header.map((h) => h.trim().toLowerCase())
  const missing = REQUIRED.filter((c) => !cols.includes(c))
  if (missing.length) {
    throw new ImportFileError('header', `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected ${COLUMNS.join(',')}`)
  }
  const dup = cols.find((c, i) => c && cols.indexOf(c) !== i)
  if (dup) throw new ImportFileError('header', `column ${dup} appears twice`)
  if (!rows.length) throw new ImportFileError('body', 'the file has a header but no rows')

  // Line of each record: count the line breaks in the records before it.
  const lines = recordLines(src)
  const records: RawRecord[] = []
  const errors: RowError[] = []
  rows.forEach((row, k) => {
    const line = lines[k + 1] ?? k + 2
    if (row.length !== cols.length) {
      errors.push({ line, field: 'row', message: `expected ${cols.length} fields as in the header, found ${row.length}` })
      return
    }
    const fields: Record<string, string | null> = {}
    cols.forEach((c, i) => { if (c) fields[c] = text(row[i]) })
    records.push({ line, fields })
  })
  return { records, errors }
}

/** Start line of each non-empty CSV record, honouring quotes. */
function recordLines(src: string): number[] {
  const out: number[] = []
  let line = 1, inQuotes = false, atStart = true
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]
    if (atStart && ch !== '\n' && ch !== '\r') { out.push(line); atStart = false }
    if (ch === '"') inQuotes = !inQuotes
    else if (ch === '\n') { line++; if (!inQuotes) atStart = true }
  }
  return out
}

/** GeoJSON FeatureCollection of Point features (or null geometry with a village); "line" is the feature number. */
export function parseGeoJson(body: string): { records: RawRecord[]; errors: RowError[] } {
  if (!body.trim()) throw new ImportFileError('body', 'the file is empty')
  let doc: any
  try { doc = JSON.parse(body) } catch (e) { throw new ImportFileError('body', `cannot parse the JSON: ${(e as Error).message}`) }
  if (!doc || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new ImportFileError('type', 'expected a GeoJSON FeatureCollection with a features array')
  }
  if (!doc.features.length) throw new ImportFileError('features', 'the FeatureCollection has no features')
  const records: RawRecord[] = []
  const errors: RowError[] = []
  doc.features.forEach((f: any, k: number) => {
    const line = k + 1
    if (!f || f.type !== 'Feature') { errors.push({ line, field: 'type', message: 'expected a Feature' }); return }
    const props = f.properties && typeof f.properties === 'object' ? f.properties : {}
    const fields: Record<string, string | null> = {}
    for (const [key, v] of Object.entries(props)) {
      if (v != null && typeof v === 'object') { errors.push({ line, field: key, message: 'expected a text or number value' }); return }
      fields[key.toLowerCase()] = text(v)
    }
    if (fields.external_id == null && f.id != null) fields.external_id = text(f.id)
    const g = f.geometry
    if (g != null) {
      if (g.type !== 'Point' || !Array.isArray(g.coordinates) || g.coordinates.length < 2) {
        errors.push({ line, field: 'geometry', message: 'expected a Point geometry [lon, lat] or null' }); return
      }
      fields.lon = text(g.coordinates[0])
      fields.lat = text(g.coordinates[1])
    }
    records.push({ line, fields })
  })
  return { records, errors }
}

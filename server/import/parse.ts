import { CsvReader, CsvRecords } from './csv-stream.ts'
import { ImportFileError, type RawRecord, type RowError } from './records.ts'

export { ImportFileError, type RawRecord, type RowError } from './records.ts'

export const COLUMNS = [
  'external_id',
  'occurred_at',
  'criterion',
  'subtype',
  'lon',
  'lat',
  'village_code',
  'village_name',
  'description',
] as const
/** Optional extras: area_code narrows a village name to a province/district/commune; source overrides the import's source. */
export const EXTRA_COLUMNS = ['area_code', 'source'] as const

const text = (v: unknown): string | null => {
  if (v == null) return null
  const s = String(v).trim()
  return s === '' ? null : s
}

/** `o?.[k]` on parsed JSON of unknown shape. */
const field = (o: unknown, k: string): unknown => (o == null ? undefined : (o as Record<string, unknown>)[k])

/** CSV with a header row, whole (the import streams the same reader). Line numbers count the header as line 1 and follow quoted line breaks. */
export function parseCsv(
  body: string,
  opts: { columns?: readonly string[]; required?: readonly string[] } = {},
): { records: RawRecord[]; errors: RowError[] } {
  if (!body.replace(/^\uFEFF/, '').trim()) throw new ImportFileError('body', 'the file is empty')
  const reader = new CsvReader()
  const rows = new CsvRecords(opts.columns ?? COLUMNS, opts.required)
  const errors: RowError[] = []
  const records = rows.take([...reader.push(body), ...reader.end()], errors)
  rows.finish()
  return { records, errors }
}

/** GeoJSON FeatureCollection of Point features (or null geometry with a village); "line" is the feature number. */
export function parseGeoJson(body: string): { records: RawRecord[]; errors: RowError[] } {
  if (!body.trim()) throw new ImportFileError('body', 'the file is empty')
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch (e) {
    throw new ImportFileError('body', `cannot parse the JSON: ${(e as Error).message}`)
  }
  const features = field(doc, 'features')
  if (field(doc, 'type') !== 'FeatureCollection' || !Array.isArray(features)) {
    throw new ImportFileError('type', 'expected a GeoJSON FeatureCollection with a features array')
  }
  if (!features.length) throw new ImportFileError('features', 'the FeatureCollection has no features')
  const records: RawRecord[] = []
  const errors: RowError[] = []
  features.forEach((f: unknown, k: number) => {
    const line = k + 1
    if (field(f, 'type') !== 'Feature') {
      errors.push({ line, field: 'type', message: 'expected a Feature' })
      return
    }
    const fp = field(f, 'properties')
    const props = fp && typeof fp === 'object' ? fp : {}
    const fields: Record<string, string | null> = {}
    for (const [key, v] of Object.entries(props)) {
      if (v != null && typeof v === 'object') {
        errors.push({ line, field: key, message: 'expected a text or number value' })
        return
      }
      fields[key.toLowerCase()] = text(v)
    }
    const id = field(f, 'id')
    if (fields.external_id == null && id != null) fields.external_id = text(id)
    const g = field(f, 'geometry')
    if (g != null) {
      const coords = field(g, 'coordinates')
      if (field(g, 'type') !== 'Point' || !Array.isArray(coords) || coords.length < 2) {
        errors.push({ line, field: 'geometry', message: 'expected a Point geometry [lon, lat] or null' })
        return
      }
      fields.lon = text(coords[0])
      fields.lat = text(coords[1])
    }
    records.push({ line, fields })
  })
  return { records, errors }
}

import { CRITERIA } from '../../common/criteria.ts'
import { PHNOM_PENH_OFFSET } from '../../common/periods.ts'
import type { RawRecord, RowError } from './parse.ts'

/** A record whose fields are well formed; where it is still has to be resolved. */
export interface CheckedRecord {
  line: number
  external_id: string
  occurred_at: string // ISO 8601 with offset
  criterion: number
  subtype: string
  lon: number | null
  lat: number | null
  village_code: string | null
  village_name: string | null
  area_code: string | null
  source: string | null
  description: string | null
  /**
   * As exported: 'village' or 'commune' says the point is only the village's point (or its commune's centroid), so
   * the row is placed by its village again and keeps that precision; 'exact' or none: the point is the place.
   */
  precision?: 'exact' | 'village' | 'commune' | null
}

/** Cambodia's extent with a margin; points outside are surely wrong. */
export const CAMBODIA_BBOX = [102.2, 9.8, 107.8, 14.8] as const
const MIN_YEAR = 1990
const MAX_TEXT = 2000

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Parses a timestamp. Without an offset (including a bare date) it is local time in Asia/Phnom_Penh (UTC+7,
 * no daylight saving), the clock the policy's periods are counted in.
 */
export function parseOccurredAt(s: string, now = Date.now()): { iso: string } | { error: string } {
  const m = DATE_RE.exec(s.trim())
  if (!m) return { error: `'${s}' is not a date; expected ISO 8601 such as 2025-03-14 or 2025-03-14T18:30:00+07:00` }
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', off] = m
  const day = new Date(Date.UTC(+y, +mo - 1, +d))
  if (day.getUTCMonth() !== +mo - 1 || day.getUTCDate() !== +d) return { error: `'${s}' is not a calendar date` }
  if (+h > 23 || +mi > 59 || +sec > 59) return { error: `'${s}' has an impossible time of day` }
  let offset = PHNOM_PENH_OFFSET
  if (off) offset = off.toUpperCase() === 'Z' ? 'Z' : off.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}${offset}`
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return { error: `'${s}' is not a valid timestamp` }
  if (+y < MIN_YEAR) return { error: `'${s}' is before ${MIN_YEAR}` }
  if (t > now + 24 * 3600_000) return { error: `'${s}' is in the future` }
  return { iso }
}

function num(s: string | null): number | null | undefined {
  if (s == null) return null
  const n = Number(s)
  return Number.isFinite(n) && s.trim() !== '' ? n : undefined
}

/** Checks each field of a record; returns the record or every problem found in it. */
export function checkRecord(r: RawRecord, now = Date.now()): { ok: CheckedRecord } | { errors: RowError[] } {
  const f = r.fields
  const errors: RowError[] = []
  const err = (field: string, message: string) => errors.push({ line: r.line, field, message })

  const external_id = f.external_id ?? null
  if (!external_id) err('external_id', 'external_id is required')
  else if (external_id.length > 200) err('external_id', 'external_id is longer than 200 characters')

  let occurred_at = ''
  if (!f.occurred_at) err('occurred_at', 'occurred_at is required')
  else {
    const d = parseOccurredAt(f.occurred_at, now)
    if ('error' in d) err('occurred_at', d.error)
    else occurred_at = d.iso
  }

  let criterion = 0
  if (!f.criterion) err('criterion', 'criterion is required (1 to 5)')
  else if (!/^[1-5]$/.test(f.criterion)) err('criterion', `criterion must be an integer from 1 to 5, not '${f.criterion}'`)
  else criterion = Number(f.criterion)

  let subtype = ''
  const crit = CRITERIA.find((c) => c.id === criterion)
  if (crit) {
    const given = (f.subtype ?? '').toLowerCase().replace(/[\s-]+/g, '_')
    const st = crit.subtypes.find((s) => s.code === given || s.en.toLowerCase().replace(/[\s-]+/g, '_') === given || s.km === f.subtype)
    if (!f.subtype) err('subtype', `subtype is required; for criterion ${criterion} one of ${crit.subtypes.map((s) => s.code).join(', ')}`)
    else if (!st)
      err(
        'subtype',
        `'${f.subtype}' is not a subtype of criterion ${criterion}; expected one of ${crit.subtypes.map((s) => s.code).join(', ')}`,
      )
    else subtype = st.code
  }

  const lon = num(f.lon ?? null),
    lat = num(f.lat ?? null)
  if (lon === undefined) err('lon', `lon '${f.lon}' is not a number`)
  if (lat === undefined) err('lat', `lat '${f.lat}' is not a number`)
  if ((lon == null) !== (lat == null) && lon !== undefined && lat !== undefined)
    err(lon == null ? 'lon' : 'lat', 'give both lon and lat, or neither')
  if (lon != null && lat != null) {
    const [x0, y0, x1, y1] = CAMBODIA_BBOX
    if (lon < x0 || lon > x1 || lat < y0 || lat > y1) {
      const swapped = lat >= x0 && lat <= x1 && lon >= y0 && lon <= y1
      err(lon < x0 || lon > x1 ? 'lon' : 'lat', `point (${lon}, ${lat}) is outside Cambodia${swapped ? '; lon and lat look swapped' : ''}`)
    }
  }

  const village_code = f.village_code ?? null
  if (village_code && !/^\d{8}$/.test(village_code)) err('village_code', `village_code must be 8 digits, not '${village_code}'`)
  const area_code = f.area_code ?? null
  if (area_code && !/^(\d{2}|\d{4}|\d{6})$/.test(area_code))
    err('area_code', `area_code must be a province, district or commune code (2, 4 or 6 digits), not '${area_code}'`)
  const village_name = f.village_name ?? null
  if (lon == null && lat == null && !village_code && !village_name && lon !== undefined && lat !== undefined) {
    err('lon', 'give lon and lat, or a village_code or village_name')
  }
  const description = f.description ?? null
  if (description && description.length > MAX_TEXT) err('description', `description is longer than ${MAX_TEXT} characters`)
  const source = f.source ?? null
  if (source && source.length > 100) err('source', 'source is longer than 100 characters')

  const precision = f.precision ? f.precision.toLowerCase() : null
  if (precision && precision !== 'exact' && precision !== 'village' && precision !== 'commune')
    err('precision', `precision must be exact, village or commune, not '${f.precision}'`)
  else if (precision && precision !== 'exact' && !village_code && !village_name)
    err('precision', `precision '${precision}' needs the village (village_code or village_name)`)

  if (errors.length) return { errors }
  return {
    ok: {
      line: r.line,
      external_id: external_id!,
      occurred_at,
      criterion,
      subtype,
      lon: lon ?? null,
      lat: lat ?? null,
      village_code,
      village_name,
      area_code,
      source,
      description,
      precision: precision as CheckedRecord['precision'],
    },
  }
}

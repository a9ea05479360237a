/**
 * Reporting periods of the policy (month, quarter, semester, year), as Asia/Phnom_Penh calendar days.
 * A period's `to` is inclusive, as IncidentFilters' dates are.
 */
export type PeriodType = 'month' | 'quarter' | 'semester' | 'year'
export const PERIOD_TYPES: readonly PeriodType[] = ['month', 'quarter', 'semester', 'year']
export const PERIOD_MONTHS: Record<PeriodType, number> = { month: 1, quarter: 3, semester: 6, year: 12 }
export const PER_YEAR: Record<PeriodType, number> = { month: 12, quarter: 4, semester: 2, year: 1 }

/** Asia/Phnom_Penh is UTC+7 all year (no daylight saving): the offset in ms and as an ISO 8601 suffix. */
export const PHNOM_PENH_OFFSET_MS = 7 * 3_600_000
export const PHNOM_PENH_OFFSET = '+07:00'
export const PHNOM_PENH_TZ = 'Asia/Phnom_Penh'

/** A period as the API takes it: type, year and index (null for a year). */
export interface PeriodSel {
  type: PeriodType
  year: number
  index: number | null
}

export interface Period {
  type: PeriodType
  year: number
  index: number | null
  from: string
  to: string
  months: number
  label_en: string
  label_km: string
}

export const MONTH_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
export const MONTH_KM = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ']

const pad = (n: number) => String(n).padStart(2, '0')
/** The last day of a month (1-based), as YYYY-MM-DD. */
export function monthEnd(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`
}

/** Number of periods of a type in a year. */
export const periodsPerYear = (type: PeriodType) => PER_YEAR[type]

/** The period of a type, year and index (index is ignored for a year). Throws on an index out of range. */
export function period(type: PeriodType, year: number, index?: number | null): Period {
  const n = PER_YEAR[type]
  const i = type === 'year' ? 1 : (index ?? 0)
  if (!Number.isInteger(year) || year < 1990 || year > 2100) throw new RangeError('year runs from 1990 to 2100')
  if (!Number.isInteger(i) || i < 1 || i > n) throw new RangeError(`index for a ${type} runs from 1 to ${n}`)
  const months = PERIOD_MONTHS[type]
  const m0 = (i - 1) * months + 1
  const m1 = m0 + months - 1
  const labels: Record<PeriodType, [string, string]> = {
    month: [`${MONTH_EN[m0 - 1]} ${year}`, `ខែ${MONTH_KM[m0 - 1]} ឆ្នាំ ${year}`],
    quarter: [`Q${i} ${year}`, `ត្រីមាសទី ${i} ឆ្នាំ ${year}`],
    semester: [`Semester ${i} ${year}`, `ឆមាសទី ${i} ឆ្នាំ ${year}`],
    year: [`Year ${year}`, `ឆ្នាំ ${year}`],
  }
  return {
    type,
    year,
    index: type === 'year' ? null : i,
    from: `${year}-${pad(m0)}-01`,
    to: monthEnd(year, m1),
    months,
    label_en: labels[type][0],
    label_km: labels[type][1],
  }
}

/** The period just before. */
export function previousPeriod(p: Period): Period {
  if (p.type === 'year' || p.index === 1) return period(p.type, p.year - 1, PER_YEAR[p.type])
  return period(p.type, p.year, (p.index ?? 1) - 1)
}

export function nextPeriod(p: Period): Period {
  if (p.type === 'year' || p.index === PER_YEAR[p.type]) return period(p.type, p.year + 1, 1)
  return period(p.type, p.year, (p.index ?? 0) + 1)
}

/** The period of a type containing a local date YYYY-MM-DD. */
export function periodOf(type: PeriodType, date: string): Period {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  return period(type, year, Math.floor((month - 1) / PERIOD_MONTHS[type]) + 1)
}

/** The periods of a type that overlap from..to (local dates), in order. */
export function periodsBetween(type: PeriodType, from: string, to: string, max = 400): Period[] {
  const out: Period[] = []
  for (let p = periodOf(type, from); p.from <= to; p = nextPeriod(p)) {
    out.push(p)
    if (out.length > max) throw new RangeError(`more than ${max} periods`)
  }
  return out
}

/** A local date shifted by whole months, clamped to the end of the month (2026-05-31 - 3 months = 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4)),
    m = Number(date.slice(5, 7)),
    d = Number(date.slice(8, 10))
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12),
    nm = (total % 12) + 1
  const last = Number(monthEnd(ny, nm).slice(8, 10))
  return `${ny}-${pad(nm)}-${pad(Math.min(d, last))}`
}

/** A local date shifted by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** The Phnom Penh calendar day of an instant, YYYY-MM-DD. */
export const localDate = (t: Date | number) => new Date(Number(t) + PHNOM_PENH_OFFSET_MS).toISOString().slice(0, 10)

/** Today's date in Phnom Penh (UTC+7, no daylight saving). */
export const localToday = () => localDate(Date.now())

/** First and last day (inclusive) of a period selection, without its labels. */
export function periodRange(p: PeriodSel): { from: string; to: string } {
  const n = PERIOD_MONTHS[p.type],
    i = p.type === 'year' ? 1 : (p.index ?? 1)
  const m0 = (i - 1) * n + 1
  return { from: `${p.year}-${pad(m0)}-01`, to: monthEnd(p.year, m0 + n - 1) }
}

/** The last whole quarter of data ending on `to` (today in Phnom Penh without one): that quarter if `to` ends it, else the one before. */
export function defaultPeriod(to: string | null): PeriodSel {
  const d = to ?? localToday()
  const y = Number(d.slice(0, 4)),
    m = Number(d.slice(5, 7))
  const q = Math.floor((m - 1) / 3) + 1
  if (m % 3 === 0 && d.slice(0, 10) === monthEnd(y, m)) return { type: 'quarter', year: y, index: q }
  return q === 1 ? { type: 'quarter', year: y - 1, index: 4 } : { type: 'quarter', year: y, index: q - 1 }
}

/** Whole days from a to b (local dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}

/** Months YYYY-MM from..to inclusive. */
export function monthList(from: string, to: string): string[] {
  const out: string[] = []
  let y = Number(from.slice(0, 4)),
    m = Number(from.slice(5, 7))
  const end = to.slice(0, 7)
  for (;;) {
    const s = `${y}-${pad(m)}`
    if (s > end) break
    out.push(s)
    if (++m > 12) {
      m = 1
      y++
    }
  }
  return out
}

/**
 * Whether the data cover a period from its first to its last day. `dataFrom`/`dataTo` are the first and last local
 * days of the incidents the caller may see (/api/meta's time_range, server/services/data-cover.ts).
 */
export function isComplete(p: { from: string; to: string }, dataFrom: string | null, dataTo: string | null): boolean {
  return dataFrom != null && dataTo != null && dataFrom <= p.from && dataTo >= p.to
}

/** The part of a period the data cover: its days, and its whole months when it is made of whole months (else null). */
export function periodCoverage(
  p: { from: string; to: string },
  dataFrom: string | null,
  dataTo: string | null,
): { from: string; to: string; days: number; totalDays: number; months: number | null; totalMonths: number } | null {
  const totalDays = daysBetween(p.from, p.to) + 1
  const totalMonths = monthList(p.from, p.to).length
  if (dataFrom == null || dataTo == null) return null
  const from = dataFrom > p.from ? dataFrom : p.from,
    to = dataTo < p.to ? dataTo : p.to
  if (from > to) return { from: p.from, to: p.from, days: 0, totalDays, months: 0, totalMonths }
  const whole = from.endsWith('-01') && to === monthEnd(Number(to.slice(0, 4)), Number(to.slice(5, 7)))
  return { from, to, days: daysBetween(from, to) + 1, totalDays, months: whole ? monthList(from, to).length : null, totalMonths }
}

/** The calendar period (month, quarter, semester or year) whose first and last days are from and to, or null. */
export function periodOfRange(from: string, to: string): Period | null {
  for (const type of PERIOD_TYPES) {
    const p = periodOf(type, from)
    if (p.from === from && p.to === to) return p
  }
  return null
}

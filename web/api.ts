/** Fetches JSON from our own /api; errors carry the server's message (and the field it names, if any). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field: string | null = null,
  ) {
    super(message)
  }
}

/** A 400 (a request the server refuses, e.g. a viewer's period that is not a calendar one) is announced on window. */
export const BAD_REQUEST_EVENT = 'sv:bad-request'
export type BadRequestDetail = { path: string; message: string; field: string | null }

/** The server's message of a refused request: its error, naming the field when the message does not. */
export function refusalText(d: { message: string; field: string | null }): string {
  return d.field && !d.message.includes(d.field) ? `${d.field}: ${d.message}` : d.message
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, { signal })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError('the server cannot be reached', 0)
  }
  if (res.status === 401) window.dispatchEvent(new Event('sv:unauthorized'))
  if (!res.ok) throw await apiError(res, path)
  return res.json() as Promise<T>
}

/** The error of a failed response, with the server's message and field; a 400 is also announced on window. */
export async function apiError(res: Response, path: string): Promise<ApiError> {
  let msg = `${res.status} ${res.statusText}`,
    field: string | null = null
  try {
    const j = await res.json()
    msg = j.error ?? msg
    field = j.issues?.[0]?.field ?? null
  } catch {
    /* not JSON */
  }
  if (res.status === 400)
    window.dispatchEvent(new CustomEvent<BadRequestDetail>(BAD_REQUEST_EVENT, { detail: { path, message: msg, field } }))
  return new ApiError(msg, res.status, field)
}

export const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError'

export interface Criterion {
  id: number
  en: string
  km: string
  color: string
}
export interface Meta {
  attribution: string[]
  synthetic: boolean
  incidents: number
  synthetic_incidents: number
  time_range: { from: string | null; to: string | null }
  criteria: Criterion[]
  version: string
}
/** Counts are null when withheld for the viewer (1 to k-1 incidents): `suppressed` says so. */
export interface AreaStat {
  code: string
  name_en: string
  name_km: string | null
  parent_code: string | null
  population: number | null
  count: number | null
  rate_per_1000: number | null
  by_criterion: Record<string, number | null>
  has_geometry: boolean
  suppressed: boolean
  suppressed_criteria: string[]
}
export interface AreaDetails {
  code: string
  level: string
  name_en: string
  name_km: string | null
  type_en?: string | null
  type_km?: string | null
  population: number | null
  population_estimated: boolean
  has_geometry: boolean
  bbox: [number, number, number, number] | null
  ancestors: { code: string; level: string; name_en: string; name_km: string | null }[]
  incidents: {
    count: number | null
    by_criterion: Record<string, number | null>
    rate_per_1000: number | null
    suppressed: boolean
    suppressed_criteria: string[]
  }
  lon?: number | null
  lat?: number | null
}
export interface SearchHit {
  code: string
  level: string
  name_en: string
  name_km: string | null
  parent_names_en: string
  parent_names_km: string
  lon: number | null
  lat: number | null
  bbox: [number, number, number, number] | null
}
export interface Points {
  count: number
  truncated: boolean
  points: [number, number, number][]
}

import type { Map } from 'maplibre-gl'
import { localToday } from '../../../common/periods.ts'
import type { Meta } from '../../api.ts'
import { ApiError, getJson } from '../../client.ts'
import { t } from '../../i18n/index.ts'
import type { Me } from '../../session.ts'
import type { PolicyTab, Store } from '../../state.ts'
import type { PeriodSel } from './period.ts'

/** What every tab of the policy panel gets from the panel. */
export interface PolicyCtx {
  map: Map
  user: Me
  meta: Meta
  store: Store
  area(): string | null // the selected area, else the user's own area, else null (all Cambodia)
  period(): PeriodSel
  rerender(): void
  select(code: string, lon?: number | null, lat?: number | null): void // select an area and go to it
  tip: { show(x: number, y: number, html: string): void; hide(): void }
}

/** A tab builds its body once (`el`); update() refreshes it in place, so what the user types survives a data load. */
export interface Tab {
  id: PolicyTab
  el: HTMLElement
  show(on: boolean): void // its map layers
  reload(): void // the area or the period changed
  update(): void
  legend(): Node[] | null
}

/** GET JSON through the app's client; a route the server does not have yet answers HTML (the app page), said plainly. */
export async function api<T>(path: string, signal?: AbortSignal): Promise<T> {
  try {
    return await getJson<T>(path, signal)
  } catch (e) {
    if (e instanceof SyntaxError) throw new ApiError(t('pol.unavailable'), 404)
    throw e
  }
}

/** The message of a failed save, naming the field the server refused. */
export const errorText = (e: unknown): string =>
  e instanceof ApiError && e.field && !e.message.includes(e.field)
    ? `${e.message} (${e.field})`
    : e instanceof Error
      ? e.message
      : String(e)

/** Area level helpers: the area parameter for rows one level down, or villages of a commune. */
export function unitsOf(area: string | null): { level: 'commune' | 'village'; area: string | null } {
  if (area && area.length >= 6) return { level: 'village', area: area.slice(0, 6) }
  return { level: 'commune', area }
}

export const today = localToday // Phnom Penh
export const areaParam = (a: string | null) => (a ? `&area=${a}` : '')

/** Properties of a map feature under the mouse, read without `any`. */
export type Props = Record<string, unknown>
export const propsOf = (e: { features?: { properties: Props | null }[] }): Props | null => e.features?.[0]?.properties ?? null
/** A property as text; GeoJSON turns null into "null". */
export const str = (p: Props, k: string): string | null => (p[k] == null || p[k] === 'null' ? null : String(p[k]))
/** A place's names from feature properties, for placeName(). */
export const namesOf = (p: Props) => ({ name_en: str(p, 'name_en') ?? '', name_km: str(p, 'name_km') })

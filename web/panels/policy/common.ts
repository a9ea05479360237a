import type { Map } from 'maplibre-gl'
import { ApiError, getJson, isAbort, type Meta } from '../../api.ts'
import { fmtInt, t } from '../../i18n/index.ts'
import type { Me } from '../../session.ts'
import type { PolicyTab, Store } from '../../state.ts'
import { h } from '../dom.ts'
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

export interface Tab {
  id: PolicyTab
  show(on: boolean): void // its map layers
  reload(): void // the area or the period changed
  body(): Node[]
  legend(): Node[] | null
}

/** GET JSON; a route the server does not have yet answers HTML (the app page), which we say plainly. */
export async function api<T>(path: string, signal?: AbortSignal): Promise<T> {
  try {
    return await getJson<T>(path, signal)
  } catch (e) {
    if (e instanceof SyntaxError) throw new ApiError(t('pol.unavailable'), 404)
    throw e
  }
}

/** POST/PATCH/DELETE JSON; throws the server's message (and the first field issue). */
export async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (res.status === 401) window.dispatchEvent(new Event('sv:unauthorized'))
  const text = await res.text()
  let json: any = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const issue = json?.issues?.[0]
    throw new ApiError(
      `${json?.error ?? `${res.status} ${res.statusText}`}${issue ? ` (${issue.field ?? issue.path?.join('.')}: ${issue.message})` : ''}`,
      res.status,
    )
  }
  return json as T
}

/** One fetch at a time (a newer one aborts the older), with its data, error and busy flag. */
export function loader<T>(ctx: PolicyCtx, fetcher: (signal: AbortSignal) => Promise<T>, onData?: (d: T) => void) {
  let ctl: AbortController | null = null
  const st = {
    data: null as T | null,
    error: null as string | null,
    busy: false,
    loaded: false,
    async load() {
      ctl?.abort()
      const c = (ctl = new AbortController())
      st.busy = true
      st.error = null
      ctx.rerender()
      try {
        const d = await fetcher(c.signal)
        if (c.signal.aborted) return
        st.data = d
        st.loaded = true
        onData?.(d)
      } catch (e) {
        if (isAbort(e) || c.signal.aborted) return
        st.error = (e as Error).message
        st.data = null
        onData?.(null as T)
      }
      st.busy = false
      ctx.rerender()
    },
    abort() {
      ctl?.abort()
      st.busy = false
    },
  }
  return st
}

/** Loading and error lines of a loader. */
export function stateNodes(l: { busy: boolean; error: string | null }): Node[] {
  const out: Node[] = []
  if (l.busy) out.push(h('p', { class: 'muted pol-loading' }, t('status.loading')))
  if (l.error) out.push(h('p', { class: 'login-error pol-error' }, t('status.error', { msg: l.error })))
  return out
}

export const syntheticNote = (ctx: PolicyCtx) => (ctx.meta.synthetic ? h('p', { class: 'synthetic-note' }, t('pol.synthetic')) : null)
export const empty = (msg: string) => h('p', { class: 'empty' }, msg)

/** A count, or "–" in italics when it is withheld (null) for this user. */
export function cnt(v: number | null | undefined): HTMLElement {
  return v == null ? h('span', { class: 'suppressed', title: t('privacy.suppressed') }, '–') : h('span', {}, fmtInt(v))
}
export const yesNo = (v: boolean | null | undefined) =>
  h(
    'span',
    { class: v ? 'yes' : v === false ? 'no' : 'muted', title: v ? t('pol.yes') : v === false ? t('pol.no') : '' },
    v ? '✓' : v === false ? '✗' : '–',
  )
export const pct = (v: number | null | undefined, digits = 0) => (v == null || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(digits)}%`)
export const signed = (v: number | null | undefined, f: (x: number) => string = fmtInt) =>
  v == null ? '–' : v > 0 ? `+${f(v)}` : v < 0 ? `−${f(-v)}` : '0'

/** A scrolling table; `key` keeps its scroll position across re-renders. */
export function table(key: string, head: (string | Node)[], rows: Node[], foot?: Node | null, cls = ''): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap', 'data-scroll': key },
    h(
      'table',
      { class: `pol-table ${cls}` },
      h('thead', {}, h('tr', {}, ...head.map((x) => h('th', {}, x)))),
      h('tbody', {}, ...rows),
      foot ? h('tfoot', {}, foot) : null,
    ),
  )
}

/** Area level helpers: the area parameter for rows one level down, or villages of a commune. */
export function unitsOf(area: string | null): { level: 'commune' | 'village'; area: string | null } {
  if (area && area.length >= 6) return { level: 'village', area: area.slice(0, 6) }
  return { level: 'commune', area }
}

export const today = () => {
  const d = new Date(Date.now() + 7 * 3600_000) // Phnom Penh
  return d.toISOString().slice(0, 10)
}
export const areaParam = (a: string | null) => (a ? `&area=${a}` : '')

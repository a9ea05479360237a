import { fmtInt, getLang, t } from '../../i18n/index.ts'
import { h } from '../dom.ts'
import type { PolicyCtx } from './common.ts'
import type { Parts } from './view.ts'

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

/** A scrolling table; `key` keeps its scroll position across redraws. */
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

/** The server's method note in the interface language (the server sends both). */
export const methodText = (x: { method: string; method_km: string } | null | undefined): string | null =>
  x ? (getLang() === 'km' ? x.method_km : x.method) : null

/** The method note of an API answer, folded; built once, so it stays open across redraws. */
export function methodNote(p: Parts, method: () => string | null | undefined): HTMLElement {
  const text = p.text(() => method() ?? '')
  const box = h(
    'details',
    { class: 'params' },
    h(
      'summary',
      {},
      p.text(() => t('pol.p.method')),
    ),
    h('p', { class: 'muted small pol-method' }, text),
  )
  p.effect(() => {
    box.hidden = !method()
  })
  return box
}

/** Minimal DOM helpers: h('div', {class: 'x'}, child, 'text'), and patch() to update a panel in place. */
type Child = Node | string | number | null | undefined | false

// What h() set as properties (checked, disabled, a number value …) and its event handlers, per element, so patch()
// can carry them over to the node it keeps.
const PROPS = new WeakMap<Element, Record<string, unknown>>()
const HANDLERS = new WeakMap<Element, Record<string, EventListener>>()

function listen(el: Element, type: string, fn: EventListener) {
  let hs = HANDLERS.get(el)
  if (!hs) HANDLERS.set(el, (hs = {}))
  if (!hs[type]) el.addEventListener(type, (e) => HANDLERS.get(el)?.[type]?.(e))
  hs[type] = fn
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, unknown> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  const props: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue
    if (k.startsWith('on') && typeof v === 'function') listen(el, k.slice(2).toLowerCase(), v as EventListener)
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v)
    else if (k in el && typeof v !== 'string') {
      Reflect.set(el, k, v)
      props[k] = v
    } else el.setAttribute(k, v === true ? '' : String(v))
  }
  PROPS.set(el, props)
  for (const c of children) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c))
  return el
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} missing from index.html`)
  return el as T
}

/** Fields whose typed value is the user's until the rendered value itself changes. */
const isField = (el: Element) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement
const keyOf = (n: Node) => (n instanceof Element ? n.id || n.getAttribute('data-key') || null : null)
const sameKind = (a: Node, b: Node) =>
  a.nodeName === b.nodeName &&
  keyOf(a) === keyOf(b) &&
  (!(a instanceof Element) || !(b instanceof Element) || a.getAttribute('type') === b.getAttribute('type'))

/**
 * Makes `root`'s children look like `children` (built with h()) while keeping the nodes that are already there:
 * an input keeps its node, its focus and what the user typed (unless the rendered value changed). Elements are
 * matched by id or data-key, else by tag in order.
 */
export function patch(root: Element, ...children: Child[]): void {
  const active = document.activeElement
  const focused = active instanceof HTMLElement && root.contains(active) ? active : null
  const sel = focused && isField(focused) ? selection(focused as HTMLInputElement) : null
  patchChildren(
    root,
    children
      .filter((c): c is Node | string | number => c != null && c !== false)
      .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))),
  )
  if (focused?.isConnected && document.activeElement !== focused) {
    focused.focus({ preventScroll: true })
    if (sel) restoreSelection(focused as HTMLInputElement, sel)
  }
}

function patchChildren(parent: Node, next: Node[]) {
  let cur = parent.firstChild
  for (const n of next) {
    let m: ChildNode | null = null
    for (let c = cur; c; c = c.nextSibling) {
      if (sameKind(c, n)) {
        m = c
        break
      }
      if (!keyOf(n) && keyOf(c)) break // unkeyed nodes are matched in order, not across keyed ones
    }
    if (!m) {
      parent.insertBefore(n, cur)
      continue
    }
    // Nodes skipped over are gone (unkeyed) or move after the match (keyed): the match itself stays, and so its focus.
    while (cur && cur !== m && !keyOf(cur)) cur = drop(cur)
    if (m !== cur) parent.insertBefore(m, cur)
    morph(m, n)
    cur = m.nextSibling
  }
  while (cur) {
    const nx = cur.nextSibling
    cur.remove()
    cur = nx
  }
}

/** Removes an unmatched node and returns the one after it. */
function drop(n: ChildNode): ChildNode | null {
  const nx = n.nextSibling
  n.remove()
  return nx
}

function morph(old: Node, n: Node) {
  if (!(old instanceof Element) || !(n instanceof Element)) {
    if (old.nodeValue !== n.nodeValue) old.nodeValue = n.nodeValue
    return
  }
  syncAttributes(old, n)
  syncProps(old, n)
  const hs = HANDLERS.get(n) ?? {}
  for (const type of Object.keys(HANDLERS.get(old) ?? {})) if (!hs[type]) listen(old, type, () => undefined)
  for (const [type, fn] of Object.entries(hs)) listen(old, type, fn)
  patchChildren(old, [...n.childNodes])
}

function syncAttributes(old: Element, n: Element) {
  for (const a of [...old.attributes]) if (!n.hasAttribute(a.name)) old.removeAttribute(a.name)
  for (const a of [...n.attributes]) {
    const prev = old.getAttribute(a.name)
    if (prev === a.value) continue
    // The page's CSP (style-src 'self') refuses a style attribute set as text; the CSSOM is allowed.
    if (a.name === 'style' && old instanceof HTMLElement && n instanceof HTMLElement) old.style.cssText = n.style.cssText
    else old.setAttribute(a.name, a.value)
    // A new rendered value replaces what was typed; an unchanged one leaves it.
    if (a.name === 'value' && isField(old)) (old as HTMLInputElement).value = a.value
  }
}

function syncProps(old: Element, n: Element) {
  const was = PROPS.get(old) ?? {}
  const now = PROPS.get(n) ?? {}
  for (const k of new Set([...Object.keys(was), ...Object.keys(now)])) {
    const v = k in now ? now[k] : k === 'value' ? '' : false
    if (k === 'value' && isField(old) && was[k] === v) continue
    if (Reflect.get(old, k) !== v) Reflect.set(old, k, v)
  }
  PROPS.set(old, now)
}

type Sel = { start: number | null; end: number | null }
function selection(el: HTMLInputElement): Sel | null {
  try {
    return { start: el.selectionStart, end: el.selectionEnd }
  } catch {
    return null // number inputs have no selection
  }
}
function restoreSelection(el: HTMLInputElement, s: Sel) {
  try {
    if (s.start != null) el.setSelectionRange(s.start, s.end)
  } catch {
    /* not a text field */
  }
}

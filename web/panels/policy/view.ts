import { h, patch } from '../dom.ts'

/**
 * A tiny in-place renderer over h(): a view is built once, and update() refreshes its parts (texts, attributes,
 * redrawn regions, keyed lists, bound inputs), so an input the user is typing in is never re-created by a data load.
 */
export type Child = Node | string | null | undefined | false
type Attrs = Record<string, unknown>

export interface Parts {
  /** A span whose text is recomputed on update (labels follow the language). */
  text(fn: () => string): HTMLSpanElement
  /** A persistent element whose children are redrawn on update and morphed in (patch: kept nodes keep focus and scroll). */
  region<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs, draw: () => Child[]): HTMLElementTagNameMap[K]
  /** Any other refresh (an attribute, a class, a keyed list). */
  effect(fn: () => void): void
  update(): void
}

export function parts(): Parts {
  const fns: (() => void)[] = []
  return {
    text(fn) {
      const s = h('span')
      fns.push(() => {
        const v = fn()
        if (s.textContent !== v) s.textContent = v
      })
      return s
    },
    region(tag, attrs, draw) {
      const el = h(tag, attrs)
      fns.push(() => patch(el, ...draw()))
      return el
    },
    effect(fn) {
      fns.push(fn)
    },
    update() {
      for (const f of fns) f()
    },
  }
}

export const nodes = (cs: Child[]): (Node | string)[] => cs.filter((c): c is Node | string => c != null && c !== false)
/** The nodes of a list that may hold gaps. */
export const present = (xs: (Node | null | undefined | false)[]): Node[] => xs.filter((x): x is Node => x != null && x !== false)

/**
 * An input or textarea bound to `model[key]`: typing writes the model; update() writes the element only when the
 * model was changed elsewhere (a plan opened for editing, a form cleared), so typed text and the caret stay.
 */
export function bound<M extends Record<string, string>, K extends keyof M & string>(
  p: Parts,
  model: M,
  key: K,
  tag: 'input' | 'textarea',
  attrs: Attrs,
): HTMLInputElement | HTMLTextAreaElement {
  const el = h(tag, {
    ...attrs,
    oninput: () => {
      model[key] = el.value as M[K]
    },
  })
  el.value = model[key]
  p.effect(() => {
    if (el.value !== model[key]) el.value = model[key]
  })
  return el
}

/**
 * Makes the children of `parent` match `items` by key: a kept child is updated in place (never re-created, so its
 * focus and state stay), a new one is created, a gone one removed. `create` should read the item through its key.
 */
export function keyed<T, E extends Element>(
  parent: Element,
  items: readonly T[],
  key: (x: T) => string,
  create: (x: T) => E,
  update: (el: E, x: T) => void,
): void {
  const old = new Map<string, Element>()
  for (const c of Array.from(parent.children)) old.set(c.getAttribute('data-key') ?? '', c)
  let i = 0
  for (const x of items) {
    const k = key(x)
    let el = old.get(k) as E | undefined
    if (el) old.delete(k)
    else {
      el = create(x)
      el.setAttribute('data-key', k)
    }
    update(el, x)
    const at = parent.children[i] ?? null
    if (at !== el) parent.insertBefore(el, at) // only moved when out of place
    i++
  }
  for (const c of old.values()) c.remove()
}

/** Replaces the children of `el`, then gives focus back to the control of the same name if it had it. */
export function swapKeepingFocus(el: Element, children: (Node | string)[]): void {
  const active = document.activeElement
  const name = active && el.contains(active) ? active.getAttribute('name') : null
  el.replaceChildren(...children)
  if (name) el.querySelector<HTMLElement>(`[name="${name}"]`)?.focus()
}

/** Sets a class only when it changes (no needless style work). */
export function setClass(el: Element, cls: string): void {
  if (el.getAttribute('class') !== cls) el.setAttribute('class', cls)
}

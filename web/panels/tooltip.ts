import { byId } from './dom.ts'

/** A small HTML tooltip that follows the pointer over the map. */
export function createTooltip() {
  const el = byId('tooltip')
  return {
    show(x: number, y: number, html: string) {
      el.innerHTML = html
      el.hidden = false
      el.style.transform = `translate(${x + 14}px, ${y + 14}px)`
    },
    hide() {
      el.hidden = true
    },
  }
}

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

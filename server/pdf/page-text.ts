import type { SKRSContext2D } from '@napi-rs/canvas'
import { markerColor, type Marked } from './actual-text.ts'
import { FONT, hasKhmer } from './fonts.ts'

export interface TextOpts {
  size?: number
  bold?: boolean
  color?: string
  align?: 'left' | 'center' | 'right'
  halo?: boolean
  maxWidth?: number
}

/** Writes text on a page; Khmer strings are bracketed by markers so the PDF gets their logical text (actual-text.ts). */
export class PageText {
  private perPage = new Map<number, number>()
  readonly marks: Marked[] = []
  page = 0
  constructor(readonly ctx: () => SKRSContext2D) {}

  font(size: number, bold = false) {
    return `${bold ? 'bold ' : ''}${size}px ${FONT}`
  }

  width(s: string, size = 9, bold = false): number {
    const c = this.ctx()
    c.font = this.font(size, bold)
    return c.measureText(s).width
  }

  /** Cuts a string to fit `max` points, with an ellipsis. */
  fit(s: string, max: number, size = 9, bold = false): string {
    if (this.width(s, size, bold) <= max) return s
    let t = s
    while (t.length > 1 && this.width(`${t}…`, size, bold) > max) t = t.slice(0, -1)
    return `${t}…`
  }

  /** Splits a string at spaces into lines of at most `max` points (at most `lines` of them, the last cut to fit). */
  wrap(s: string, max: number, size = 9, bold = false, lines = 99): string[] {
    const out: string[] = []
    let cur = ''
    for (const word of s.split(' ')) {
      const next = cur ? `${cur} ${word}` : word
      if (cur && this.width(next, size, bold) > max) {
        out.push(cur)
        cur = word
      } else cur = next
    }
    if (cur) out.push(cur)
    if (out.length > lines) out.splice(lines - 1, out.length, out.slice(lines - 1).join(' '))
    return out.map((l) => this.fit(l, max, size, bold))
  }

  draw(s: string, x: number, y: number, o: TextOpts = {}) {
    const c = this.ctx()
    if (!s) return
    const text = o.maxWidth ? this.fit(s, o.maxWidth, o.size ?? 9, o.bold) : s
    c.font = this.font(o.size ?? 9, o.bold)
    c.textAlign = o.align ?? 'left'
    const id = hasKhmer(text) ? (this.perPage.get(this.page) ?? 0) : -1
    const mark = id >= 0 && id < 255
    if (mark) {
      this.marker(id, false, x, y)
      this.perPage.set(this.page, id + 1)
    }
    if (o.halo) {
      c.strokeStyle = 'rgba(255,255,255,0.9)'
      c.lineWidth = 2.4
      c.lineJoin = 'round'
      c.strokeText(text, x, y)
    }
    c.fillStyle = o.color ?? '#111'
    c.fillText(text, x, y)
    if (mark) {
      this.marker(id, true, x, y)
      this.marks.push({ page: this.page, id, text })
    }
    c.textAlign = 'left'
  }

  /** At the text's own position: a marker outside a clip would be culled, and its span lost. */
  private marker(id: number, end: boolean, x: number, y: number) {
    const c = this.ctx()
    c.save()
    c.fillStyle = markerColor(id, end)
    c.fillRect(x, y - 1, 0.01, 0.01)
    c.restore()
  }
}

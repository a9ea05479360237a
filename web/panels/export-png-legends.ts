import type { LegendLine } from './export-legend.ts'
import { fontOf, type Sheet } from './export-png-sheet.ts'

/** The legends' smallest text (notes, ramp labels), in CSS pixels before scaling. */
export const SMALLEST_LEGEND_PX = 9.5

/** x, y, width, height in output pixels. */
export type Box = [number, number, number, number]

/**
 * Legends, stacked upward from the lower right between the header and the footer; a legend too tall for the room
 * left stops the stack. Returns the box they take and adds the notes of those drawn to `notes`.
 */
export function drawLegends(s: Sheet, legends: LegendLine[][], head: number, foot: number, notes: string[]): Box | null {
  const { ctx, W, H, k } = s
  let bottom = H - foot - 10 * k
  let box: Box | null = null
  for (const raw of [...legends].reverse()) {
    const lines = wrapLegend(s, raw)
    const bw = 300 * k,
      bh = lines.reduce((sum, l) => sum + lineHeight(l, k), 0) + 14 * k
    const bx = W - bw - 14 * k,
      by = bottom - bh
    if (by < head + 60 * k) break
    ctx.fillStyle = 'rgba(255,255,255,0.94)'
    ctx.fillRect(bx, by, bw, bh)
    ctx.strokeStyle = '#999'
    ctx.lineWidth = k
    ctx.strokeRect(bx, by, bw, bh)
    let y = by + 8 * k
    for (const l of lines) {
      drawLine(s, l, bx, y, bw)
      y += lineHeight(l, k)
    }
    box = box ? [bx, by, bw, Math.max(box[1] + box[3], by + bh) - by] : [bx, by, bw, bh]
    for (const l of raw) if (l.kind === 'note') notes.push(l.text)
    bottom = by - 8 * k
  }
  return box
}

const lineHeight = (l: LegendLine, k: number) => (l.kind === 'title' ? 20 : l.kind === 'ramp' ? 30 : l.kind === 'note' ? 15 : 17) * k

/** Splits `text` at spaces into lines no wider than `width` at `px` CSS pixels. */
function wrap({ ctx, k }: Sheet, text: string, width: number, px = SMALLEST_LEGEND_PX): string[] {
  ctx.font = fontOf(k, px)
  const out: string[] = []
  let cur = ''
  for (const word of text.split(' ')) {
    const next = cur ? `${cur} ${word}` : word
    if (cur && ctx.measureText(next).width > width) {
      out.push(cur)
      cur = word
    } else cur = next
  }
  if (cur) out.push(cur)
  return out
}

/** Long notes and item labels wrap at spaces rather than being squeezed; an item's further lines become notes. */
function wrapLegend(s: Sheet, raw: LegendLine[]): LegendLine[] {
  const { k } = s
  return raw.flatMap((l): LegendLine[] => {
    if (l.kind === 'note') return wrap(s, l.text, 280 * k).map((text) => ({ kind: 'note' as const, text }))
    if (l.kind !== 'item') return [l]
    const [first, ...rest] = wrap(s, l.text, 250 * k, 10.5)
    return [{ ...l, text: first ?? '' }, ...rest.map((text) => ({ kind: 'note' as const, text }))]
  })
}

/** One legend line at the top `y` of its row, in a legend box at `bx` of width `bw`. */
function drawLine(s: Sheet, l: LegendLine, bx: number, y: number, bw: number) {
  const { ctx, k } = s
  if (l.kind === 'title') {
    ctx.fillStyle = '#111'
    ctx.font = fontOf(k, 12, true)
    ctx.fillText(l.text, bx + 10 * k, y + 14 * k, bw - 20 * k)
  } else if (l.kind === 'note') {
    ctx.fillStyle = '#555'
    ctx.font = fontOf(k, SMALLEST_LEGEND_PX)
    ctx.fillText(l.text, bx + 10 * k, y + 11 * k, bw - 20 * k)
  } else if (l.kind === 'ramp') drawRamp(s, l, bx, y, bw)
  else drawItem(s, l, bx, y, bw)
}

/** A colour ramp with its two end labels. */
function drawRamp({ ctx, k }: Sheet, l: Extract<LegendLine, { kind: 'ramp' }>, bx: number, y: number, bw: number) {
  const g = ctx.createLinearGradient(bx + 10 * k, 0, bx + bw - 10 * k, 0)
  l.colors.forEach((c, i) => {
    g.addColorStop(l.colors.length > 1 ? i / (l.colors.length - 1) : 0, c)
  })
  ctx.fillStyle = l.colors.length ? g : '#ccc'
  ctx.fillRect(bx + 10 * k, y + 2 * k, bw - 20 * k, 10 * k)
  ctx.fillStyle = '#333'
  ctx.font = fontOf(k, SMALLEST_LEGEND_PX)
  ctx.fillText(l.from, bx + 10 * k, y + 25 * k)
  ctx.textAlign = 'right'
  ctx.fillText(l.to, bx + bw - 10 * k, y + 25 * k)
  ctx.textAlign = 'left'
}

/** A swatch (image, colour and/or ring) and its label. */
function drawItem({ ctx, k }: Sheet, l: Extract<LegendLine, { kind: 'item' }>, bx: number, y: number, bw: number) {
  const s = 12 * k,
    x = bx + 10 * k,
    yy = y + 2 * k
  if (l.image) ctx.drawImage(l.image, x, yy, s, s)
  else if (l.color) {
    ctx.fillStyle = l.color
    ctx.fillRect(x, yy, s, s)
  }
  if (l.ring) {
    ctx.strokeStyle = l.ring
    ctx.lineWidth = 2 * k
    ctx.strokeRect(x, yy, s, s)
  }
  ctx.fillStyle = '#111'
  ctx.font = fontOf(k, 10.5)
  ctx.fillText(l.text, x + s + 8 * k, yy + 10.5 * k, bw - s - 30 * k)
}

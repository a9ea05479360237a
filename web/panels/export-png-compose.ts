import type { LegendLine } from './export-legend.ts'
import { drawLegends, type Box } from './export-png-legends.ts'
import { fontOf, type Sheet } from './export-png-sheet.ts'

export interface ExportText {
  title: string
  period: string
  filters: string
  attribution: string[]
  synthetic: string | null
  north: string
  scaleUnit: (m: number) => string
}

/**
 * Draws title, north arrow, attribution, scale bar and legends (at `legendK` output pixels per CSS pixel) over the map; returns the box the legends take
 * (null if none was drawn) and adds the notes of the legends drawn to `notes`.
 */
export function compose(s: Sheet, legends: LegendLine[][], t: ExportText, mpp: number, notes: string[], legendK = s.k): Box | null {
  const head = drawHeader(s, t)
  drawNorthArrow(s, head, t.north)
  const foot = drawAttribution(s, t.attribution)
  drawScaleBar(s, foot, mpp, t.scaleUnit)
  return drawLegends({ ...s, k: legendK }, legends, head, foot, notes)
}

/** Header: title, period and filters, and the synthetic-data note; returns its height. */
function drawHeader({ ctx, W, k }: Sheet, t: ExportText): number {
  const head = 54 * k
  ctx.fillStyle = 'rgba(255,255,255,0.92)'
  ctx.fillRect(0, 0, W, head)
  ctx.fillStyle = '#111'
  ctx.font = fontOf(k, 20, true)
  ctx.textBaseline = 'alphabetic'
  ctx.fillText(t.title, 14 * k, 24 * k, W * 0.7)
  ctx.font = fontOf(k, 12)
  ctx.fillStyle = '#333'
  ctx.fillText(`${t.period}${t.filters ? ` · ${t.filters}` : ''}`, 14 * k, 44 * k, W - 28 * k)
  if (t.synthetic) {
    ctx.font = fontOf(k, 13, true)
    const w = ctx.measureText(t.synthetic).width + 16 * k
    ctx.fillStyle = '#b42318'
    ctx.fillRect(W - w - 14 * k, 10 * k, w, 22 * k)
    ctx.fillStyle = '#fff'
    ctx.fillText(t.synthetic, W - w - 6 * k, 26 * k)
  }
  return head
}

/** North arrow below the header (the map is never rotated). */
function drawNorthArrow({ ctx, W, k }: Sheet, head: number, label: string) {
  const nx = W - 34 * k,
    ny = head + 18 * k
  ctx.fillStyle = 'rgba(255,255,255,0.85)'
  ctx.beginPath()
  ctx.arc(nx, ny + 14 * k, 20 * k, 0, 2 * Math.PI)
  ctx.fill()
  ctx.fillStyle = '#111'
  ctx.beginPath()
  ctx.moveTo(nx, ny)
  ctx.lineTo(nx + 8 * k, ny + 20 * k)
  ctx.lineTo(nx, ny + 15 * k)
  ctx.lineTo(nx - 8 * k, ny + 20 * k)
  ctx.closePath()
  ctx.fill()
  ctx.font = fontOf(k, 11, true)
  ctx.textAlign = 'center'
  ctx.fillText(label, nx, ny + 32 * k)
  ctx.textAlign = 'left'
}

/** Attribution strip along the bottom, a line per source; returns its height. */
function drawAttribution({ ctx, W, H, k }: Sheet, attribution: string[]): number {
  const foot = 18 * k * Math.max(1, attribution.length)
  ctx.fillStyle = 'rgba(255,255,255,0.9)'
  ctx.fillRect(0, H - foot, W, foot)
  ctx.fillStyle = '#333'
  ctx.font = fontOf(k, 9)
  attribution.forEach((a, i) => {
    ctx.fillText(a, 10 * k, H - foot + 13 * k + i * 18 * k, W - 20 * k)
  })
  return foot
}

const NICE_LENGTHS = [50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000]

/** Scale bar above the attribution: a round length near 160 CSS px at the centre's metres per pixel. */
function drawScaleBar({ ctx, H, k }: Sheet, foot: number, mpp: number, unit: (m: number) => string) {
  const want = mpp * 160 * k
  const nice = NICE_LENGTHS.reduce((a, b) => (Math.abs(b - want) < Math.abs(a - want) ? b : a))
  const len = nice / mpp,
    sx = 14 * k,
    sy = H - foot - 16 * k
  ctx.fillStyle = 'rgba(255,255,255,0.85)'
  ctx.fillRect(sx - 6 * k, sy - 18 * k, len + 70 * k, 28 * k)
  ctx.fillStyle = '#111'
  ctx.fillRect(sx, sy, len / 2, 5 * k)
  ctx.strokeStyle = '#111'
  ctx.lineWidth = 1.2 * k
  ctx.strokeRect(sx, sy, len, 5 * k)
  ctx.font = fontOf(k, 10)
  ctx.fillText('0', sx - 3 * k, sy - 4 * k)
  ctx.fillText(unit(nice), sx + len - 8 * k, sy - 4 * k)
}

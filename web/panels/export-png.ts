import * as maplibregl from 'maplibre-gl'
import type { LayersList } from '@deck.gl/core'
import { MapLibreOverlay } from '@deck.gl/maplibre'
import { rhumbDistance } from '@turf/turf'
import { readLegends, type LegendLine } from './export-legend.ts'

/** Print sizes: the map is rendered again at that pixel size (not scaled up), with lines and labels at that dpi. */
export const EXPORT_SIZES = {
  screen: null,
  'a4-150': { w: 1754, h: 1240, dpi: 150 },
  'a4-300': { w: 3508, h: 2480, dpi: 300 },
  'a3-150': { w: 2480, h: 1754, dpi: 150 },
  'a3-300': { w: 4961, h: 3508, dpi: 300 },
} as const
export type ExportSize = keyof typeof EXPORT_SIZES

export interface ExportText {
  title: string
  period: string
  filters: string
  attribution: string[]
  synthetic: string | null
  north: string
  scaleUnit: (m: number) => string
}
/** legends: the title of each legend read; notes: the notes of the legends drawn (a legend too tall for the image is left out). */
export interface ExportResult {
  blob: Blob
  width: number
  height: number
  legendBox: [number, number, number, number] | null
  legends: string[]
  notes: string[]
}

const FONT = '"Noto Sans Khmer", system-ui, sans-serif'

/** Metres per output pixel at the map's centre: the length of the centre parallel across the map (a rhumb line), over its width in pixels. */
function metresPerPixel(m: maplibregl.Map, W: number): number {
  const c = m.getCanvas()
  const y = c.clientHeight / 2
  const a = m.unproject([0, y])
  const b = m.unproject([c.clientWidth, y])
  return rhumbDistance([a.lng, a.lat], [b.lng, b.lat], { units: 'meters' }) / W
}

/**
 * Renders the map (again, at print size) with its deck.gl layers (built afresh from the state by `layers`), then
 * composes title, legends, scale, north arrow and attribution.
 */
export async function exportPng(map: maplibregl.Map, layers: () => LayersList, size: ExportSize, text: ExportText): Promise<ExportResult> {
  await document.fonts.load(`16px ${FONT}`).catch(() => undefined)
  const spec = EXPORT_SIZES[size]
  const legends = readLegends()
  let mapImage: CanvasImageSource, W: number, H: number, pr: number, mpp: number
  let cleanup = () => {}
  if (!spec) {
    await new Promise<void>((r) => {
      map.once('render', () => r())
      map.triggerRepaint()
    })
    const c = map.getCanvas()
    W = c.width
    H = c.height
    pr = W / c.clientWidth
    const copy = document.createElement('canvas')
    copy.width = W
    copy.height = H
    copy.getContext('2d')!.drawImage(c, 0, 0)
    mapImage = copy
    mpp = metresPerPixel(map, W)
  } else {
    W = spec.w
    H = spec.h
    pr = spec.dpi / 96
    const box = document.createElement('div')
    Object.assign(box.style, { position: 'fixed', left: '-100000px', top: '0', width: `${W / pr}px`, height: `${H / pr}px` })
    document.body.append(box)
    const off = new maplibregl.Map({
      container: box,
      style: map.getStyle(),
      bounds: map.getBounds(),
      fitBoundsOptions: { padding: 0 },
      pixelRatio: pr,
      interactive: false,
      attributionControl: false,
      fadeDuration: 0,
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    })
    // Icons added with addImage (safe-status markers, pilot stars) are not part of the style: copy them on demand.
    off.on('styleimagemissing', (e: { id: string }) => {
      const img = map.getImage(e.id)
      if (img && !off.hasImage(e.id))
        off.addImage(
          e.id,
          { width: img.data.width, height: img.data.height, data: img.data.data },
          { pixelRatio: img.pixelRatio, sdf: img.sdf },
        )
    })
    off.addControl(new MapLibreOverlay({ interleaved: true, layers: layers() }))
    cleanup = () => {
      off.remove()
      box.remove()
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the print map did not finish drawing in 90 s')), 90_000)
      off.once('idle', () => {
        clearTimeout(timer)
        resolve()
      })
    })
    await new Promise<void>((r) => {
      off.once('render', () => r())
      off.triggerRepaint()
    })
    mapImage = off.getCanvas()
    mpp = metresPerPixel(off, W)
  }
  try {
    const out = document.createElement('canvas')
    out.width = W
    out.height = H
    const ctx = out.getContext('2d')!
    ctx.drawImage(mapImage, 0, 0, W, H)
    const k = Math.max(1, pr) * Math.min(1.6, Math.max(0.8, W / pr / 1200)) // text size per CSS pixel
    const notes: string[] = []
    const legendBox = compose(ctx, W, H, k, legends, text, mpp, notes)
    const blob = await new Promise<Blob>((res, rej) =>
      out.toBlob((b) => (b ? res(b) : rej(new Error('the PNG could not be encoded'))), 'image/png'),
    )
    return {
      blob,
      width: W,
      height: H,
      legendBox,
      legends: legends.map((l) => (l.find((x) => x.kind === 'title') as { text: string } | undefined)?.text ?? ''),
      notes,
    }
  } finally {
    cleanup()
  }
}

function compose(
  ctx: CanvasRenderingContext2D,
  W: number,
  H: number,
  k: number,
  legends: LegendLine[][],
  t: ExportText,
  mpp: number,
  notes: string[],
) {
  const font = (px: number, bold = false) => `${bold ? '700 ' : ''}${px * k}px ${FONT}`
  // Header: title, period and filters, and the synthetic-data note.
  const head = 54 * k
  ctx.fillStyle = 'rgba(255,255,255,0.92)'
  ctx.fillRect(0, 0, W, head)
  ctx.fillStyle = '#111'
  ctx.font = font(20, true)
  ctx.textBaseline = 'alphabetic'
  ctx.fillText(t.title, 14 * k, 24 * k, W * 0.7)
  ctx.font = font(12)
  ctx.fillStyle = '#333'
  ctx.fillText(`${t.period}${t.filters ? ` · ${t.filters}` : ''}`, 14 * k, 44 * k, W - 28 * k)
  if (t.synthetic) {
    ctx.font = font(13, true)
    const w = ctx.measureText(t.synthetic).width + 16 * k
    ctx.fillStyle = '#b42318'
    ctx.fillRect(W - w - 14 * k, 10 * k, w, 22 * k)
    ctx.fillStyle = '#fff'
    ctx.fillText(t.synthetic, W - w - 6 * k, 26 * k)
  }
  // North arrow (the map is never rotated).
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
  ctx.font = font(11, true)
  ctx.textAlign = 'center'
  ctx.fillText(t.north, nx, ny + 32 * k)
  ctx.textAlign = 'left'
  // Attribution strip.
  const foot = 18 * k * Math.max(1, t.attribution.length)
  ctx.fillStyle = 'rgba(255,255,255,0.9)'
  ctx.fillRect(0, H - foot, W, foot)
  ctx.fillStyle = '#333'
  ctx.font = font(9)
  t.attribution.forEach((a, i) => {
    ctx.fillText(a, 10 * k, H - foot + 13 * k + i * 18 * k, W - 20 * k)
  })
  // Scale bar: a round length near 160 CSS px at the centre's metres per pixel.
  const want = mpp * 160 * k
  const nice = [50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000].reduce((a, b) =>
    Math.abs(b - want) < Math.abs(a - want) ? b : a,
  )
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
  ctx.font = font(10)
  ctx.fillText('0', sx - 3 * k, sy - 4 * k)
  ctx.fillText(t.scaleUnit(nice), sx + len - 8 * k, sy - 4 * k)
  // Legends, stacked upward from the lower right.
  let bottom = H - foot - 10 * k
  let box: [number, number, number, number] | null = null
  const wrap = (text: string, width: number, px = 9.5): string[] => {
    ctx.font = font(px)
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
  for (const raw of [...legends].reverse()) {
    // Long notes wrap at spaces rather than being squeezed.
    const lines = raw.flatMap((l): LegendLine[] => {
      if (l.kind === 'note') return wrap(l.text, 280 * k).map((text) => ({ kind: 'note' as const, text }))
      if (l.kind !== 'item') return [l]
      const [first, ...rest] = wrap(l.text, 250 * k, 10.5)
      return [{ ...l, text: first ?? '' }, ...rest.map((text) => ({ kind: 'note' as const, text }))]
    })
    const lineH = (l: LegendLine) => (l.kind === 'title' ? 20 : l.kind === 'ramp' ? 30 : l.kind === 'note' ? 15 : 17) * k
    const bw = 300 * k,
      bh = lines.reduce((s, l) => s + lineH(l), 0) + 14 * k
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
      const hgt = lineH(l)
      if (l.kind === 'title') {
        ctx.fillStyle = '#111'
        ctx.font = font(12, true)
        ctx.fillText(l.text, bx + 10 * k, y + 14 * k, bw - 20 * k)
      } else if (l.kind === 'note') {
        ctx.fillStyle = '#555'
        ctx.font = font(9.5)
        ctx.fillText(l.text, bx + 10 * k, y + 11 * k, bw - 20 * k)
      } else if (l.kind === 'ramp') {
        const g = ctx.createLinearGradient(bx + 10 * k, 0, bx + bw - 10 * k, 0)
        l.colors.forEach((c, i) => {
          g.addColorStop(l.colors.length > 1 ? i / (l.colors.length - 1) : 0, c)
        })
        ctx.fillStyle = l.colors.length ? g : '#ccc'
        ctx.fillRect(bx + 10 * k, y + 2 * k, bw - 20 * k, 10 * k)
        ctx.fillStyle = '#333'
        ctx.font = font(9.5)
        ctx.fillText(l.from, bx + 10 * k, y + 25 * k)
        ctx.textAlign = 'right'
        ctx.fillText(l.to, bx + bw - 10 * k, y + 25 * k)
        ctx.textAlign = 'left'
      } else {
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
        ctx.font = font(10.5)
        ctx.fillText(l.text, x + s + 8 * k, yy + 10.5 * k, bw - s - 30 * k)
      }
      y += hgt
    }
    box = box ? [bx, by, bw, Math.max(box[1] + box[3], by + bh) - by] : [bx, by, bw, bh]
    for (const l of raw) if (l.kind === 'note') notes.push(l.text)
    bottom = by - 8 * k
  }
  return box
}

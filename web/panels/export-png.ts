import type * as maplibregl from 'maplibre-gl'
import type { LayersList } from '@deck.gl/core'
import { readLegends, type LegendLine } from './export-legend.ts'
import { compose, type ExportText } from './export-png-compose.ts'
import { SMALLEST_LEGEND_PX } from './export-png-legends.ts'
import { printMap, screenMap } from './export-png-map.ts'
import { FONT } from './export-png-sheet.ts'

export type { ExportText } from './export-png-compose.ts'

/** Print sizes: the map is rendered again at that pixel size (not scaled up), with lines and labels at that dpi. */
export const EXPORT_SIZES = {
  screen: null,
  'a4-150': { w: 1754, h: 1240, dpi: 150 },
  'a4-300': { w: 3508, h: 2480, dpi: 300 },
  'a3-150': { w: 2480, h: 1754, dpi: 150 },
  'a3-300': { w: 4961, h: 3508, dpi: 300 },
} as const
export type ExportSize = keyof typeof EXPORT_SIZES

/** legends: the title of each legend read; notes: the notes of the legends drawn (a legend too tall for the image is left out). */
export interface ExportResult {
  blob: Blob
  width: number
  height: number
  legendBox: [number, number, number, number] | null
  legends: string[]
  notes: string[]
  /** Every word the PNG carries: header, legend lines (as read) and attribution. */
  words: string[]
  /** The legends' smallest text, in CSS pixels at the PNG's scale. */
  legendFontPx: number
}

/** The smallest text a screen-size PNG's legend may have, in CSS pixels (Khmer is unreadable smaller). */
const MIN_SCREEN_LEGEND_PX = 11

/** The steps an export goes through, reported as each starts. */
export type ExportStep = 'render' | 'compose' | 'encode'

/**
 * Renders the map (again, at print size) with its deck.gl layers (built afresh from the state by `layers`), then
 * composes title, legends, scale, north arrow and attribution.
 */
export async function exportPng(
  map: maplibregl.Map,
  layers: () => LayersList,
  size: ExportSize,
  text: ExportText,
  onStep: (s: ExportStep) => void = () => {},
): Promise<ExportResult> {
  await document.fonts.load(`16px ${FONT}`).catch(() => undefined)
  const spec = EXPORT_SIZES[size]
  const legends = readLegends()
  onStep('render')
  const m = spec ? await printMap(map, layers, spec) : await screenMap(map)
  try {
    const { W, H, pr } = m
    const out = document.createElement('canvas')
    out.width = W
    out.height = H
    const ctx = out.getContext('2d')!
    ctx.drawImage(m.image, 0, 0, W, H)
    const k = Math.max(1, pr) * Math.min(1.6, Math.max(0.8, W / pr / 1200)) // text size per CSS pixel
    // On screen size the legends grow, if need be, so their smallest text is readable.
    const lk = spec ? k : Math.max(k, (MIN_SCREEN_LEGEND_PX * pr) / SMALLEST_LEGEND_PX)
    const notes: string[] = []
    onStep('compose')
    await nextFrame() // lets the status line show before the long synchronous drawing
    const legendBox = compose({ ctx, W, H, k }, legends, text, m.mpp, notes, lk)
    onStep('encode')
    const words = [text.title, text.period, text.filters, ...legends.flat().map(lineText), ...text.attribution].filter(Boolean)
    const legendFontPx = (SMALLEST_LEGEND_PX * lk) / pr
    return { blob: await encodePng(out), width: W, height: H, legendBox, legends: legends.map(legendTitle), notes, words, legendFontPx }
  } finally {
    m.cleanup()
  }
}

const lineText = (l: LegendLine) => (l.kind === 'ramp' ? `${l.from} ${l.to}` : l.text)

const nextFrame = () => new Promise<void>((res) => requestAnimationFrame(() => res()))

const legendTitle = (l: LegendLine[]) => (l.find((x) => x.kind === 'title') as { text: string } | undefined)?.text ?? ''

function encodePng(c: HTMLCanvasElement): Promise<Blob> {
  return new Promise<Blob>((res, rej) => c.toBlob((b) => (b ? res(b) : rej(new Error('the PNG could not be encoded'))), 'image/png'))
}

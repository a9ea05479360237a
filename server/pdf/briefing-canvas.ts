// What every part of the briefing draws with: the page's canvas (it changes with the page), text, labels, data.
import type { SKRSContext2D } from '@napi-rs/canvas'
import type { BriefingData } from './briefing-types.ts'
import type { label, Lang } from './labels.ts'
import type { PageText } from './page-text.ts'

export interface BriefingMeta {
  lang: Lang
  version: string
  generated_at: string
  user: string
  request: Record<string, string | undefined>
}

/** A4 landscape in points, and the margin. */
export const W = 842,
  H = 595,
  M = 28

export interface Briefing {
  /** The current page's canvas. */
  ctx: SKRSContext2D
  text: PageText
  lang: Lang
  t: (k: Parameters<typeof label>[1]) => string
  d: BriefingData
  meta: BriefingMeta
}

export const fmt = (n: number | null) => (n == null ? '–' : n.toLocaleString('en-US'))
export const signed = (n: number | null) => (n == null ? '–' : n > 0 ? `+${n.toLocaleString('en-US')}` : n.toLocaleString('en-US'))

/** The area's name in both languages, with its code. */
export const areaTitle = (d: BriefingData) =>
  `${d.area.name_en}${d.area.name_km ? ` / ${d.area.name_km}` : ''}${d.area.code ? ` (${d.area.code})` : ''}`

/** A filled dot (hot spot marks). */
export function dot(ctx: SKRSContext2D, x: number, y: number, color: string, r = 2.8) {
  ctx.beginPath()
  ctx.arc(x, y, r, 0, 2 * Math.PI)
  ctx.fillStyle = color
  ctx.fill()
}

/** A police post's mark: a dark triangle (scaled down on a crowded map). */
export function postMark(ctx: SKRSContext2D, x: number, y: number, s = 1) {
  ctx.beginPath()
  ctx.moveTo(x, y - 3.2 * s)
  ctx.lineTo(x + 2.8 * s, y + 1.8 * s)
  ctx.lineTo(x - 2.8 * s, y + 1.8 * s)
  ctx.closePath()
  ctx.fillStyle = '#1f2937'
  ctx.fill()
}

// What every part of the briefing draws with: the page's canvas (it changes with the page), text, labels, data.
import type { SKRSContext2D } from '@napi-rs/canvas'
import type { BriefingData } from './briefing-types.ts'
import { periodOfRange } from '../../common/periods.ts'
import { label, type Lang, type PdfLabelKey } from './labels.ts'
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

/** The area's name in both languages (the briefing's first), with its code. */
export const areaTitle = (d: BriefingData, lang: Lang = 'en') => {
  const names = [d.area.name_en, d.area.name_km].filter(Boolean)
  if (lang === 'km') names.reverse()
  return `${names.join(' / ')}${d.area.code ? ` (${d.area.code})` : ''}`
}

/** A period by its calendar name when it is one (Q3 2026), with its dates. */
export function periodName(lang: Lang, from: string, to: string): string {
  const p = periodOfRange(from, to)
  return p ? `${lang === 'km' ? p.label_km : p.label_en} (${from} – ${to})` : `${from} – ${to}`
}

/** A heading in the briefing's language; in Khmer, the English after it in grey (Khmer first, English second). */
export function heading({ text, lang }: Briefing, key: PdfLabelKey, x: number, y: number, size: number) {
  text.draw(label(lang, key), x, y, { size, bold: true })
  if (lang === 'km') text.draw(label('en', key), x + text.width(label(lang, key), size, true) + 6, y, { size: size * 0.75, color: '#666' })
}

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

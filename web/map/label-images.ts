import type { Map } from 'maplibre-gl'

/**
 * The map's place names are pictures of text drawn by the browser. MapLibre's own text renderer places one glyph per
 * code point from a glyph atlas and does no complex-script shaping, so Khmer would come out wrong (a subscript
 * consonant after its base instead of under it, vowels beside instead of around). The browser's text engine shapes
 * Khmer (HarfBuzz), so each name is drawn once with Canvas 2D in the bundled Noto Sans Khmer, with a white halo, at the
 * map's pixel ratio, and handed to the map as an icon (`map.addImage`) when a symbol layer first asks for it.
 *
 * An icon's id carries what to draw: `lbl:<lang>:<level>:<name>`, so the layers need no lookup table and a language
 * switch asks for new ids.
 */

export type LabelLevel = 'province' | 'district' | 'commune' | 'village'
export const LABEL_PREFIX = 'lbl:'

interface LabelStyle {
  size: number // CSS px
  weight: 400 | 700 // the two weights the app bundles
  color: string
}
export const LABEL_STYLES: Record<LabelLevel, LabelStyle> = {
  province: { size: 14, weight: 700, color: '#1d1d1d' },
  district: { size: 12.5, weight: 700, color: '#363636' },
  commune: { size: 12, weight: 400, color: '#2b2b2b' },
  village: { size: 11, weight: 400, color: '#4a4a4a' },
}
const LEVELS = Object.keys(LABEL_STYLES) as LabelLevel[]
const FAMILY = '"Noto Sans Khmer", sans-serif'
const HALO = 2.5 // CSS px of white around the letters
const HALO_COLOR = 'rgba(255, 255, 255, 0.92)'
const KHMER = /[\u1780-\u17ff\u19e0-\u19ff]/
/** Khmer letters stand lower than Latin ones at one size: a point more keeps them as legible. */
const KHMER_BONUS = 1

export const labelId = (lang: string, level: LabelLevel, text: string) => `${LABEL_PREFIX}${lang}:${level}:${text}`

export function parseLabelId(id: string): { lang: string; level: LabelLevel; text: string } | null {
  if (!id.startsWith(LABEL_PREFIX)) return null
  const [lang, level, ...rest] = id.slice(LABEL_PREFIX.length).split(':')
  const text = rest.join(':').trim()
  return LEVELS.includes(level as LabelLevel) && text ? { lang, level: level as LabelLevel, text } : null
}

/** The CSS font a label of this level and text is drawn in. */
export function labelFont(level: LabelLevel, text: string): string {
  const s = LABEL_STYLES[level]
  return `${s.weight} ${s.size + (KHMER.test(text) ? KHMER_BONUS : 0)}px ${FAMILY}`
}

/** A drawn label: its pixels (device px) and the pixel ratio. */
export interface LabelPicture {
  image: ImageData
  ratio: number
}

let scratch: CanvasRenderingContext2D | null = null
function context(): CanvasRenderingContext2D {
  scratch ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true })!
  return scratch
}

/**
 * Draws a name: halo (strokeText) under the letters (fillText), `ratio` device pixels per CSS pixel. The box is the
 * font's ascent and descent or the ink's, whichever is larger (a Khmer subscript can reach below the font's descent),
 * plus the halo; so a level's labels share their baseline's row, and the box only grows downwards for deep subscripts.
 */
export function drawLabel(text: string, level: LabelLevel, ratio: number): LabelPicture {
  const ctx = context()
  const font = labelFont(level, text)
  ctx.font = font
  const m = ctx.measureText(text)
  const pad = HALO + 1
  const left = Math.max(m.actualBoundingBoxLeft, 0)
  const right = Math.max(m.actualBoundingBoxRight, m.width)
  const ascent = Math.max(m.fontBoundingBoxAscent, m.actualBoundingBoxAscent)
  const descent = Math.max(m.fontBoundingBoxDescent, m.actualBoundingBoxDescent)
  const w = Math.ceil((left + right + 2 * pad) * ratio)
  const h = Math.ceil((ascent + descent + 2 * pad) * ratio)
  const cv = ctx.canvas
  cv.width = w // resizing clears the canvas and resets its state
  cv.height = h
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
  ctx.font = font
  ctx.textBaseline = 'alphabetic'
  ctx.lineJoin = 'round'
  ctx.miterLimit = 2
  ctx.lineWidth = 2 * HALO
  ctx.strokeStyle = HALO_COLOR
  // The origin on whole device pixels: crisper stems, and the same pixels for the same text.
  const x = Math.round((pad + left) * ratio) / ratio
  const y = Math.round((pad + ascent) * ratio) / ratio
  ctx.strokeText(text, x, y)
  ctx.fillStyle = LABEL_STYLES[level].color
  ctx.fillText(text, x, y)
  return { image: ctx.getImageData(0, 0, w, h), ratio }
}

/**
 * Makes the map draw label icons on demand: a `lbl:` id it lacks is drawn once the font has loaded (the resolver may
 * be async; MapLibre waits for it) at the map's own pixel ratio (a print map's is its dpi / 96). Other ids are left to
 * the `styleimagemissing` event.
 */
export function bindLabelImages(map: Map) {
  map.setMissingStyleImageResolver(async (id) => {
    const p = parseLabelId(id)
    if (!p) return
    // The bundled font comes in unicode-range parts: load the ones this name needs before measuring it.
    await document.fonts.load(labelFont(p.level, p.text), p.text).catch(() => [])
    if (map.hasImage(id)) return
    const pic = drawLabel(p.text, p.level, map.getPixelRatio())
    map.addImage(id, pic.image, { pixelRatio: pic.ratio })
  })
}

/** Removes the label icons of other languages (after a language switch nothing asks for them). */
export function dropLabelImages(map: Map, keepLang: string) {
  for (const id of map.listImages()) {
    const p = parseLabelId(id)
    if (p && p.lang !== keepLang) map.removeImage(id)
  }
}

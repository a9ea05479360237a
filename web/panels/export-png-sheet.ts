/** What the PNG overlay draws with: the canvas, its size, and the font. */
export const FONT = '"Noto Sans Khmer", system-ui, sans-serif'

/** A canvas to draw on, its size, and `k`: output pixels per CSS pixel of text and lines. */
export interface Sheet {
  ctx: CanvasRenderingContext2D
  W: number
  H: number
  k: number
}

/** The canvas font at `px` CSS pixels. */
export const fontOf = (k: number, px: number, bold = false) => `${bold ? '700 ' : ''}${px * k}px ${FONT}`

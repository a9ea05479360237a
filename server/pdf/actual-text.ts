import { PDFDocument as PdfLib, PDFName, type PDFRawStream, decodePDFRawStream, PDFArray, type PDFRef } from 'pdf-lib'

/**
 * Skia shapes Khmer correctly but its ToUnicode maps give text extractors the glyphs in visual order, with
 * subscript consonants lost. So each Khmer string is drawn between two invisible marker rectangles whose colour
 * encodes its index; afterwards the markers in the page content are replaced by a marked-content span carrying
 * the logical text (/ActualText, PDF 32000 §14.9.4), which pdftotext and screen readers use instead.
 */
export interface Marked {
  page: number
  id: number
  text: string
}

/** The fill colour of marker `id` (0..65535): start (g = 2) or end (g = 3). */
export function markerColor(id: number, end: boolean): string {
  return `rgb(1,${end ? 3 : 2},${id & 255})`
}

const utf16 = (s: string) => {
  let hex = 'FEFF'
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase()
  return `<${hex}>`
}

/** The colour components Skia writes for 1/255, 2/255, 3/255 and b/255 (4 decimals, leading zero dropped). */
const comp = (v: number) => {
  const s = (v / 255).toFixed(4).replace(/0+$/, '').replace(/\.$/, '')
  return s.startsWith('0.') ? s.slice(1) : s
}

export async function addActualText(pdf: Buffer, marks: Marked[]): Promise<Uint8Array> {
  const doc = await PdfLib.load(pdf, { updateMetadata: false })
  const pages = doc.getPages()
  for (const [pi, page] of pages.entries()) {
    const mine = marks.filter((m) => m.page === pi)
    if (!mine.length) continue
    const contents = page.node.get(PDFName.of('Contents'))
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents]
    for (const ref of refs) {
      const stream = doc.context.lookup(ref as PDFRef) as PDFRawStream
      let text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')
      for (const m of mine) {
        for (const end of [false, true]) {
          const [r, g, b] = [comp(1), comp(end ? 3 : 2), comp(m.id & 255)]
          // Only the colour line is replaced: what follows (graphics state, the 0.01 pt rectangle) stays as Skia wrote it.
          const re = new RegExp(`${esc(r)} ${esc(g)} ${esc(b)} RG ${esc(r)} ${esc(g)} ${esc(b)} rg\\n`)
          text = text.replace(re, end ? 'EMC\n' : `/Span <</ActualText ${utf16(m.text)}>> BDC\n`)
        }
      }
      const next = doc.context.flateStream(Buffer.from(text, 'latin1'))
      doc.context.assign(ref as PDFRef, next)
    }
  }
  return doc.save({ useObjectStreams: false })
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

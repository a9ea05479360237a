import { PDFDocument, type SKRSContext2D } from '@napi-rs/canvas'
import { addActualText } from './actual-text.ts'
import { H, W, type Briefing, type BriefingMeta } from './briefing-canvas.ts'
import { drawCounts, drawSafety } from './briefing-counts.ts'
import { drawHeader } from './briefing-header.ts'
import { drawLegend } from './briefing-legend.ts'
import { drawMap } from './briefing-map.ts'
import { drawMethodPage } from './briefing-method.ts'
import { drawTopHotspots } from './briefing-top.ts'
import type { BriefingData } from './briefing-types.ts'
import { registerFonts } from './fonts.ts'
import { label } from './labels.ts'
import { PageText } from './page-text.ts'

export type { BriefingMeta }

/** Renders the briefing: page 1 the map, figures and hot spots; page 2 the method, provenance and attribution. */
export async function renderBriefing(d: BriefingData, meta: BriefingMeta): Promise<Uint8Array> {
  registerFonts()
  const doc = new PDFDocument({
    title: `${label('en', 'title')}: ${d.area.name_en} ${d.from}–${d.to}`,
    author: meta.user,
    subject: `SafeVillage ${meta.version}`,
    keywords: `SafeVillage; ${d.area.name_en}; ${d.area.name_km ?? ''}; ${d.from}; ${d.to}`,
    creator: `SafeVillage ${meta.version}`,
  })
  // beginPage's declared type is the DOM's context; it returns the canvas's own 2D context.
  const page = () => doc.beginPage(W, H) as unknown as SKRSContext2D
  const b: Briefing = { ctx: page(), text: new PageText(() => b.ctx), lang: meta.lang, t: (k) => label(meta.lang, k), d, meta }

  drawHeader(b)
  const view = drawMap(b)
  drawLegend(b)
  drawTopHotspots(b, drawSafety(b, drawCounts(b, 90)))
  doc.endPage()

  b.ctx = page()
  b.text.page = 1
  drawMethodPage(b, view)
  doc.endPage()
  return addActualText(doc.close(), b.text.marks)
}

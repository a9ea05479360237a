import { postMark, type Briefing } from './briefing-canvas.ts'
import { FONT } from './fonts.ts'
import { densityRaster, drawBoundaries, drawScaleAndNorth, fitView, HOT_COLORS, toPage, tracePolygon, type View } from './map.ts'

export const MAP_FRAME = { x: 28, y: 78, w: 500, h: 405 }

/** The map: context, the area (white) under its density, boundaries, hot spot villages, posts, names, scale. */
export function drawMap(b: Briefing): View {
  const { ctx, d } = b
  const frame = MAP_FRAME
  const view = fitView(frame, d.area.bbox)
  ctx.save()
  ctx.beginPath()
  ctx.rect(frame.x, frame.y, frame.w, frame.h)
  ctx.clip()
  ctx.fillStyle = '#dfe9f2'
  ctx.fillRect(frame.x, frame.y, frame.w, frame.h) // water / outside
  drawBoundaries(
    ctx,
    view,
    d.boundaries.filter((x) => x.role === 'context'),
  )
  drawArea(b, view)
  drawBoundaries(
    ctx,
    view,
    d.boundaries.filter((x) => x.role !== 'context'),
  )
  drawHotspots(b, view)
  drawPosts(b, view)
  drawNames(b, view)
  drawScaleAndNorth(ctx, view, FONT)
  ctx.restore()
  ctx.strokeStyle = '#333'
  ctx.lineWidth = 0.8
  ctx.strokeRect(frame.x, frame.y, frame.w, frame.h)
  return view
}

/** The area itself in white, and the density surface clipped to it. */
function drawArea({ ctx, d }: Briefing, view: View) {
  const own = d.boundaries.filter((x) => x.role === 'area' || (!d.area.code && x.role === 'child'))
  ctx.fillStyle = '#ffffff'
  for (const x of own) {
    ctx.beginPath()
    tracePolygon(ctx, view, x.geometry)
    ctx.fill('evenodd')
  }
  if (!d.density) return
  ctx.save()
  ctx.beginPath()
  for (const x of own) tracePolygon(ctx, view, x.geometry)
  ctx.clip('evenodd')
  const f = view.frame
  ctx.drawImage(densityRaster(view, d.density.grid, d.density.meta.scale_max), f.x, f.y, f.w, f.h)
  ctx.restore()
}

/** Gi* hot (and cold) spot villages at their points. */
function drawHotspots({ ctx, d }: Briefing, view: View) {
  for (const h of d.hotspots.all) {
    if (!h.bin || h.lon == null || h.lat == null) continue
    const [px, py] = toPage(view, h.lon, h.lat)
    ctx.beginPath()
    ctx.arc(px, py, Math.abs(h.bin) === 3 ? 3.2 : 2.6, 0, 2 * Math.PI)
    ctx.fillStyle = HOT_COLORS[h.bin] ?? '#999'
    ctx.fill()
    ctx.strokeStyle = '#fff'
    ctx.lineWidth = 0.5
    ctx.stroke()
  }
}

/** Police posts; many posts (a national map) get smaller marks. */
function drawPosts({ ctx, d }: Briefing, view: View) {
  const ps = d.posts.length > 400 ? 0.45 : d.posts.length > 100 ? 0.7 : 1
  for (const p of d.posts) {
    const [px, py] = toPage(view, p.lon, p.lat)
    postMark(ctx, px, py, ps)
    ctx.strokeStyle = '#fff'
    ctx.lineWidth = 0.4
    ctx.stroke()
  }
}

/** The names of the area's children (at most 60), in the briefing's language. */
function drawNames({ text, lang, d }: Briefing, view: View) {
  const labelled = d.boundaries.filter((x) => x.role === 'child' && x.lon != null)
  for (const x of labelled.slice(0, 60)) {
    if (x.lon == null || x.lat == null) continue
    const [px, py] = toPage(view, x.lon, x.lat)
    text.draw(lang === 'km' && x.name_km ? x.name_km : x.name_en, px, py, {
      size: labelled.length > 25 ? 5.5 : 7,
      align: 'center',
      halo: true,
      color: '#222',
    })
  }
}

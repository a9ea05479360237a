import { PDFDocument, type SKRSContext2D } from '@napi-rs/canvas'
import { CRITERIA } from '../domain/criteria.ts'
import { ATTRIBUTION } from '../geo/read-geodata.ts'
import type { BriefingData } from '../services/briefing-data.ts'
import { addActualText } from './actual-text.ts'
import { FONT, registerFonts } from './fonts.ts'
import { label, type Lang } from './labels.ts'
import { densityRaster, drawBoundaries, drawScaleAndNorth, fitView, HOT_COLORS, toPage, tracePolygon } from './map.ts'
import { PageText } from './page-text.ts'
import { RAMP } from '../formats/density-image.ts'

export interface BriefingMeta {
  lang: Lang
  version: string
  generated_at: string
  user: string
  request: Record<string, string | undefined>
}

const W = 842,
  H = 595,
  M = 28 // A4 landscape in points
const fmt = (n: number | null) => (n == null ? '–' : n.toLocaleString('en-US'))
const signed = (n: number | null) => (n == null ? '–' : n > 0 ? `+${n.toLocaleString('en-US')}` : n.toLocaleString('en-US'))

/** Renders the briefing: page 1 the map, figures and hot spots; page 2 the method, provenance and attribution. */
export async function renderBriefing(d: BriefingData, meta: BriefingMeta): Promise<Uint8Array> {
  registerFonts()
  const lang = meta.lang
  const t = (k: Parameters<typeof label>[1]) => label(lang, k)
  const areaTitle = `${d.area.name_en}${d.area.name_km ? ` / ${d.area.name_km}` : ''}${d.area.code ? ` (${d.area.code})` : ''}`
  const doc = new PDFDocument({
    title: `${label('en', 'title')}: ${d.area.name_en} ${d.from}–${d.to}`,
    author: meta.user,
    subject: `SafeVillage ${meta.version}`,
    keywords: `SafeVillage; ${d.area.name_en}; ${d.area.name_km ?? ''}; ${d.from}; ${d.to}`,
    creator: `SafeVillage ${meta.version}`,
  })
  let ctx = doc.beginPage(W, H) as unknown as SKRSContext2D
  const text = new PageText(() => ctx)

  // Header.
  text.draw(`${t('title')} — ${areaTitle}`, M, M + 8, { size: 15, bold: true, maxWidth: W - 2 * M })
  text.draw(
    `${t('period')}: ${d.from} – ${d.to} (Asia/Phnom_Penh) · ${t('previous')}: ${d.previous.from} – ${d.previous.to} · ${t('dataTo')}: ${d.data.last ?? '–'} · ${t('policy')}`,
    M,
    M + 24,
    { size: 8, color: '#444', maxWidth: W - 2 * M },
  )
  if (d.data.synthetic) {
    ctx.fillStyle = '#b42318'
    ctx.fillRect(W - M - 250, M + 30, 250, 13)
    text.draw(t('synthetic'), W - M - 125, M + 40, { size: 7.5, bold: true, color: '#fff', align: 'center' })
  }

  // Map.
  const frame = { x: M, y: 78, w: 500, h: 405 }
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
    d.boundaries.filter((b) => b.role === 'context'),
  )
  const own = d.boundaries.filter((b) => b.role === 'area' || (!d.area.code && b.role === 'child'))
  ctx.fillStyle = '#ffffff'
  for (const b of own) {
    ctx.beginPath()
    tracePolygon(ctx, view, b.geometry)
    ctx.fill('evenodd')
  }
  if (d.density) {
    ctx.save()
    ctx.beginPath()
    for (const b of own) tracePolygon(ctx, view, b.geometry)
    ctx.clip('evenodd')
    ctx.drawImage(densityRaster(view, d.density.grid, d.density.meta.scale_max), frame.x, frame.y, frame.w, frame.h)
    ctx.restore()
  }
  drawBoundaries(
    ctx,
    view,
    d.boundaries.filter((b) => b.role !== 'context'),
  )
  for (const h of d.hotspots.all) {
    if (!h.bin || h.lon == null) continue
    const [px, py] = toPage(view, h.lon, h.lat)
    ctx.beginPath()
    ctx.arc(px, py, Math.abs(h.bin) === 3 ? 3.2 : 2.6, 0, 2 * Math.PI)
    ctx.fillStyle = HOT_COLORS[h.bin] ?? '#999'
    ctx.fill()
    ctx.strokeStyle = '#fff'
    ctx.lineWidth = 0.5
    ctx.stroke()
  }
  const ps = d.posts.length > 400 ? 0.45 : d.posts.length > 100 ? 0.7 : 1 // many posts (a national map): smaller marks
  for (const p of d.posts) {
    const [px, py] = toPage(view, p.lon, p.lat)
    ctx.beginPath()
    ctx.moveTo(px, py - 3.2 * ps)
    ctx.lineTo(px + 2.8 * ps, py + 1.8 * ps)
    ctx.lineTo(px - 2.8 * ps, py + 1.8 * ps)
    ctx.closePath()
    ctx.fillStyle = '#1f2937'
    ctx.fill()
    ctx.strokeStyle = '#fff'
    ctx.lineWidth = 0.4
    ctx.stroke()
  }
  const labelled = d.boundaries.filter((b) => b.role === 'child' && b.lon != null)
  for (const b of labelled.slice(0, 60)) {
    const [px, py] = toPage(view, b.lon!, b.lat!)
    text.draw(lang === 'km' && b.name_km ? b.name_km : b.name_en, px, py, {
      size: labelled.length > 25 ? 5.5 : 7,
      align: 'center',
      halo: true,
      color: '#222',
    })
  }
  drawScaleAndNorth(ctx, view, FONT)
  ctx.restore()
  ctx.strokeStyle = '#333'
  ctx.lineWidth = 0.8
  ctx.strokeRect(frame.x, frame.y, frame.w, frame.h)

  // Legend under the map.
  let ly = frame.y + frame.h + 16
  text.draw(t('legend'), M, ly, { size: 8.5, bold: true })
  ly += 4
  if (d.density) {
    const rw = 120
    for (let i = 0; i < rw; i++) {
      const u = (i / (rw - 1)) * (RAMP.length - 1),
        k = Math.min(RAMP.length - 2, Math.floor(u)),
        f = u - k
      const c = RAMP[k].map((v, ch) => Math.round(v + (RAMP[k + 1][ch] - v) * f))
      ctx.fillStyle = `rgba(${c[0]},${c[1]},${c[2]},${Math.max(0.08, c[3] / 255)})`
      ctx.fillRect(M + i, ly + 4, 1.05, 9)
    }
    ctx.strokeStyle = '#999'
    ctx.lineWidth = 0.4
    ctx.strokeRect(M, ly + 4, rw, 9)
    text.draw(`${t('density')}: 0 – ${d.density.meta.scale_max.toPrecision(2)}`, M, ly + 23, { size: 7 })
  }
  const items: [string, (x: number, y: number) => void][] = [
    [t('hot99'), (x, y) => dot(ctx, x, y, HOT_COLORS[3])],
    [t('hot95'), (x, y) => dot(ctx, x, y, HOT_COLORS[2])],
    [t('hot90'), (x, y) => dot(ctx, x, y, HOT_COLORS[1])],
    [
      t('posts'),
      (x, y) => {
        ctx.beginPath()
        ctx.moveTo(x, y - 3.2)
        ctx.lineTo(x + 2.8, y + 1.8)
        ctx.lineTo(x - 2.8, y + 1.8)
        ctx.closePath()
        ctx.fillStyle = '#1f2937'
        ctx.fill()
      },
    ],
    [
      t('boundary'),
      (x, y) => {
        ctx.strokeStyle = '#555'
        ctx.lineWidth = 0.8
        ctx.beginPath()
        ctx.moveTo(x - 5, y)
        ctx.lineTo(x + 5, y)
        ctx.stroke()
      },
    ],
  ]
  items.forEach(([name, sym], i) => {
    const x = M + 170 + (i % 3) * 112,
      y = ly + 8 + Math.floor(i / 3) * 13
    sym(x, y - 2.5)
    text.draw(name, x + 8, y, { size: 7 })
  })
  text.draw(`SafeVillage ${meta.version} · ${meta.generated_at} · ${ATTRIBUTION[0].split(';')[0]}`, M, H - 12, {
    size: 6,
    color: '#666',
    maxWidth: 500,
  })

  // Right column: counts, safe status, top hot spots.
  const rx = 548,
    rw = W - M - rx
  let y = 90
  text.draw(t('counts'), rx, y, { size: 9.5, bold: true })
  y += 13
  const cols = [rx, rx + rw - 120, rx + rw - 80, rx + rw - 38]
  const head = (ys: number) => {
    ;[t('criterion'), t('now'), t('before'), t('change')].forEach((h, i) => {
      text.draw(h, i ? cols[i] + 34 : cols[i], ys, { size: 7, bold: true, color: '#444', align: i ? 'right' : 'left' })
    })
  }
  head(y)
  y += 4
  ctx.strokeStyle = '#bbb'
  ctx.lineWidth = 0.4
  ctx.beginPath()
  ctx.moveTo(rx, y)
  ctx.lineTo(rx + rw, y)
  ctx.stroke()
  y += 10
  for (const c of CRITERIA) {
    const i = c.id - 1
    if (!d.criteria.includes(c.id)) continue
    const now = d.counts.now[i],
      before = d.counts.previous[i]
    ctx.fillStyle = c.color
    ctx.fillRect(rx, y - 6, 5, 6)
    text.draw(`${c.id}. ${lang === 'km' ? c.km : c.en}`, rx + 8, y, { size: 7, maxWidth: cols[1] - rx - 8 })
    text.draw(fmt(now), cols[1] + 34, y, { size: 7.5, align: 'right' })
    text.draw(fmt(before), cols[2] + 34, y, { size: 7.5, align: 'right' })
    text.draw(now != null && before != null ? signed(now - before) : '–', cols[3] + 34, y, {
      size: 7.5,
      align: 'right',
      color: now != null && before != null && now > before ? '#b42318' : '#1a7f37',
    })
    y += 12
  }
  const tn = d.counts.total,
    tb = d.counts.previous_total
  text.draw(t('total'), rx + 8, y, { size: 7.5, bold: true })
  text.draw(fmt(tn), cols[1] + 34, y, { size: 7.5, bold: true, align: 'right' })
  text.draw(fmt(tb), cols[2] + 34, y, { size: 7.5, bold: true, align: 'right' })
  text.draw(tn != null && tb != null ? signed(tn - tb) : '–', cols[3] + 34, y, { size: 7.5, bold: true, align: 'right' })
  if (tn != null && tb) {
    y += 10
    text.draw(`${signed(Math.round(((tn - tb) / tb) * 1000) / 10)}%`, cols[3] + 34, y, { size: 7, align: 'right', color: '#444' })
  }
  if (d.counts.protected)
    for (const key of ['protectedNote', 'protectedNote2'] as const) {
      y += 9
      text.draw(t(key), rx, y, { size: 6.5, color: '#5b4a8a', maxWidth: rw })
    }
  y += 20

  text.draw(t('safe'), rx, y, { size: 9.5, bold: true })
  y += 13
  const share = (s: { areas: number; safe: number } | null) =>
    s?.areas ? `${s.safe.toLocaleString('en-US')} / ${s.areas.toLocaleString('en-US')} (${((100 * s.safe) / s.areas).toFixed(1)}%)` : '–'
  if (d.safety.communes) {
    text.draw(t('safeCommunes'), rx, y, { size: 7.5 })
    text.draw(share(d.safety.communes), rx + rw, y, { size: 7.5, align: 'right' })
    y += 11
  }
  if (d.safety.villages) {
    text.draw(t('safeVillages'), rx, y, { size: 7.5 })
    text.draw(share(d.safety.villages), rx + rw, y, { size: 7.5, align: 'right' })
    y += 11
  }
  text.draw(`thresholds ${d.safety.thresholds.join('/')} · ${d.from} – ${d.to}`, rx, y, { size: 6.5, color: '#666' })
  y += 18

  text.draw(t('top'), rx, y, { size: 9.5, bold: true })
  y += 12
  if (!d.hotspots.top.length) text.draw(t('noHot'), rx, y + 4, { size: 7.5, color: '#666' })
  for (const [i, h] of d.hotspots.top.entries()) {
    ctx.fillStyle = HOT_COLORS[h.bin] ?? '#999'
    ctx.beginPath()
    ctx.arc(rx + 3, y - 2.5, 2.6, 0, 2 * Math.PI)
    ctx.fill()
    text.draw(`${i + 1}. ${h.name_en}`, rx + 9, y, { size: 7.5, bold: true, maxWidth: rw - 90 })
    text.draw(`z ${h.z.toFixed(2)} · n ${h.count == null ? '–' : h.count}`, rx + rw, y, { size: 7, align: 'right' })
    y += 9
    text.draw(`${h.name_km ?? ''}  ·  ${h.commune_en ?? ''}${h.commune_km ? ` / ${h.commune_km}` : ''}`, rx + 9, y, {
      size: 6.5,
      color: '#444',
      maxWidth: rw - 9,
    })
    y += 11
  }
  doc.endPage()

  // Page 2: method and provenance.
  ctx = doc.beginPage(W, H) as unknown as SKRSContext2D
  text.page = 1
  let py = M + 10
  const line = (s: string, o: { size?: number; bold?: boolean; color?: string } = {}) => {
    text.draw(s, M, py, { size: o.size ?? 8, bold: o.bold, color: o.color, maxWidth: W - 2 * M })
    py += (o.size ?? 8) + 5
  }
  line(`${t('method')} — ${areaTitle}`, { size: 12, bold: true })
  py += 4
  const dm = d.density?.meta
  const hm = d.hotspots.meta
  for (const s of [
    `Incidents: ${d.from} to ${d.to} (local dates, Asia/Phnom_Penh), criteria ${d.criteria.join(', ')}; compared with ${d.previous.from} to ${d.previous.to} (${d.counts.protected ? 'the previous calendar period' : 'the same number of days just before'}).`,
    ...(d.counts.protected
      ? [
          'Protected figures (public view): counts, safe status, density and hot spots use published cells (cell-key method): 0 stays 0, 1 to k − 1 withheld, others ±2.',
          'The same cell always has the same value; withheld cells enter the analyses at k/2 (docs/privacy.md).',
        ]
      : []),
    dm
      ? `Density (KDE): ${dm.kernel} kernel, bandwidth ${Math.round(dm.bandwidth)} m (${dm.bandwidth_rule}), cell ${dm.cell} m, ${dm.incidents.toLocaleString('en-US')} incidents, computed in EPSG:32648 (UTM 48N) and resampled bilinearly onto the map; colour scale to ${dm.scale_max.toPrecision(3)} ${dm.unit} (99.5th percentile).`
      : 'Density: no incidents in the period.',
    hm
      ? `Hot spots: Getis–Ord Gi* on ${hm.n} villages (${hm.weights}), counts of incidents; p-values corrected for multiple testing (FDR, Benjamini–Hochberg) = ${hm.fdr}; bins at 90/95/99% confidence.`
      : 'Hot spots: too few villages with incidents to analyse.',
    `Safe status: a commune or village is safe when its count of each criterion in the period is at most ${d.safety.thresholds.join('/')} (criteria 1–5).`,
    `Posts: ${d.posts.length} police posts in the area${d.posts.some((p) => p.synthetic) ? ' (synthetic demo posts)' : ''}. Map: equirectangular, north up, scale true at ${view.lat0.toFixed(2)}° N.`,
    `Data: ${d.data.incidents.toLocaleString('en-US')} incidents visible to the requester, ${d.data.first ?? '–'} to ${d.data.last ?? '–'}${d.data.synthetic ? `; SYNTHETIC demo data, generator seed ${d.data.demo?.seed ?? '–'}` : ''}.`,
    `Software: SafeVillage ${meta.version}; generated ${meta.generated_at} for ${meta.user}; request ${Object.entries(meta.request)
      .filter(([, v]) => v != null && v !== '')
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}.`,
    `Reproduce: npm run --silent briefing -- ${d.area.code ? `--area ${d.area.code} ` : ''}--from ${d.from} --to ${d.to}${meta.request.criteria ? ` --criteria ${meta.request.criteria}` : ''} --lang ${lang} --out briefing.pdf`,
  ])
    line(s)
  py += 8
  line(t('attribution'), { size: 10, bold: true })
  for (const a of ATTRIBUTION) line(a, { size: 7.5, color: '#333' })
  if (d.data.synthetic) line(`${label('en', 'synthetic')} · ${label('km', 'synthetic')}`, { size: 8, bold: true, color: '#b42318' })
  text.draw(`${t('page')} 2 · SafeVillage ${meta.version}`, W - M, H - 12, { size: 6, color: '#666', align: 'right' })
  doc.endPage()
  return addActualText(doc.close(), text.marks)
}

function dot(ctx: SKRSContext2D, x: number, y: number, color: string) {
  ctx.beginPath()
  ctx.arc(x, y, 2.8, 0, 2 * Math.PI)
  ctx.fillStyle = color
  ctx.fill()
}

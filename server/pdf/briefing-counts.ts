import { CRITERIA } from '../../common/criteria.ts'
import { label } from '../../common/labels/index.ts'
import { fmt, heading, M, signed, W, type Briefing } from './briefing-canvas.ts'

/** The right column starts here. */
export const RX = 548,
  RW = W - M - RX

/** The summary table: incidents by criterion now, before and the change, with the total; returns the next line's y. */
export function drawCounts(b: Briefing, y0: number): number {
  const { ctx, text, t, lang, d } = b
  let y = y0
  heading(b, 'counts', RX, y, 9.5)
  y += 13
  const cols = [RX, RX + RW - 120, RX + RW - 80, RX + RW - 38]
  ;[t('criterion'), t('now'), t('before'), t('change')].forEach((h, i) => {
    text.draw(h, i ? cols[i] + 34 : cols[i], y, { size: 7, bold: true, color: '#444', align: i ? 'right' : 'left' })
  })
  y += 4
  ctx.strokeStyle = '#bbb'
  ctx.lineWidth = 0.4
  ctx.beginPath()
  ctx.moveTo(RX, y)
  ctx.lineTo(RX + RW, y)
  ctx.stroke()
  y += 10
  for (const c of CRITERIA) {
    const i = c.id - 1
    if (!d.criteria.includes(c.id)) continue
    const now = d.counts.now[i],
      before = d.counts.previous[i]
    ctx.fillStyle = c.color
    ctx.fillRect(RX, y - 6, 5, 6)
    // The whole label, on two lines when it is long (criteria 3 and 5).
    const lines = text.wrap(`${c.id}. ${lang === 'km' ? c.km : c.en}`, cols[1] - RX - 12, 7, false, 2)
    for (const [k, l] of lines.entries()) text.draw(l, RX + 8 + (k ? 7 : 0), y + 9 * k, { size: 7 })
    text.draw(fmt(now), cols[1] + 34, y, { size: 7.5, align: 'right' })
    text.draw(fmt(before), cols[2] + 34, y, { size: 7.5, align: 'right' })
    text.draw(now != null && before != null ? signed(now - before) : '–', cols[3] + 34, y, {
      size: 7.5,
      align: 'right',
      color: now != null && before != null && now > before ? '#b42318' : '#1a7f37',
    })
    y += 12 + 9 * (lines.length - 1)
  }
  const tn = d.counts.total,
    tb = d.counts.previous_total
  text.draw(t('total'), RX + 8, y, { size: 7.5, bold: true })
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
      text.draw(t(key), RX, y, { size: 6.5, color: '#5b4a8a', maxWidth: RW })
    }
  return y + 20
}

/** Safe communes and villages in the period, with the thresholds; returns the next line's y. */
export function drawSafety(b: Briefing, y0: number): number {
  const { text, t, d, lang } = b
  let y = y0
  heading(b, 'safe', RX, y, 9.5)
  y += 13
  const share = (s: { areas: number; safe: number } | null) =>
    s?.areas ? `${s.safe.toLocaleString('en-US')} / ${s.areas.toLocaleString('en-US')} (${((100 * s.safe) / s.areas).toFixed(1)}%)` : '–'
  if (d.safety.communes) {
    text.draw(t('safeCommunes'), RX, y, { size: 7.5 })
    text.draw(share(d.safety.communes), RX + RW, y, { size: 7.5, align: 'right' })
    y += 11
  }
  if (d.safety.villages) {
    text.draw(t('safeVillages'), RX, y, { size: 7.5 })
    text.draw(share(d.safety.villages), RX + RW, y, { size: 7.5, align: 'right' })
    y += 11
  }
  text.draw(`${label(lang, 'pdf.thresholds', { t: d.safety.thresholds.join('/') })} · ${d.from} – ${d.to}`, RX, y, {
    size: 6.5,
    color: '#666',
  })
  return y + 18
}

import { heading, type Briefing } from './briefing-canvas.ts'
import { RW, RX } from './briefing-counts.ts'
import { HOT_COLORS } from './map.ts'

/** The ten strongest hot spot villages, with z, count and commune. */
export function drawTopHotspots(b: Briefing, y0: number) {
  const { ctx, text, t, d, lang } = b
  let y = y0
  heading(b, 'top', RX, y, 9.5)
  y += 12
  if (!d.hotspots.top.length) text.draw(t('noHot'), RX, y + 4, { size: 7.5, color: '#666' })
  for (const [i, h] of d.hotspots.top.entries()) {
    ctx.fillStyle = HOT_COLORS[h.bin] ?? '#999'
    ctx.beginPath()
    ctx.arc(RX + 3, y - 2.5, 2.6, 0, 2 * Math.PI)
    ctx.fill()
    // The names in the briefing's language first: the village in bold, then its other name and its commune.
    const km = lang === 'km' && h.name_km
    text.draw(`${i + 1}. ${km ? h.name_km : h.name_en}`, RX + 9, y, { size: 7.5, bold: true, maxWidth: RW - 90 })
    text.draw(`z ${h.z.toFixed(2)} · ${t('n')} ${h.count == null ? '–' : h.count}`, RX + RW, y, { size: 7, align: 'right' })
    y += 9
    const communes = [h.commune_en, h.commune_km].filter(Boolean)
    if (lang === 'km') communes.reverse()
    text.draw(`${(km ? h.name_en : h.name_km) ?? ''}  ·  ${communes.join(' / ')}`, RX + 9, y, {
      size: 6.5,
      color: '#444',
      maxWidth: RW - 9,
    })
    y += 11
  }
}

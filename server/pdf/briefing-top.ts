import type { Briefing } from './briefing-canvas.ts'
import { RW, RX } from './briefing-counts.ts'
import { HOT_COLORS } from './map.ts'

/** The ten strongest hot spot villages, with z, count and commune. */
export function drawTopHotspots({ ctx, text, t, d }: Briefing, y0: number) {
  let y = y0
  text.draw(t('top'), RX, y, { size: 9.5, bold: true })
  y += 12
  if (!d.hotspots.top.length) text.draw(t('noHot'), RX, y + 4, { size: 7.5, color: '#666' })
  for (const [i, h] of d.hotspots.top.entries()) {
    ctx.fillStyle = HOT_COLORS[h.bin] ?? '#999'
    ctx.beginPath()
    ctx.arc(RX + 3, y - 2.5, 2.6, 0, 2 * Math.PI)
    ctx.fill()
    text.draw(`${i + 1}. ${h.name_en}`, RX + 9, y, { size: 7.5, bold: true, maxWidth: RW - 90 })
    text.draw(`z ${h.z.toFixed(2)} · n ${h.count == null ? '–' : h.count}`, RX + RW, y, { size: 7, align: 'right' })
    y += 9
    text.draw(`${h.name_km ?? ''}  ·  ${h.commune_en ?? ''}${h.commune_km ? ` / ${h.commune_km}` : ''}`, RX + 9, y, {
      size: 6.5,
      color: '#444',
      maxWidth: RW - 9,
    })
    y += 11
  }
}

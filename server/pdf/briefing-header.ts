import { areaTitle, M, W, type Briefing } from './briefing-canvas.ts'

/** Page 1's title, the periods compared, and the synthetic-data banner. */
export function drawHeader({ ctx, text, t, d }: Briefing) {
  text.draw(`${t('title')} — ${areaTitle(d)}`, M, M + 8, { size: 15, bold: true, maxWidth: W - 2 * M })
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
}

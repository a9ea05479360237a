import { areaTitle, M, periodName, W, type Briefing } from './briefing-canvas.ts'
import { label } from './labels.ts'

/** Page 1's title (in Khmer, the English title under it), the periods compared, and the synthetic-data banner. */
export function drawHeader({ ctx, text, t, d, lang }: Briefing) {
  text.draw(`${t('title')} — ${areaTitle(d, lang)}`, M, M + 8, { size: 15, bold: true, maxWidth: W - 2 * M })
  let y = M + 24
  if (lang === 'km') {
    text.draw(`${label('en', 'title')} — ${areaTitle(d)}`, M, M + 21, { size: 8, color: '#666', maxWidth: W - 2 * M - 260 })
    y += 10
  }
  text.draw(
    `${t('period')}: ${periodName(lang, d.from, d.to)} · ${t('previous')}: ${periodName(lang, d.previous.from, d.previous.to)} · ${t('dataTo')}: ${d.data.last ?? '–'} · Asia/Phnom_Penh`,
    M,
    y,
    { size: 8, color: '#444', maxWidth: W - 2 * M - (d.data.synthetic && lang === 'km' ? 260 : 0) },
  )
  text.draw(t('policy'), M, y + 11, { size: 7, color: '#666', maxWidth: W - 2 * M - 260 })
  if (d.data.synthetic) {
    ctx.fillStyle = '#b42318'
    ctx.fillRect(W - M - 250, M + 30, 250, 13)
    text.draw(t('synthetic'), W - M - 125, M + 40, { size: 7.5, bold: true, color: '#fff', align: 'center' })
  }
}

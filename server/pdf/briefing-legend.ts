import { ATTRIBUTION } from '../geo/read-geodata.ts'
import { RAMP } from '../formats/density-image.ts'
import { dot, H, heading, M, postMark, type Briefing } from './briefing-canvas.ts'
import { MAP_FRAME } from './briefing-map.ts'
import { HOT_COLORS } from './map.ts'

/** The legend under the map (density ramp, hot spot classes, posts, boundaries) and the page's footer. */
export function drawLegend(b: Briefing) {
  const { ctx, text, t, d, meta } = b
  let ly = MAP_FRAME.y + MAP_FRAME.h + 16
  heading(b, 'legend', M, ly, 8.5)
  ly += 4
  if (d.density) {
    drawRamp(b, ly)
    text.draw(`${t('density')}: 0 – ${d.density.meta.scale_max.toPrecision(2)}`, M, ly + 23, { size: 7 })
  }
  const items: [string, (x: number, y: number) => void][] = [
    [t('hot99'), (x, y) => dot(ctx, x, y, HOT_COLORS[3])],
    [t('hot95'), (x, y) => dot(ctx, x, y, HOT_COLORS[2])],
    [t('hot90'), (x, y) => dot(ctx, x, y, HOT_COLORS[1])],
    [t('posts'), (x, y) => postMark(ctx, x, y)],
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
}

/** The density colour ramp, 120 points wide. */
function drawRamp({ ctx }: Briefing, ly: number) {
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
}

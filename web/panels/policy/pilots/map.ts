import { bbox, multiPoint } from '@turf/turf'
import { placeName, t } from '../../../i18n/index.ts'
import { esc } from '../../tooltip.ts'
import { namesOf, propsOf, str } from '../common.ts'
import { drawHighlight, rowOf, type PilotState, toggle } from './state.ts'
import { num, pilotName, type Plan } from './types.ts'

const LAYER = 'pilot-score-circle'

/** The map: hovering a candidate says its rank and score; clicking one marks its row and chooses or drops it. */
export function bindPilotMap(s: PilotState) {
  const { map, tip } = s.ctx
  map.on('mousemove', LAYER, (e) => {
    const p = propsOf(e)
    if (!p) return
    map.getCanvas().style.cursor = 'pointer'
    const code = str(p, 'code') ?? ''
    const line = t('pol.p.tip', { rank: str(p, 'rank') ?? '', score: num(Number(p.score)) })
    const hint = s.chosen.has(code) ? t('pol.p.tipChosen') : t('pol.p.tipChoose')
    const r = rowOf(s, code)
    tip.show(e.point.x, e.point.y, `<strong>${esc(r ? pilotName(r) : placeName(namesOf(p)))}</strong><br>${esc(line)}<br>${esc(hint)}`)
  })
  map.on('mouseleave', LAYER, () => {
    tip.hide()
    map.getCanvas().style.cursor = ''
  })
  map.on('click', LAYER, (e) => {
    const p = propsOf(e)
    const r = rowOf(s, p && str(p, 'code'))
    if (!r) return
    s.marked = r.code
    if (s.canPlan) toggle(s, r)
    drawHighlight(s)
    s.ctx.rerender()
    queueMicrotask(() => document.querySelector(`#policy tr[data-code="${r.code}"]`)?.scrollIntoView({ block: 'nearest' }))
  })
}

/** Brings a plan's areas into view (their bounding box, with a margin). */
export function fitPlan(s: PilotState, p: Plan) {
  const pts = p.areas.flatMap((a) => (a.lon != null && a.lat != null ? [[a.lon, a.lat]] : []))
  if (!pts.length) return
  const [x0, y0, x1, y1] = bbox(multiPoint(pts))
  s.ctx.map.fitBounds([x0 - 0.05, y0 - 0.05, x1 + 0.05, y1 + 0.05], { padding: 60, maxZoom: 12 })
}

import { fmtInt, t } from '../../i18n/index.ts'
import { postTypeLabel } from '../../i18n/keys.ts'
import { createTooltip, esc, featureName } from '../tooltip.ts'
import { drawCandidates, drawProposed, reevaluate } from './data.ts'
import type { PlannerCtx } from './types.ts'

/** Clicks that add a candidate site, tooltips over posts and gaps, and dragging a proposed post. */
export function bindPostsMap(ctx: PlannerCtx) {
  bindCandidateClicks(ctx)
  bindTooltips(ctx)
  bindDrag(ctx)
}

export function startAdding(ctx: PlannerCtx) {
  ctx.st.set({ adding: true })
  document.body.dataset.placing = '1'
  ctx.map.getCanvas().style.cursor = 'crosshair'
}

function bindCandidateClicks(ctx: PlannerCtx) {
  const { map, st } = ctx
  map.on('click', (e) => {
    if (!st.get().adding) return
    const extra = st.get().extra
    delete document.body.dataset.placing
    map.getCanvas().style.cursor = ''
    st.set({
      adding: false,
      extra: [...extra, { lon: e.lngLat.lng, lat: e.lngLat.lat, name: `${t('posts.candidate')} ${extra.length + 1}` }],
    })
    drawCandidates(ctx)
  })
}

const num = (v: unknown) => (v == null || v === 'null' ? '–' : fmtInt(Number(v)))

// Tooltips: a post's load, a service area's load per officer, an uncovered village.
function bindTooltips({ map }: PlannerCtx) {
  const tip = createTooltip()
  map.on('mousemove', 'posts-circle', (e) => {
    const p = e.features?.[0]?.properties
    if (!p) return
    tip.show(
      e.point.x,
      e.point.y,
      `<strong>${esc(featureName(p))}</strong><br>${esc(postTypeLabel(String(p.post_type)))} · ${esc(t('posts.staff', { n: num(p.staff) }))}<br>` +
        esc(
          p.load_basis === 'backup'
            ? t('posts.tipBackup', { n: num(p.backup_posts), p: num(p.backup_population) })
            : t('posts.tipServed', { p: num(p.population_served), v: num(p.villages) }),
        ),
    )
  })
  map.on('mousemove', 'gaps-circle', (e) => {
    const p = e.features?.[0]?.properties
    if (p)
      tip.show(
        e.point.x,
        e.point.y,
        `<strong>${esc(featureName(p))}</strong><br>${esc(t('posts.tipGap', { p: num(p.population), d: num(p.nearest_post_m) }))}`,
      )
  })
  for (const layer of ['posts-circle', 'gaps-circle']) map.on('mouseleave', layer, () => tip.hide())
}

function bindDrag(ctx: PlannerCtx) {
  const { map, st } = ctx
  let dragging: number | null = null
  map.on('mousedown', 'proposed-circle', (e) => {
    const f = e.features?.[0]
    if (!f || !st.get().result) return
    e.preventDefault()
    dragging = Number(f.properties.i)
    map.dragPan.disable()
    map.getCanvas().style.cursor = 'grabbing'
  })
  map.on('mousemove', (e) => {
    const result = st.get().result
    if (dragging == null || !result) return
    const i = dragging
    const proposed = result.proposed.map((p, j) => (j === i ? { ...p, lon: e.lngLat.lng, lat: e.lngLat.lat, village_code: null } : p))
    st.set({ result: { ...result, proposed } })
    drawProposed(ctx)
  })
  map.on('mouseup', () => {
    if (dragging == null) return
    dragging = null
    map.dragPan.enable()
    map.getCanvas().style.cursor = ''
    void reevaluate(ctx)
  })
}

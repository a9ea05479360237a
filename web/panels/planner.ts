import type { Map } from 'maplibre-gl'
import { latest } from '../client.ts'
import { t } from '../i18n/index.ts'
import { showPostLayers } from '../layers/posts.ts'
import type { Me } from '../session.ts'
import { createSignal } from '../state.ts'
import { byId, h, patch } from './dom.ts'
import { renderPostsLegend } from './legend-posts.ts'
import { coverageView } from './posts/coverage-view.ts'
import { loadCoverage } from './posts/data.ts'
import { planForm } from './posts/form.ts'
import { bindPostsMap } from './posts/map-input.ts'
import { resultView } from './posts/result-view.ts'
import type { PlannerCtx, PlannerState } from './posts/types.ts'

const INITIAL: PlannerState = {
  on: false,
  busy: false,
  coverage: null,
  result: null,
  progress: null,
  error: null,
  form: { problem: 'mclp', k: 5, radius: 5000, exact: false, relocate: 0, weight: 'population', perProvince: 0 },
  extra: [],
  adding: false,
  loadSort: { key: 'people', desc: true },
}

/**
 * Police posts on the map (service areas by load per officer, coverage rings, uncovered villages) and the planner:
 * choose a problem and K, watch the job, see the proposed posts with before/after figures, drag one to recompute,
 * and export them. Its state is one store; every change redraws the panel in place (typed values and focus stay).
 */
export function createPlanner(map: Map, user: Me, areaOf: () => string | null) {
  const el = byId('posts')
  const ctx: PlannerCtx = { map, user, areaOf, st: createSignal(INITIAL) }
  const loads = latest()
  const load = () => loadCoverage(ctx, loads.next())
  const render = () => {
    patch(el, ...panel(ctx, toggle))
    renderPostsLegend(ctx.st.get()) // the posts' section of the map's legend dock
  }
  function toggle(on: boolean) {
    showPostLayers(map, on)
    ctx.st.set({ on })
    if (on && !ctx.st.get().coverage) void load()
  }
  bindPostsMap(ctx)
  ctx.st.subscribe(render)
  render()
  return {
    render,
    reload: () => {
      ctx.st.set({ coverage: null })
      if (ctx.st.get().on) void load()
    },
    get on() {
      return ctx.st.get().on
    },
  }
}

function panel(ctx: PlannerCtx, toggle: (on: boolean) => void): Node[] {
  const { on, busy, coverage, progress, result, error } = ctx.st.get()
  const head = [
    h('h2', {}, t('posts.title')),
    h(
      'label',
      { class: 'check' },
      h('input', {
        type: 'checkbox',
        name: 'posts',
        checked: on,
        onchange: (e: Event) => toggle(e.target instanceof HTMLInputElement && e.target.checked),
      }),
      h('span', {}, t('posts.show')),
    ),
  ]
  if (!on) return head
  return [
    ...head,
    ...(busy ? [h('p', { class: 'muted' }, t('status.loading'))] : []),
    ...(coverage ? coverageView(coverage, ctx.st.get().loadSort, (loadSort) => ctx.st.set({ loadSort })) : []),
    ...(ctx.user.role !== 'viewer' ? [planForm(ctx)] : []),
    ...(progress
      ? [
          h('div', { class: 'progress' }, h('div', { class: 'bar', style: { width: `${Math.round(progress.p * 100)}%` } })),
          h('p', { class: 'muted small job-stage' }, progress.stage),
        ]
      : []),
    ...(result ? [resultView(result, coverage)] : []),
    ...(error ? [h('p', { class: 'login-error' }, error)] : []),
  ]
}

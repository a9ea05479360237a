import { t } from '../../i18n/index.ts'
import { h } from '../dom.ts'
import { drawCandidates, runPlan } from './data.ts'
import { startAdding } from './map-input.ts'
import type { PlanForm, PlannerCtx, Problem, Weight } from './types.ts'

const PROBLEMS: Problem[] = ['mclp', 'lscp', 'pmedian']
const WEIGHTS: Weight[] = ['population', 'risk', 'hotspot']
const value = (e: Event) => (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement ? e.target.value : '')

/** The planner's form: problem, weight, K, radius, relocations, limit per province, candidate sites, exact solver. */
export function planForm(ctx: PlannerCtx) {
  const { st } = ctx
  const { form, extra, adding, progress } = st.get()
  const setForm = (patch: Partial<PlanForm>) => st.set({ form: { ...st.get().form, ...patch } })
  const numberField = (name: string, label: string, key: 'k' | 'radius' | 'relocate' | 'perProvince', attrs: Record<string, unknown>) =>
    h(
      'label',
      { class: 'field' },
      h('span', {}, label),
      h('input', {
        type: 'number',
        name,
        value: String(form[key]),
        ...attrs,
        onchange: (e: Event) => setForm({ [key]: Number(value(e)) }),
      }),
    )
  return h(
    'form',
    {
      class: 'planner',
      'data-key': 'planner-form',
      onsubmit: (e: Event) => {
        e.preventDefault()
        void runPlan(ctx)
      },
    },
    h('h3', {}, t('posts.planner')),
    h(
      'label',
      { class: 'field' },
      h('span', {}, t('posts.problem')),
      h(
        'select',
        { name: 'problem', onchange: (e: Event) => setForm({ problem: PROBLEMS.find((p) => p === value(e)) ?? 'mclp' }) },
        ...PROBLEMS.map((v) => h('option', { value: v, selected: v === form.problem }, t(`posts.${v}`))),
      ),
    ),
    h(
      'label',
      { class: 'field' },
      h('span', {}, t('posts.weight')),
      h(
        'select',
        { name: 'weight', onchange: (e: Event) => setForm({ weight: WEIGHTS.find((w) => w === value(e)) ?? 'population' }) },
        ...WEIGHTS.map((v) => h('option', { value: v, selected: v === form.weight }, t(`posts.weight.${v}`))),
      ),
    ),
    numberField('k', t('posts.k'), 'k', { min: 1, max: 500 }),
    numberField('radius', t('posts.radius'), 'radius', { min: 500, max: 50000, step: 500 }),
    numberField('relocate', t('posts.relocate'), 'relocate', { min: 0, max: 500, disabled: form.problem !== 'mclp' }),
    numberField('per-province', t('posts.perProvince'), 'perProvince', { min: 0, max: 500 }),
    h(
      'div',
      { class: 'row candidates' },
      h(
        'button',
        { type: 'button', class: 'add-candidate', onclick: () => startAdding(ctx) },
        adding ? t('posts.clickMap') : t('posts.addCandidate'),
      ),
      extra.length
        ? h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => {
                st.set({ extra: [] })
                drawCandidates(ctx)
              },
            },
            t('posts.clearCandidates', { n: String(extra.length) }),
          )
        : null,
    ),
    h(
      'label',
      { class: 'check' },
      h('input', {
        type: 'checkbox',
        name: 'exact',
        checked: form.exact,
        onchange: (e: Event) => setForm({ exact: e.target instanceof HTMLInputElement && e.target.checked }),
      }),
      h('span', {}, t('posts.exact')),
    ),
    h('button', { type: 'submit', class: 'primary', disabled: !!progress }, t('posts.run')),
  )
}

import { t } from '../../i18n/index.ts'
import { h } from '../dom.ts'
import { drawCandidates, runPlan } from './data.ts'
import { startAdding } from './map-input.ts'
import type { PlanForm, PlannerCtx, Problem, Weight } from './types.ts'

const PROBLEMS: Problem[] = ['mclp', 'lscp', 'pmedian']
const WEIGHTS: Weight[] = ['population', 'risk', 'hotspot']
const value = (e: Event) => (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement ? e.target.value : '')

type SetForm = (patch: Partial<PlanForm>) => void

/** A labelled choice among `options`; an unknown value picks the first. */
function choiceField<T extends string>(
  name: string,
  label: string,
  options: T[],
  current: T,
  optionLabel: (v: T) => string,
  pick: (v: T) => void,
) {
  return h(
    'label',
    { class: 'field' },
    h('span', {}, label),
    h(
      'select',
      { name, onchange: (e: Event) => pick(options.find((o) => o === value(e)) ?? options[0]!) },
      ...options.map((v) => h('option', { value: v, selected: v === current }, optionLabel(v))),
    ),
  )
}

type NumberKey = 'k' | 'radius' | 'relocate' | 'perProvince'

function numberField(form: PlanForm, setForm: SetForm, name: string, label: string, key: NumberKey, attrs: Record<string, unknown>) {
  return h(
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
}

/** Add a candidate site by clicking the map, and clear those added. */
function candidateButtons(ctx: PlannerCtx) {
  const { st } = ctx
  const { extra, adding } = st.get()
  return h(
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
  )
}

function exactCheck(form: PlanForm, setForm: SetForm) {
  return h(
    'label',
    { class: 'check' },
    h('input', {
      type: 'checkbox',
      name: 'exact',
      checked: form.exact,
      onchange: (e: Event) => setForm({ exact: e.target instanceof HTMLInputElement && e.target.checked }),
    }),
    h('span', {}, t('posts.exact')),
  )
}

/** The planner's form: problem, weight, K, radius, relocations, limit per province, candidate sites, exact solver. */
export function planForm(ctx: PlannerCtx) {
  const { st } = ctx
  const { form, progress } = st.get()
  const setForm: SetForm = (patch) => st.set({ form: { ...st.get().form, ...patch } })
  const num = (name: string, label: string, key: NumberKey, attrs: Record<string, unknown>) =>
    numberField(form, setForm, name, label, key, attrs)
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
    choiceField(
      'problem',
      t('posts.problem'),
      PROBLEMS,
      form.problem,
      (v) => t(`posts.${v}`),
      (problem) => setForm({ problem }),
    ),
    choiceField(
      'weight',
      t('posts.weight'),
      WEIGHTS,
      form.weight,
      (v) => t(`posts.weight.${v}`),
      (weight) => setForm({ weight }),
    ),
    num('k', t('posts.k'), 'k', { min: 1, max: 500 }),
    num('radius', t('posts.radius'), 'radius', { min: 500, max: 50000, step: 500 }),
    num('relocate', t('posts.relocate'), 'relocate', { min: 0, max: 500, disabled: form.problem !== 'mclp' }),
    num('per-province', t('posts.perProvince'), 'perProvince', { min: 0, max: 500 }),
    candidateButtons(ctx),
    exactCheck(form, setForm),
    h('button', { type: 'submit', class: 'primary', disabled: !!progress }, t('posts.run')),
  )
}

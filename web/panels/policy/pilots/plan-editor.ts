import { patchJson, postJson } from '../../../client.ts'
import { fmtInt, t } from '../../../i18n/index.ts'
import { h } from '../../dom.ts'
import { errorText, today } from '../common.ts'
import { addMonths } from '../period.ts'
import { bound, type Parts } from '../view.ts'
import { chosenChanged, drawChosen, drawPlan, levelOf, type PilotState, setLevel } from './state.ts'
import { type Plan, pilotName } from './types.ts'

export interface PlanEditor {
  el: HTMLElement
  edit(p: Plan): void // load a saved plan into the form
  reset(): void // a new, empty plan
}

/** The plan form, built once: its inputs are bound to `form`, so a data load never re-creates or clears them. */
export function planEditor(p: Parts, s: PilotState, saved: () => Promise<void>): PlanEditor {
  const form = { name: '', start_date: '', rationale: '' }
  const st = { saving: false, msg: null as string | null, error: null as string | null }
  s.onChosen = () => {
    st.msg = null
  }

  async function save() {
    Object.assign(st, { saving: true, msg: null, error: null })
    s.ctx.rerender()
    try {
      // The chosen areas are of the level shown (a change of level drops them: state.ts setLevel).
      const body = {
        name: form.name.trim(),
        level: levelOf(s),
        start_date: form.start_date,
        rationale: form.rationale.trim(),
        areas: [...s.chosen.keys()],
      }
      const plan = s.editing
        ? await patchJson<Plan>(`/api/pilots/plans/${s.editing.id}`, body)
        : await postJson<Plan>('/api/pilots/plans', body)
      s.editing = plan
      s.openPlan = plan
      drawPlan(s)
      st.msg = t('pol.p.saved', { name: plan.name })
      await saved()
    } catch (e) {
      st.error = errorText(e)
    }
    st.saving = false
    s.ctx.rerender()
  }

  function fill(plan: Plan | null) {
    s.editing = plan
    form.name = plan?.name ?? ''
    form.start_date = plan?.start_date ?? defaultStart()
    form.rationale = plan?.rationale ?? ''
    if (plan) setLevel(s, plan.level) // the table shows the plan's level
    s.chosen.clear()
    for (const a of plan?.areas ?? []) s.chosen.set(a.code, a)
    drawChosen(s)
    Object.assign(st, { msg: null, error: null })
    s.ctx.rerender()
  }

  form.start_date = defaultStart()
  const el = h(
    'form',
    {
      class: 'planner plan-form',
      onsubmit: (e: Event) => {
        e.preventDefault()
        if (s.chosen.size) void save()
      },
    },
    p.region('h3', {}, () => [s.editing ? t('pol.p.editing', { name: s.editing.name }) : t('pol.p.newPlan')]),
    chosenLines(p, s),
    field(p, 'pol.p.name', bound(p, form, 'name', 'input', { name: 'plan-name', required: true, maxlength: 200 })),
    field(p, 'pol.p.start', bound(p, form, 'start_date', 'input', { name: 'plan-start_date', type: 'date', required: true })),
    field(p, 'pol.p.rationale', bound(p, form, 'rationale', 'textarea', { name: 'plan-rationale', rows: 2 })),
    actions(p, s, st, () => fill(null)),
    p.region('div', {}, () => [
      st.msg ? h('p', { class: 'ok small plan-saved' }, st.msg) : null,
      st.error ? h('p', { class: 'login-error' }, st.error) : null,
    ]),
  )
  return { el, edit: fill, reset: () => fill(null) }
}

/** The first day of next month. */
const defaultStart = () => addMonths(`${today().slice(0, 8)}01`, 1)

function field(p: Parts, key: 'pol.p.name' | 'pol.p.start' | 'pol.p.rationale', input: HTMLElement): HTMLElement {
  return h(
    'label',
    { class: 'field' },
    h(
      'span',
      {},
      p.text(() => t(key)),
    ),
    input,
  )
}

/** How many pilots are chosen, their names, and a button to clear them. */
function chosenLines(p: Parts, s: PilotState): HTMLElement {
  return p.region('div', {}, () => [
    h(
      'p',
      { class: 'muted small chosen-count' },
      t('pol.p.chosen', { n: fmtInt(s.chosen.size) }),
      ' ',
      s.chosen.size
        ? h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => {
                s.chosen.clear()
                chosenChanged(s)
              },
            },
            t('pol.p.clear'),
          )
        : null,
    ),
    s.chosen.size
      ? h('p', { class: 'small chosen-names' }, [...s.chosen.values()].map(pilotName).join(', '))
      : h('p', { class: 'muted small' }, t('pol.p.needAreas')),
  ])
}

/** Save (or update) and, while editing, start a new plan; built once so the save button keeps its focus. */
function actions(p: Parts, s: PilotState, st: { saving: boolean }, reset: () => void): HTMLElement {
  const saveButton = h(
    'button',
    { type: 'submit', class: 'primary save-plan' },
    p.text(() => (s.editing ? t('pol.p.update') : t('pol.p.save'))),
  )
  const newButton = h(
    'button',
    { type: 'button', class: 'link', onclick: reset },
    p.text(() => t('pol.p.new')),
  )
  p.effect(() => {
    saveButton.disabled = st.saving || !s.chosen.size
    newButton.hidden = !s.editing
  })
  return h('div', { class: 'row' }, saveButton, newButton)
}

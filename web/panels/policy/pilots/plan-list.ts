import { deleteJson } from '../../../client.ts'
import { fmtInt, t } from '../../../i18n/index.ts'
import { h } from '../../dom.ts'
import { api, errorText, today } from '../common.ts'
import { empty, stateNodes } from '../format.ts'
import { type Loader, loader } from '../loader.ts'
import type { Parts } from '../view.ts'
import { drawPlan, mayChange, type PilotState } from './state.ts'
import type { Plan } from './types.ts'

/** What a plan's buttons do (the tab wires them to the editor, the map and the evaluation). */
export interface PlanActions {
  open(p: Plan, edit: boolean): void
  evaluate(p: Plan): void
  removed(p: Plan): void
}

export const plansLoader = (s: PilotState): Loader<Plan[]> => loader(s.ctx, (signal) => api<Plan[]>('/api/pilots/plans', signal))

/** The saved plans: open on the map, edit, evaluate, delete (in two steps). */
export function planList(p: Parts, s: PilotState, plans: Loader<Plan[]>, act: PlanActions): HTMLElement {
  let confirmDelete: number | null = null
  let error: string | null = null
  async function remove(plan: Plan) {
    try {
      await deleteJson(`/api/pilots/plans/${plan.id}`)
      if (s.openPlan?.id === plan.id) {
        s.openPlan = null
        drawPlan(s)
      }
      if (s.editing?.id === plan.id) s.editing = null
      act.removed(plan)
      confirmDelete = null
      error = null
      await plans.load()
    } catch (e) {
      error = errorText(e)
      s.ctx.rerender()
    }
  }
  const button = (cls: string, label: string, onclick: () => void) => h('button', { type: 'button', class: `link ${cls}`, onclick }, label)
  const deleteButton = (plan: Plan) =>
    confirmDelete === plan.id
      ? button('danger confirm-delete', t('pol.p.confirmDelete'), () => void remove(plan))
      : button('danger delete-plan', t('pol.p.delete'), () => {
          confirmDelete = plan.id
          s.ctx.rerender()
        })
  const item = (plan: Plan) =>
    h(
      'li',
      { 'data-plan': String(plan.id), class: s.openPlan?.id === plan.id ? 'open' : '' },
      h('div', {}, h('strong', {}, plan.name), plan.synthetic ? h('span', { class: 'badge synthetic small' }, t('app.synthetic')) : null),
      h('div', { class: 'muted small' }, t('pol.p.planMeta', { n: fmtInt(plan.areas.length), date: plan.start_date, author: plan.author })),
      plan.rationale ? h('div', { class: 'small rationale' }, plan.rationale) : null,
      h(
        'div',
        { class: 'row plan-actions' },
        button('open-plan', t('pol.p.open'), () => act.open(plan, false)),
        mayChange(s, plan) ? button('edit-plan', t('pol.p.edit'), () => act.open(plan, true)) : null,
        plan.start_date <= today()
          ? button('evaluate-plan', t('pol.p.evaluate'), () => act.evaluate(plan))
          : h('span', { class: 'muted small' }, t('pol.p.notStarted')),
        mayChange(s, plan) ? deleteButton(plan) : null,
      ),
    )
  return p.region('div', { class: 'plan-list' }, () => {
    const list = plans.data
    return [
      h('h3', {}, t('pol.p.plans')),
      ...stateNodes(plans),
      error ? h('p', { class: 'login-error' }, error) : null,
      list && !list.length ? empty(t('pol.p.noPlans')) : null,
      list?.length ? h('ul', { class: 'plans' }, ...list.map(item)) : null,
    ]
  })
}

import { showPilots } from '../../../layers/pilots.ts'
import { h } from '../../dom.ts'
import type { PolicyCtx, Tab } from '../common.ts'
import { syntheticNote } from '../format.ts'
import { parts } from '../view.ts'
import { evaluationPart } from './evaluation.ts'
import { pilotsLegend } from './legend.ts'
import { bindPilotMap, fitPlan } from './map.ts'
import { planEditor } from './plan-editor.ts'
import { planList, plansLoader } from './plan-list.ts'
import { scoresLoader, scoresSection } from './scores.ts'
import { areaOf, drawPlan, pilotState, setLevel } from './state.ts'
import type { Plan } from './types.ts'

/**
 * Pilot areas: candidates ranked by a weighted score (weights editable), linked to the map both ways; chosen pilots
 * saved as a plan; saved plans opened on the map, edited, deleted, and evaluated (difference in differences).
 */
export function createPilotsTab(ctx: PolicyCtx): Tab {
  const p = parts()
  let on = false
  let lastArea: string | null | undefined
  const s = pilotState(ctx, () => scores.data?.rows ?? [])
  const scores = scoresLoader(s)
  const plans = plansLoader(s)
  s.reloadScores = () => void scores.load()
  bindPilotMap(s)
  const evaluation = evaluationPart(p, s)
  const editor = s.canPlan ? planEditor(p, s, () => plans.load()) : null
  function open(plan: Plan, edit: boolean) {
    s.openPlan = plan
    drawPlan(s)
    if (edit) editor?.edit(plan)
    fitPlan(s, plan)
    ctx.rerender()
  }
  const list = planList(p, s, plans, { open, evaluate: (x) => evaluation.evaluate(x), removed: (x) => evaluation.forget(x) })
  const el = h(
    'div',
    { class: 'pilots-tab' },
    p.region('div', {}, () => [syntheticNote(ctx)]),
    ...scoresSection(p, s, scores),
  )
  el.append(...(editor ? [editor.el] : []), list, evaluation.el)
  return {
    id: 'pilots',
    el,
    update: p.update,
    show(v) {
      on = v
      showPilots(ctx.map, v)
      if (v && !plans.loaded) void plans.load()
    },
    reload() {
      // A new area chooses its level again.
      if (areaOf(s) !== lastArea) {
        lastArea = areaOf(s)
        setLevel(s, s.editing?.level ?? null)
      }
      void scores.load()
      if (!plans.loaded) void plans.load()
    },
    legend: () => (on ? pilotsLegend(ctx.meta.synthetic) : null),
  }
}

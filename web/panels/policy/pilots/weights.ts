import { getLang, t } from '../../../i18n/index.ts'
import { h } from '../../dom.ts'
import type { Parts } from '../view.ts'
import type { PilotState } from './state.ts'
import { type Scores, TERMS, type Term } from './types.ts'

/** The editable weights of the score terms, built once: a data load updates the labels and values, not the inputs. */
export function weightsForm(p: Parts, s: PilotState, data: () => Scores | null, reload: () => void): HTMLElement {
  const term = (k: Term) => data()?.terms?.find((x) => x.key === k)
  const label = (k: Term) => {
    const x = term(k)
    return x ? (getLang() === 'km' ? x.label_km : x.label_en) : t(`pol.w.${k}`)
  }
  const field = (k: Term) => {
    const input = h('input', { type: 'number', name: `w-${k}`, min: 0, max: 10, step: 0.1 })
    input.addEventListener('change', () => {
      const v = Number(input.value)
      const w = s.weights ?? data()?.weights
      if (!w) return
      s.weights = { ...w, [k]: Number.isFinite(v) && v >= 0 ? v : 0 }
      reload()
    })
    const el = h(
      'label',
      {},
      p.text(() => label(k)),
      input,
    )
    p.effect(() => {
      const v = (s.weights ?? data()?.weights)?.[k] ?? 0
      if (Number(input.value) !== v || input.value === '') input.value = String(v)
      el.title = term(k)?.description ?? ''
    })
    return el
  }
  const box = h(
    'details',
    { class: 'weights', open: true },
    h(
      'summary',
      {},
      p.text(() => t('pol.p.weights')),
    ),
  )
  box.append(h('div', { class: 'weight-grid' }, ...TERMS.map(field)))
  p.effect(() => {
    box.hidden = !data()
  })
  return box
}

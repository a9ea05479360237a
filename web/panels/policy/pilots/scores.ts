import { fmtInt, t } from '../../../i18n/index.ts'
import { setPilotData } from '../../../layers/pilots.ts'
import { h } from '../../dom.ts'
import { api } from '../common.ts'
import { empty, methodNote, methodText, stateNodes } from '../format.ts'
import { type Loader, loader } from '../loader.ts'
import type { Parts } from '../view.ts'
import { scoreTable } from './score-table.ts'
import { areaOf, drawHighlight, levelOf, type PilotState, scoreWindow, setLevel } from './state.ts'
import { LEVELS, LIMIT, type PilotLevel, type Scores, TERMS } from './types.ts'
import { weightsForm } from './weights.ts'

/** The candidates' scores for the area, level, window and weights. */
export function scoresLoader(s: PilotState): Loader<Scores> {
  return loader(
    s.ctx,
    (signal) => {
      const a = areaOf(s),
        w = scoreWindow(s),
        ws = s.weights
      const weights = ws ? TERMS.map((k) => `&w_${k}=${ws[k]}`).join('') : ''
      const q = `level=${levelOf(s)}${a ? `&area=${a}` : ''}&from=${w.from}&to=${w.to}${weights}&limit=${LIMIT}`
      return api<Scores>(`/api/pilots/scores?${q}`, signal)
    },
    (d) => {
      if (d && !s.weights) s.weights = { ...d.weights }
      setPilotData(s.ctx.map, { scores: d?.rows ?? [] })
      drawHighlight(s)
    },
  )
}

const isLevel = (v: string): v is PilotLevel => LEVELS.some((l) => l === v)

/** The level chooser, built once. */
function levelField(p: Parts, s: PilotState): HTMLElement {
  const select = h('select', { name: 'pilot-level' })
  select.addEventListener('change', () => {
    if (isLevel(select.value)) setLevel(s, select.value)
  })
  const options = LEVELS.map((l) =>
    h(
      'option',
      { value: l },
      p.text(() => t(`level.${l}`)),
    ),
  )
  select.append(...options)
  p.effect(() => {
    if (select.value !== levelOf(s)) select.value = levelOf(s)
  })
  return h(
    'label',
    { class: 'field' },
    h(
      'span',
      {},
      p.text(() => t('pol.p.level')),
    ),
    select,
  )
}

/** The note on the method also says, in the reader's language, when a candidate is marked hot. */
function hotRule(p: Parts, note: HTMLElement): HTMLElement {
  note.append(
    h(
      'p',
      { class: 'small hot-rule' },
      p.text(() => t('pol.p.hotRule')),
    ),
  )
  return note
}

/** The scoring part of the tab: level, window, weights, the ranked table and its notes. */
export function scoresSection(p: Parts, s: PilotState, scores: Loader<Scores>): Node[] {
  const reload = () => void scores.load()
  const data = () => scores.data
  return [
    levelField(p, s),
    p.region('p', { class: 'muted small' }, () => {
      const w = scoreWindow(s)
      return [t('pol.p.window', { from: w.from, to: w.to })]
    }),
    p.region('div', {}, () => stateNodes(scores)),
    weightsForm(p, s, data, reload),
    p.region('div', {}, () => [data() && s.canPlan ? h('p', { class: 'hint small' }, t('pol.p.clickHint')) : null]),
    scoreTable(p, s),
    p.region('div', {}, () => {
      const d = data()
      if (!d) return []
      return [
        d.rows.length ? null : empty(t('pol.p.empty')),
        d.rows.length >= LIMIT ? h('p', { class: 'muted small' }, t('pol.p.limited', { n: fmtInt(LIMIT) })) : null,
      ]
    }),
    hotRule(
      p,
      methodNote(p, () => methodText(data())),
    ),
  ]
}

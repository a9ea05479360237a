import type { Forum } from '../../../../common/api/forums.ts'
import { postJson } from '../../../client.ts'
import { placeName, t } from '../../../i18n/index.ts'
import { h } from '../../dom.ts'
import { errorText, type PolicyCtx, today } from '../common.ts'
import { bound, type Parts } from '../view.ts'

type Field = 'area_code' | 'held_on' | 'attendance' | 'topics' | 'notes'
const LABELS = {
  area_code: 'pol.f.area',
  held_on: 'pol.f.date',
  attendance: 'pol.f.attendance',
  topics: 'pol.f.topics',
  notes: 'pol.f.notes',
} as const

/** The form to record a forum, built once: its inputs are bound, so a data load never re-creates or clears them. */
export function recordForm(p: Parts, ctx: PolicyCtx, asOf: () => string, saved: () => void): HTMLElement {
  const form: Record<Field, string> = { area_code: '', held_on: '', attendance: '', topics: '', notes: '' }
  const st = { saving: false, msg: null as string | null, error: null as string | null }
  let formFor: string | null | undefined
  // Prefill the area from the selection (a commune or village), once per selection; before the inputs' refresh.
  p.effect(() => {
    const sel = ctx.store.get().sel
    if (sel !== formFor) {
      formFor = sel
      form.area_code = sel && sel.length >= 6 ? sel : ''
      Object.assign(st, { msg: null, error: null })
    }
    if (!form.held_on) form.held_on = asOf()
  })
  async function save() {
    Object.assign(st, { saving: true, msg: null, error: null })
    ctx.rerender()
    try {
      const f = await postJson<Forum>('/api/forums', body(form))
      st.msg = t('pol.f.saved', { name: placeName(f), date: f.held_on })
      Object.assign(form, { attendance: '', topics: '', notes: '' })
      saved()
    } catch (e) {
      st.error = errorText(e)
    }
    st.saving = false
    ctx.rerender()
  }
  const field = (name: Field, attrs: Record<string, unknown>) =>
    h(
      'label',
      { class: 'field' },
      h(
        'span',
        {},
        p.text(() => t(LABELS[name])),
      ),
      bound(p, form, name, 'input', { name: `forum-${name}`, ...attrs }),
    )
  const submit = h(
    'button',
    { type: 'submit', class: 'primary' },
    p.text(() => t('pol.f.save')),
  )
  const topics = field('topics', {})
  p.effect(() => {
    submit.disabled = st.saving
    topics.querySelector('input')?.setAttribute('placeholder', t('pol.f.topicsHint'))
  })
  const onsubmit = (e: Event) => {
    e.preventDefault()
    void save()
  }
  return h(
    'form',
    { class: 'planner forum-form', onsubmit },
    p.region('h3', {}, () => [t('pol.f.record')]),
    field('area_code', { required: true, pattern: '\\d{6}|\\d{8}', placeholder: '12010101', inputmode: 'numeric' }),
    field('held_on', { type: 'date', required: true, max: today() }),
    field('attendance', { type: 'number', min: 0, max: 100000, required: true }),
    topics,
    field('notes', {}),
    submit,
    p.region('div', {}, () => [
      st.msg ? h('p', { class: 'ok small forum-saved' }, st.msg) : null,
      st.error ? h('p', { class: 'login-error' }, st.error) : null,
    ]),
  )
}

function body(form: Record<Field, string>) {
  const topics = form.topics
    .split(/[;,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
  const notes = form.notes.trim()
  return {
    area_code: form.area_code.trim(),
    held_on: form.held_on,
    attendance: Number(form.attendance),
    topics,
    ...(notes ? { notes } : {}),
  }
}

import { fmtInt, placeName, t } from '../../i18n/index.ts'
import { FORUM_COLORS, FORUM_STATUSES, setForums, showForums, type ForumStatus } from '../../layers/forums.ts'
import { h } from '../dom.ts'
import { esc } from '../tooltip.ts'
import { api, areaParam, empty, loader, send, stateNodes, syntheticNote, today, unitsOf, type PolicyCtx, type Tab } from './common.ts'
import { periodRange } from './period.ts'

interface Row {
  code: string
  name_en: string
  name_km: string | null
  parent_code: string | null
  lon: number | null
  lat: number | null
  last_forum: string | null
  days_since: number | null
  next_due: string | null
  recent: boolean
  quarters: (boolean | null)[]
  compliant: boolean
  status: ForumStatus
}
interface Compliance {
  date: string
  year: number
  since: string
  rows: Row[]
  summary: { areas: number; compliant: number; overdue: number; never: number; due_soon: number }
}

const LIST_MAX = 40

/** Compliance with the forum rule on the map, the overdue areas, and a form to record a forum. */
export function createForumsTab(ctx: PolicyCtx): Tab {
  let on = false
  const form = { area_code: '', held_on: '', attendance: '', topics: '', notes: '' }
  let formFor: string | null = null
  let saving = false,
    saved: string | null = null,
    saveError: string | null = null
  // Compliance as of the end of the period (not after today).
  const asOf = () => {
    const to = periodRange(ctx.period()).to,
      d = today()
    return to < d ? to : d
  }
  const data = loader(
    ctx,
    (signal) => {
      const u = unitsOf(ctx.area())
      return api<Compliance>(`/api/forums/compliance?level=${u.level}${areaParam(u.area)}&date=${asOf()}`, signal)
    },
    (d) => setForums(ctx.map, d?.rows ?? []),
  )

  ctx.map.on('mousemove', 'forums-circle', (e) => {
    const p = e.features?.[0]?.properties as any
    if (!p) return
    const last = p.last_forum && p.last_forum !== 'null' ? t('pol.f.last', { date: p.last_forum }) : t('pol.f.neverHeld')
    ctx.tip.show(
      e.point.x,
      e.point.y,
      `<strong>${esc(placeName(p))}</strong><br>${esc(t(`pol.f.${p.status as ForumStatus}`))}<br>${esc(last)}`,
    )
  })
  ctx.map.on('mouseleave', 'forums-circle', () => ctx.tip.hide())

  async function save() {
    saving = true
    saved = null
    saveError = null
    ctx.rerender()
    try {
      const topics = form.topics
        .split(/[;,\n]/)
        .map((s) => s.trim())
        .filter(Boolean)
      const f = await send<{ id: number; name_en: string; name_km: string | null; held_on: string }>('POST', '/api/forums', {
        area_code: form.area_code.trim(),
        held_on: form.held_on,
        attendance: Number(form.attendance),
        topics,
        ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
      })
      saved = t('pol.f.saved', { name: placeName(f), date: f.held_on })
      form.attendance = ''
      form.topics = ''
      form.notes = ''
      void data.load()
    } catch (e) {
      saveError = (e as Error).message
    }
    saving = false
    ctx.rerender()
  }

  function recordForm(): Node {
    // Prefill the area from the selection (a commune or village), once per selection.
    const sel = ctx.store.get().sel
    if (sel !== formFor) {
      formFor = sel
      form.area_code = sel && sel.length >= 6 ? sel : ''
      saved = null
      saveError = null
    }
    if (!form.held_on) form.held_on = asOf()
    const input = (name: keyof typeof form, attrs: Record<string, unknown>) =>
      h('input', {
        name: `forum-${name}`,
        value: form[name],
        ...attrs,
        oninput: (e: Event) => {
          form[name] = (e.target as HTMLInputElement).value
        },
      })
    return h(
      'form',
      {
        class: 'planner forum-form',
        onsubmit: (e: Event) => {
          e.preventDefault()
          void save()
        },
      },
      h('h3', {}, t('pol.f.record')),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('pol.f.area')),
        input('area_code', { required: true, pattern: '\\d{6}|\\d{8}', placeholder: '12010101', inputmode: 'numeric' }),
      ),
      h('label', { class: 'field' }, h('span', {}, t('pol.f.date')), input('held_on', { type: 'date', required: true, max: today() })),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('pol.f.attendance')),
        input('attendance', { type: 'number', min: 0, max: 100000, required: true }),
      ),
      h('label', { class: 'field' }, h('span', {}, t('pol.f.topics')), input('topics', { placeholder: t('pol.f.topicsHint') })),
      h('label', { class: 'field' }, h('span', {}, t('pol.f.notes')), input('notes', {})),
      h('button', { type: 'submit', class: 'primary', disabled: saving }, t('pol.f.save')),
      saved ? h('p', { class: 'ok small forum-saved' }, saved) : null,
      saveError ? h('p', { class: 'login-error' }, saveError) : null,
    )
  }

  function body(): Node[] {
    const d = data.data
    const out: (Node | null)[] = [syntheticNote(ctx), ...stateNodes(data)]
    if (d) {
      const s = d.summary
      out.push(
        h('p', { class: 'pol-summary' }, t('pol.f.summary', { ok: fmtInt(s.compliant), areas: fmtInt(s.areas), date: d.date })),
        h(
          'ul',
          { class: 'classes inline' },
          ...FORUM_STATUSES.map((st) =>
            h(
              'li',
              {},
              h('span', { class: 'swatch round', style: { background: FORUM_COLORS[st] } }),
              `${t(`pol.f.${st}`)}: ${fmtInt(st === 'ok' ? d.rows.filter((r) => r.status === 'ok').length : s[st])}`,
            ),
          ),
        ),
      )
      const late = d.rows
        .filter((r) => r.status === 'overdue' || r.status === 'never')
        .sort((a, b) => (a.status === b.status ? (b.days_since ?? 0) - (a.days_since ?? 0) : a.status === 'overdue' ? -1 : 1))
      out.push(h('h3', {}, t('pol.f.overdueList', { n: fmtInt(late.length) })))
      if (!d.rows.length) out.push(empty(t('pol.f.empty')))
      else if (!late.length) out.push(empty(t('pol.f.noneOverdue')))
      else {
        out.push(
          h(
            'ul',
            { class: 'overdue-list', 'data-scroll': 'overdue' },
            ...late
              .slice(0, LIST_MAX)
              .map((r) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    { type: 'button', class: 'link', 'data-code': r.code, onclick: () => ctx.select(r.code, r.lon, r.lat) },
                    placeName(r),
                  ),
                  h(
                    'span',
                    { class: 'muted small' },
                    ` ${r.last_forum ? t('pol.f.daysSince', { n: fmtInt(r.days_since ?? 0), date: r.last_forum }) : t('pol.f.neverHeld')}`,
                  ),
                ),
              ),
          ),
        )
        if (late.length > LIST_MAX) out.push(h('p', { class: 'muted small' }, t('pol.f.more', { n: fmtInt(late.length - LIST_MAX) })))
      }
    }
    if (ctx.user.can.edit) out.push(recordForm())
    return out.filter(Boolean) as Node[]
  }

  function legend(): Node[] {
    return [
      h('h2', {}, t('pol.f.legendTitle')),
      h(
        'ul',
        { class: 'classes' },
        ...FORUM_STATUSES.map((st) =>
          h(
            'li',
            {},
            h('span', { class: 'swatch round', style: { background: FORUM_COLORS[st], width: '12px', height: '12px' } }),
            h('span', {}, t(`pol.f.${st}`)),
          ),
        ),
      ),
      h('p', { class: 'muted small' }, t('pol.f.rule')),
      ctx.meta.synthetic ? h('p', { class: 'synthetic-note' }, t('pol.f.synthetic')) : null,
    ].filter(Boolean) as Node[]
  }

  return {
    id: 'forums',
    show(v) {
      on = v
      showForums(ctx.map, v)
    },
    reload() {
      void data.load()
    },
    body,
    legend: () => (on ? legend() : null),
  }
}

import '../styles/playback.css'
import { monthLabel, t } from '../i18n/index.ts'
import { type AppState, type CalendarType, calendarMonths, calendarPeriods, type Store, viewerPeriod } from '../state.ts'
import { h, patch } from './dom.ts'
import { periodLabel } from './policy/period.ts'

/**
 * Time playback (issue 14): a play button under the period steps the map through time, as kepler.gl's time
 * playback does. Each step moves the period one frame on, and the next step waits until the map has drawn the
 * data of this one (`body[data-ready]`), so a slow machine shows every frame rather than skipping any. The map's
 * loads follow the state's from/to as for any other change (web/app/sync.ts).
 *
 * Frames: with the month slider, a window of one month when the whole span was shown, else the window the user
 * chose, slid one month a step. A viewer (protected figures) may only ask for calendar periods: their frames are
 * the calendar periods of the type chosen in their select (months when it says "All dates"), every one of them a
 * period the server publishes (server/auth/disclosure-rules.ts).
 */

/** The time a step lasts at least (the browser tests shorten it through the test handle). */
export const playbackTiming = { stepMs: 1200 }

export interface Frame {
  from: string
  to: string
  /** A viewer's calendar period (its label is "Q1 2025" rather than two months). */
  period?: { type: CalendarType; year: number; index: number | null }
}

/** The frames of the current state and the one it shows (-1: none, e.g. the whole span). */
export function framesOf(s: Pick<AppState, 'from' | 'to'>, months: string[], viewer: boolean): { frames: Frame[]; at: number } {
  const n = months.length
  if (!n) return { frames: [], at: -1 }
  if (viewer) {
    const cur = viewerPeriod(s)
    const type: CalendarType = cur && cur !== 'all' ? cur.type : 'month'
    const frames = calendarPeriods(months[0], months[n - 1])
      .filter((p) => p.type === type)
      .reverse() // oldest first
      .map((p) => ({ ...calendarMonths(p), period: p }))
    const at = frames.findIndex((f) => f.from === s.from && f.to === s.to)
    return { frames, at }
  }
  const a = s.from && months.includes(s.from) ? months.indexOf(s.from) : 0
  const b = s.to && months.includes(s.to) ? months.indexOf(s.to) : n - 1
  const whole = a === 0 && b === n - 1
  const width = whole ? 1 : Math.max(1, b - a + 1)
  const frames: Frame[] = []
  for (let i = 0; i + width <= n; i++) frames.push({ from: months[i], to: months[i + width - 1] })
  return { frames, at: whole && n > 1 ? -1 : a }
}

/** Where play starts: the frame shown, or the first one when none is shown or the last one is. */
export const startFrame = (at: number, count: number) => (at < 0 || at >= count - 1 ? 0 : at)

/** The frame after `at`: the next one, back to the first when looping, or null at the end. */
export function nextFrame(at: number, count: number, loop: boolean): number | null {
  if (!count) return null
  if (at + 1 < count) return at + 1
  return loop ? 0 : null
}

export function frameLabel(f: Frame): string {
  if (f.period) return periodLabel({ type: f.period.type, year: f.period.year, index: f.period.index })
  return f.from === f.to ? monthLabel(f.from) : `${monthLabel(f.from)} – ${monthLabel(f.to)}`
}

/** Resolves when the map has drawn what was asked ('drawn'), the load failed or play was stopped ('stopped'). */
function whenDrawn(signal: AbortSignal): Promise<'drawn' | 'stopped'> {
  return new Promise((resolve) => {
    const status = document.getElementById('status')
    const test = () =>
      signal.aborted || status?.classList.contains('error') ? 'stopped' : document.body.dataset.ready === '1' ? 'drawn' : null
    const now = test()
    if (now) return resolve(now)
    const mo = new MutationObserver(() => {
      const r = test()
      if (!r) return
      mo.disconnect()
      resolve(r)
    })
    mo.observe(document.body, { attributes: true, attributeFilter: ['data-ready'] })
    if (status) mo.observe(status, { attributes: true, attributeFilter: ['class'] })
    signal.addEventListener('abort', () => {
      mo.disconnect()
      resolve('stopped')
    })
  })
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const id = window.setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(id)
      resolve()
    })
  })

interface Player {
  playing: boolean
  loop: boolean
  /** The frame playback set last: its label stays on the map while the period is still that one. */
  shown: Frame | null
  months: string[]
  viewer: boolean
  run: AbortController | null
}

const players = new WeakMap<Store, Player>()

/** The player of a store, made (and bound to the store's changes) on first use. */
function playerOf(store: Store): Player {
  let p = players.get(store)
  if (p) return p
  const player: Player = { playing: false, loop: false, shown: null, months: [], viewer: false, run: null }
  p = player
  players.set(store, p)
  store.subscribe((s, prev) => {
    if (s.from !== prev.from || s.to !== prev.to || s.lang !== prev.lang) refresh(store, player)
  })
  return p
}

function setFrame(store: Store, p: Player, f: Frame) {
  p.shown = f
  store.set({ from: f.from, to: f.to })
}

function stop(store: Store, p: Player) {
  p.playing = false
  p.run?.abort()
  p.run = null
  refresh(store, p)
}

/** Plays from the frame shown (or the first): each step waits its time and for the map to have drawn the frame. */
async function play(store: Store, p: Player) {
  p.run?.abort()
  const run = new AbortController()
  p.run = run
  p.playing = true
  const { frames, at } = framesOf(store.get(), p.months, p.viewer)
  if (!frames.length) return stop(store, p)
  const start = startFrame(at, frames.length)
  if (start !== at) setFrame(store, p, frames[start])
  else p.shown = frames[at]
  refresh(store, p)
  while (!run.signal.aborted) {
    const [drawn] = await Promise.all([whenDrawn(run.signal), sleep(playbackTiming.stepMs, run.signal)])
    if (run.signal.aborted) return
    if (drawn === 'stopped') return stop(store, p) // the load failed: the status line says why
    const cur = framesOf(store.get(), p.months, p.viewer)
    const next = nextFrame(cur.at, cur.frames.length, p.loop)
    if (next == null) return stop(store, p) // the last frame stays on the map
    setFrame(store, p, cur.frames[next])
  }
}

/** One frame back or on (pauses play). */
function step(store: Store, p: Player, by: -1 | 1) {
  if (p.playing) stop(store, p)
  const { frames, at } = framesOf(store.get(), p.months, p.viewer)
  const i = at < 0 ? (by > 0 ? 0 : frames.length - 1) : at + by
  if (i >= 0 && i < frames.length) setFrame(store, p, frames[i])
}

const icon = (name: string) => h('span', { class: `pb-icon pb-${name}`, 'aria-hidden': 'true' })

/** The toggle: one button whose name stays "Play over time" and whose aria-pressed says whether it plays. */
function toggle(store: Store, p: Player, key: string, disabled = false) {
  return h(
    'button',
    {
      type: 'button',
      class: 'pb-play',
      'data-key': key,
      disabled,
      'aria-label': t('playback.play'),
      'aria-pressed': p.playing ? 'true' : 'false',
      title: p.playing ? t('playback.pause') : t('playback.play'),
      onclick: () => (p.playing ? stop(store, p) : void play(store, p)),
    },
    icon(p.playing ? 'pause' : 'play'),
  )
}

function controls(store: Store, p: Player): Node[] {
  const { frames, at } = framesOf(store.get(), p.months, p.viewer)
  const few = frames.length < 2
  const stepButton = (by: -1 | 1) =>
    h(
      'button',
      {
        type: 'button',
        class: by < 0 ? 'pb-back' : 'pb-forward',
        'data-key': by < 0 ? 'pb-back' : 'pb-forward',
        'aria-label': t(by < 0 ? 'playback.back' : 'playback.forward'),
        title: t(by < 0 ? 'playback.back' : 'playback.forward'),
        disabled: few || (by < 0 ? at === 0 : at === frames.length - 1),
        onclick: () => step(store, p, by),
      },
      icon(by < 0 ? 'back' : 'forward'),
    )
  return [
    h(
      'div',
      { class: 'pb-buttons', role: 'group', 'aria-label': t('playback.title') },
      stepButton(-1),
      toggle(store, p, 'pb-play', few),
      stepButton(1),
    ),
    h(
      'label',
      { class: 'pb-loop' },
      h('input', {
        type: 'checkbox',
        checked: p.loop,
        onchange: (e: Event) => {
          p.loop = (e.target as HTMLInputElement).checked
        },
      }),
      h('span', {}, t('playback.loop')),
    ),
  ]
}

/** The large label of the frame on the map, with a pause button of its own (the panel may be folded away on a phone). */
function stage(store: Store, p: Player) {
  const wrap = document.getElementById('map')?.parentElement
  if (!wrap) return
  let el = wrap.querySelector<HTMLElement>(':scope > .playback-stage')
  // The frame the map shows: while playing, and after it as long as the period is still the one playback set.
  const { frames, at } = framesOf(store.get(), p.months, p.viewer)
  const f = at >= 0 ? frames[at] : null
  const on = !!f && (p.playing || (p.shown?.from === f.from && p.shown?.to === f.to))
  if (!on || !f) {
    el?.remove()
    return
  }
  if (!el) {
    el = h('div', { class: 'playback-stage' })
    wrap.append(el)
  }
  el.dataset.playing = p.playing ? '1' : '0'
  patch(el, h('span', { class: 'pb-month', 'aria-hidden': 'true' }, frameLabel(f)), toggle(store, p, 'pb-stage-play'))
}

/** Redraws the controls in the filters panel and the map's label in place (the focused button keeps the focus). */
function refresh(store: Store, p: Player) {
  for (const el of document.querySelectorAll<HTMLElement>('.playback')) {
    el.dataset.playing = p.playing ? '1' : '0'
    patch(el, ...controls(store, p))
  }
  stage(store, p)
}

/**
 * The playback controls under the period (the month slider, or a viewer's period select): step back, play/pause,
 * step forward and loop. Built anew at each render of the filters panel, from the player the store keeps.
 */
export function playbackControls(store: Store, months: string[], viewer: boolean): HTMLElement {
  const p = playerOf(store)
  p.months = months
  p.viewer = viewer
  queueMicrotask(() => stage(store, p))
  return h('div', { class: 'playback', 'data-key': 'playback', 'data-playing': p.playing ? '1' : '0' }, ...controls(store, p))
}

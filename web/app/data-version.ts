import type { DataVersionResponse } from '../../common/api/data-version.ts'
import type { Meta } from '../api.ts'
import { getJson, WROTE_EVENT } from '../client.ts'
import { t } from '../i18n/index.ts'
import { monthsBetween } from '../panels/filters.ts'
import type { AppCtx } from './context.ts'

/** Said on window once the map has reloaded new data: panels with data of their own (policy, posts) reload theirs. */
export const DATA_CHANGED_EVENT = 'sv:data-changed'
/** How often the map asks, while its tab is visible. */
export const POLL_MS = 60_000
/** A focus or a return to the tab asks again at most this often. */
export const WAKE_GAP_MS = 5_000
/** How long "Data updated" stays up. */
const NOTICE_MS = 6_000

/** What the app (and the browser tests, through the test handle) reach of the watcher. */
export interface DataVersionWatch {
  /** Asks for the version now; true when it changed (the reload has then been done). */
  check(): Promise<boolean>
  /** The poll's interval in ms; setting it restarts the timer (tests shorten it rather than wait a minute). */
  pollMs: number
  /** A focus or a return to the tab asks only when the last ask is at least this old (ms). */
  wakeGapMs: number
  /** How many times the data were reloaded because the version changed. */
  readonly reloads: number
}

/**
 * Notices new data on the server: asks GET /api/data/version (an opaque version of what this user may see) every
 * POLL_MS while the tab is visible, when the tab or window comes back, and right after the app's own writes; when
 * it changed, `onChange` runs. Asks never overlap; one asked for while another is under way follows it, so a
 * write is never checked against a version read before it.
 */
export function watchVersion(onChange: () => Promise<void>, pollMs = POLL_MS): DataVersionWatch & { stop(): void } {
  let known: string | null = null
  let running: Promise<boolean> | null = null
  let again = false
  let lastAsk = 0
  let timer = 0
  let interval = pollMs
  let wakeGap = WAKE_GAP_MS
  let reloads = 0

  async function ask(): Promise<boolean> {
    let changed = false
    try {
      do {
        again = false
        lastAsk = Date.now()
        const { version } = await getJson<DataVersionResponse>('/api/data/version')
        if (known != null && version !== known) changed = true
        known = version
      } while (again)
    } catch {
      // Offline or refused: the next ask tries again (the offline banner and the login screen have their own paths).
    } finally {
      running = null
    }
    if (changed) {
      await onChange()
      reloads++
    }
    return changed
  }
  function check(): Promise<boolean> {
    if (running) {
      again = true
      return running
    }
    running = ask()
    return running
  }
  function schedule() {
    clearTimeout(timer)
    timer = window.setTimeout(() => {
      if (document.visibilityState === 'visible') void check()
      schedule()
    }, interval)
  }
  const wake = () => {
    if (document.visibilityState === 'visible' && Date.now() - lastAsk >= wakeGap) void check()
  }
  const wrote = () => void check()
  document.addEventListener('visibilitychange', wake)
  window.addEventListener('focus', wake)
  window.addEventListener(WROTE_EVENT, wrote)
  void check() // the version the first load goes with
  schedule()
  return {
    check,
    get pollMs() {
      return interval
    },
    set pollMs(ms: number) {
      interval = Math.max(50, ms)
      schedule()
    },
    get wakeGapMs() {
      return wakeGap
    },
    set wakeGapMs(ms: number) {
      wakeGap = Math.max(0, ms)
    },
    get reloads() {
      return reloads
    },
    stop() {
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', wake)
      window.removeEventListener('focus', wake)
      window.removeEventListener(WROTE_EVENT, wrote)
    },
  }
}

/**
 * The map's side of it: new data reload the map as it is (view, selection, filters and layers kept, points and
 * analysis asked again), the months of the period slider follow the data's new span, the status line says
 * "Data updated" for a few seconds, and DATA_CHANGED_EVENT tells the panels with data of their own.
 */
export function bindDataVersion(ctx: AppCtx, reload: (fresh: boolean) => Promise<void>): DataVersionWatch {
  const say = () => t('status.dataUpdated')
  return watchVersion(async () => {
    try {
      const meta = await getJson<Meta>('/api/meta')
      const { from, to } = meta.time_range
      const months = from && to ? monthsBetween(from.slice(0, 7), to.slice(0, 7)) : []
      // ctx.months is the array the filters panel reads: changed in place.
      if (months.join() !== ctx.months.join()) ctx.months.splice(0, ctx.months.length, ...months)
    } catch {
      /* the months stay as they were */
    }
    ctx.status.notice(say)
    document.body.dataset.ready = '0'
    await reload(true)
    window.dispatchEvent(new Event(DATA_CHANGED_EVENT))
    window.setTimeout(() => ctx.status.unnotice(say), NOTICE_MS)
  })
}

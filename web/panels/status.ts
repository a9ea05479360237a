import { t } from '../i18n/index.ts'
import { byId, h } from './dom.ts'

const spinner = () => h('span', { class: 'spinner', 'aria-hidden': 'true' })

/** The error and a button that clears it and tries again. */
function errorBanner(error: string, retry: () => void): Node[] {
  return [h('span', {}, t('status.error', { msg: error })), h('button', { type: 'button', onclick: retry }, t('status.retry'))]
}

/** The notice (with the spinner while loading) and a button that dismisses it. */
function noticeBanner(text: string, loading: boolean, dismiss: () => void): Node[] {
  return [
    ...(loading ? [spinner()] : []),
    h('span', {}, text),
    h('button', { type: 'button', class: 'dismiss', 'aria-label': t('user.close'), onclick: dismiss }, '×'),
  ]
}

/** The loading indicator, the error banner with a retry button, and a notice (a change the app made) the user can dismiss. */
export function createStatus(onRetry: () => void) {
  const el = byId('status')
  let pending = 0
  let error: string | null = null
  let notice: (() => string) | null = null // re-read in the current language
  const retry = () => {
    error = null
    render()
    onRetry()
  }
  const dismiss = () => {
    notice = null
    render()
  }
  const render = () => {
    el.replaceChildren()
    el.className = 'status'
    document.body.dataset.busy = pending > 0 ? '1' : '0'
    if (error) {
      el.classList.add('error')
      el.append(...errorBanner(error, retry))
    } else if (notice) {
      el.classList.add('notice')
      el.append(...noticeBanner(notice(), pending > 0, dismiss))
    } else if (pending > 0) {
      el.classList.add('loading')
      el.append(spinner(), h('span', {}, t('status.loading')))
    }
  }
  render()
  return {
    async track<T>(p: Promise<T>): Promise<T> {
      pending++
      render()
      try {
        return await p
      } finally {
        pending--
        render()
      }
    },
    fail(msg: string) {
      error = msg
      render()
    },
    /** Says once what the app changed (kept through loading, until dismissed or replaced). */
    notice(msg: (() => string) | null) {
      notice = msg
      render()
    },
    clear() {
      error = null
      render()
    },
    /** Takes down the notice if it is still `msg` (a short-lived notice ending without hiding a newer one). */
    unnotice(msg: () => string) {
      if (notice !== msg) return
      notice = null
      render()
    },
    render,
    get pending() {
      return pending
    },
  }
}
export type Status = ReturnType<typeof createStatus>

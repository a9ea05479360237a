import { t } from '../i18n/index.ts'
import { byId, h } from './dom.ts'

/** The loading indicator, the error banner with a retry button, and a notice (a change the app made) the user can dismiss. */
export function createStatus(onRetry: () => void) {
  const el = byId('status')
  let pending = 0
  let error: string | null = null
  let notice: (() => string) | null = null // re-read in the current language
  const render = () => {
    el.replaceChildren()
    el.className = 'status'
    document.body.dataset.busy = pending > 0 ? '1' : '0'
    if (error) {
      el.classList.add('error')
      el.append(
        h('span', {}, t('status.error', { msg: error })),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              error = null
              render()
              onRetry()
            },
          },
          t('status.retry'),
        ),
      )
    } else if (notice) {
      el.classList.add('notice')
      if (pending > 0) el.append(h('span', { class: 'spinner', 'aria-hidden': 'true' }))
      el.append(
        h('span', {}, notice()),
        h(
          'button',
          {
            type: 'button',
            class: 'dismiss',
            'aria-label': t('user.close'),
            onclick: () => {
              notice = null
              render()
            },
          },
          '×',
        ),
      )
    } else if (pending > 0) {
      el.classList.add('loading')
      el.append(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', {}, t('status.loading')))
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
    render,
    get pending() {
      return pending
    },
  }
}
export type Status = ReturnType<typeof createStatus>

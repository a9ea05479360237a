import { ApiError, download, isConnectionError, refusalText } from '../client.ts'
import { t } from '../i18n/index.ts'
import { connectionMessage } from './state.ts'

/**
 * Every download link of the API (`<a download href="/api/…">`: hot spots, reports, ranking …) goes through the API
 * client, so a refusal or a lost connection is said in the status line instead of failing silently or saving an
 * error page as the file. A link whose own handler already did so (the briefing PDF) is left alone.
 */
export function catchDownloads(report: { busy<T>(p: Promise<T>): Promise<T>; say(msg: () => string): void }): void {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return
    const a = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>('a[download][href]') : null
    if (!a) return
    const url = new URL(a.href, location.href)
    if (url.origin !== location.origin || !url.pathname.startsWith('/api/')) return
    e.preventDefault()
    report.busy(download(`${url.pathname}${url.search}`, a.getAttribute('download') || null)).catch((err: unknown) => {
      // A lost connection is said in the language shown at the time, with the time of the figures.
      if (isConnectionError(err)) report.say(connectionMessage)
      else {
        const msg = err instanceof ApiError ? refusalText(err) : (err as Error).message
        report.say(() => t('offline.downloadFailed', { e: msg }))
      }
    })
  })
}

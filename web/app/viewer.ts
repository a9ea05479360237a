import { BAD_REQUEST_EVENT, type BadRequestDetail, refusalText } from '../client.ts'
import { t } from '../i18n/index.ts'
import type { Status } from '../panels/status.ts'
import { type Store, viewerFix } from '../state.ts'

/**
 * A viewer's link may hold a range or a set of criteria the server does not publish (any date window, 2 to 4
 * criteria): set it to all dates / all five before anything is asked, and say so once. Any 400 the server still
 * gives goes to the status line with its message.
 */
export function keepViewerState(store: Store, status: Status) {
  const fix = viewerFix(store.get())
  if (fix) {
    store.set(fix.patch)
    status.notice(() =>
      [fix.period ? t('privacy.snappedPeriod') : '', fix.criteria ? t('privacy.snappedCriteria') : ''].filter(Boolean).join(' '),
    )
  }
  window.addEventListener(BAD_REQUEST_EVENT, (e) => {
    if (e instanceof CustomEvent) status.fail(refusalText(e.detail as BadRequestDetail))
  })
}

import '../styles/offline.css'
import { t } from '../i18n/index.ts'
import { h } from '../panels/dom.ts'
import { connection, fmtAsOf, onConnection } from './state.ts'

/**
 * The offline banner under the top bar: "Offline: figures as of <time of the kept answers>" while the app runs
 * without the server; on the login screen, that a connection is needed to log in. It goes away when the server
 * answers again, and follows the interface's language (the lang attribute setLang writes) and the login state.
 */
export function mountOfflineBanner(): HTMLElement {
  const el = h('div', { id: 'offline-banner', class: 'offline-banner', role: 'status', 'aria-live': 'polite', hidden: true })
  const text = h('span', {})
  el.append(h('span', { class: 'offline-dot', 'aria-hidden': 'true' }), text)
  ;(document.querySelector('.topbar') ?? document.body.firstElementChild)?.after(el)
  const render = () => {
    const { offline, asOf } = connection()
    el.hidden = !offline
    if (!offline) return
    const login = document.body.dataset.auth === 'login'
    text.textContent = login ? t('offline.login') : asOf ? t('offline.banner', { time: fmtAsOf(asOf) }) : t('offline.bannerNone')
    el.classList.toggle('login', login)
  }
  onConnection(render)
  new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] })
  new MutationObserver(render).observe(document.body, { attributes: true, attributeFilter: ['data-auth'] })
  render()
  return el
}

import { t } from '../i18n/index.ts'
import { login, type Me } from '../session.ts'
import { byId, h } from './dom.ts'
import { renderLangSwitch } from './lang-switch.ts'
import type { Lang } from '../i18n/index.ts'

/** The login form over the (empty) map; resolves with the user once the server accepts the password. */
export function showLogin(onLang: (l: Lang) => void): Promise<Me> {
  const el = byId('login')
  document.body.dataset.auth = 'login'
  return new Promise((resolve) => {
    let message = ''
    const render = () => {
      renderLangSwitch((l) => {
        onLang(l)
        render()
      })
      const user = h('input', {
        id: 'login-username',
        name: 'username',
        autocomplete: 'username',
        required: true,
        autocapitalize: 'none',
        spellcheck: false,
      })
      const pass = h('input', {
        id: 'login-password',
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
      })
      const error = h('p', { class: 'login-error', role: 'alert' }, message)
      const button = h('button', { type: 'submit', class: 'primary' }, t('login.submit'))
      const form = h(
        'form',
        {
          class: 'login-form',
          onsubmit: async (e: Event) => {
            e.preventDefault()
            button.disabled = true
            const r = await login(user.value, pass.value)
            button.disabled = false
            if (r.ok) {
              el.hidden = true
              el.replaceChildren()
              document.body.dataset.auth = 'in'
              resolve(r.me)
              return
            }
            message =
              r.status === 429
                ? t('login.locked', { s: String(r.retryAfter ?? 30) })
                : r.status === 401 || r.status === 400
                  ? t('login.wrong')
                  : r.status === 0
                    ? t('offline.login') // no connection to the server (web/offline)
                    : t('login.failed')
            error.textContent = message
            pass.value = ''
            pass.focus()
          },
        },
        h('h1', {}, t('app.title')),
        h('p', { class: 'muted' }, t('login.intro')),
        h('label', { for: 'login-username' }, t('login.username')),
        user,
        h('label', { for: 'login-password' }, t('login.password')),
        pass,
        error,
        button,
      )
      el.replaceChildren(form)
      el.hidden = false
      user.focus()
    }
    render()
  })
}

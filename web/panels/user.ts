import { placeName, t } from '../i18n/index.ts'
import { roleKey } from '../i18n/keys.ts'
import { changePassword, logout, type Me } from '../session.ts'
import { byId, h } from './dom.ts'

/** Who is logged in (name, role, area), log out, and change password. */
export function renderUser(me: Me) {
  const el = byId('user')
  const scope = me.scope ? placeName(me.scope) : t('user.national')
  const dialog = passwordDialog()
  el.replaceChildren(
    h('span', { class: 'who', title: me.username }, me.display_name ?? me.username),
    h('span', { class: `role role-${me.role}` }, t(roleKey(me.role))),
    h('span', { class: 'scope muted' }, scope),
    h('button', { type: 'button', class: 'link', onclick: () => dialog.showModal() }, t('user.password')),
    h(
      'button',
      {
        type: 'button',
        class: 'logout',
        onclick: async () => {
          await logout()
          location.reload()
        },
      },
      t('user.logout'),
    ),
    dialog,
  )
}

function passwordDialog(): HTMLDialogElement {
  const cur = h('input', { type: 'password', id: 'pw-current', autocomplete: 'current-password', required: true })
  const next = h('input', { type: 'password', id: 'pw-new', autocomplete: 'new-password', required: true, minLength: 10 })
  const msg = h('p', { class: 'login-error', role: 'alert' })
  const dialog = h('dialog', { class: 'pw-dialog' }) as HTMLDialogElement
  const form = h(
    'form',
    {
      onsubmit: async (e: Event) => {
        e.preventDefault()
        const r = await changePassword(cur.value, next.value)
        if (r.ok) {
          msg.textContent = t('user.passwordDone')
          msg.className = 'ok'
          cur.value = next.value = ''
          return
        }
        msg.className = 'login-error'
        msg.textContent =
          r.status === 403 ? t('user.passwordWrong') : r.field === 'new_password' ? t('user.passwordWeak') : (r.message ?? String(r.status))
      },
    },
    h('h2', {}, t('user.password')),
    h('label', { for: 'pw-current' }, t('user.passwordCurrent')),
    cur,
    h('label', { for: 'pw-new' }, t('user.passwordNew')),
    next,
    msg,
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit', class: 'primary' }, t('user.passwordSave')),
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            msg.textContent = ''
            dialog.close()
          },
        },
        t('user.close'),
      ),
    ),
  )
  dialog.append(form)
  return dialog
}

import { getLang, t, type Lang } from '../i18n/index.ts'
import { byId, h, patch } from './dom.ts'

/** EN / ខ្មែរ toggle. */
export function renderLangSwitch(onChange: (l: Lang) => void) {
  const el = byId('lang')
  const btn = (l: Lang, label: string) =>
    h(
      'button',
      {
        type: 'button',
        class: getLang() === l ? 'active' : '',
        'aria-pressed': String(getLang() === l),
        'data-lang': l,
        lang: l,
        onclick: () => onChange(l),
      },
      label,
    )
  patch(el, h('span', { class: 'sr-only' }, t('lang.label')), btn('en', 'EN'), btn('km', 'ខ្មែរ'))
}

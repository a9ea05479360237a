import type { Meta } from '../api.ts'
import { t } from '../i18n/index.ts'
import { byId, h, patch } from './dom.ts'

/** Data sources on the map: a one-line summary that opens to the full credits and licences. */
export function renderAttribution(meta: Meta) {
  const el = byId('attribution')
  const open = el.querySelector('details')?.open ?? false
  const short = meta.attribution.map((a) => a.split(/[:(]/)[1]?.trim().split(/[ ,]/)[0] ?? a).filter(Boolean)
  patch(
    el,
    h(
      'details',
      { open },
      h('summary', {}, `© ${t('attribution.title')}`, meta.synthetic ? h('strong', {}, ` · ${t('attribution.synthetic')}`) : null),
      h('ul', {}, ...meta.attribution.map((a) => h('li', {}, a))),
    ),
  )
  el.title = short.join(', ')
}

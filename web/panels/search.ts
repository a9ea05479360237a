import type { SearchHit } from '../api.ts'
import { ApiError, getJson, isAbort, latest, refusalText } from '../client.ts'
import { getLang, placeName, t, type MessageKey } from '../i18n/index.ts'
import { byId, h } from './dom.ts'

const LEVEL_KEY: Record<string, MessageKey> = {
  province: 'level.province',
  district: 'level.district',
  commune: 'level.commune',
  village: 'level.village',
}

/** A hit's level and the names of the areas above it, in the current language. */
function hitMeta(hit: SearchHit): string {
  const parents = getLang() === 'km' ? hit.parent_names_km : hit.parent_names_en
  const shown = getLang() === 'km' ? hit.parent_names_km || hit.parent_names_en : hit.parent_names_en
  return `${t(LEVEL_KEY[hit.level] ?? 'level.village')}${parents ? ` · ${shown}` : ''}`
}

/**
 * The result list's items: a hit per item (picked on mouse down, before the input's blur), "none found", or why
 * the search failed (no connection to the server, a refusal): a failed search never reads as "no place matches".
 */
function resultItems(hits: SearchHit[], q: string, pick: (i: number) => void, error: string | null): HTMLLIElement[] {
  if (error) return [h('li', { class: 'none error', role: 'alert' }, error)]
  if (!hits.length) return [h('li', { class: 'none' }, t('search.none', { q }))]
  return hits.map((hit, i) =>
    h(
      'li',
      {
        role: 'option',
        'data-code': hit.code,
        tabindex: -1,
        onmousedown: (e: Event) => {
          e.preventDefault()
          pick(i)
        },
      },
      h('span', { class: 'hit-name' }, placeName(hit)),
      h('span', { class: 'hit-meta' }, hitMeta(hit)),
    ),
  )
}

/** A search box over /api/search: Khmer or English, tolerant of spelling; Enter or click picks a result. */
export function createSearch(onPick: (hit: SearchHit) => void) {
  const root = byId('search')
  const input = h('input', { type: 'search', autocomplete: 'off', spellcheck: false, 'aria-label': t('search.label') }) as HTMLInputElement
  const list = h('ul', { class: 'results', role: 'listbox', hidden: true })
  root.replaceChildren(input, list)
  const requests = latest()
  let timer = 0
  let hits: SearchHit[] = []

  const show = (q: string, error: string | null = null) => {
    list.replaceChildren(...resultItems(hits, q, pick, error))
    list.hidden = false
  }
  const pick = (i: number) => {
    const hit = hits[i]
    if (!hit) return
    list.hidden = true
    input.value = placeName(hit)
    onPick(hit)
  }
  const search = async (q: string) => {
    try {
      hits = await getJson<SearchHit[]>(`/api/search?q=${encodeURIComponent(q)}&limit=12`, requests.next())
      show(q)
    } catch (e) {
      if (!isAbort(e)) {
        hits = []
        show(q, e instanceof ApiError ? refusalText(e) : (e as Error).message)
      }
    }
  }
  input.addEventListener('input', () => {
    clearTimeout(timer)
    const q = input.value.trim()
    if (!q) {
      list.hidden = true
      return
    }
    timer = window.setTimeout(() => search(q), 200)
  })
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && hits.length && !list.hidden) {
      e.preventDefault()
      pick(0)
    }
    if (e.key === 'Escape') list.hidden = true
  })
  input.addEventListener('blur', () =>
    setTimeout(() => {
      list.hidden = true
    }, 150),
  )
  return {
    relabel() {
      input.placeholder = t('search.placeholder')
      input.setAttribute('aria-label', t('search.label'))
    },
  }
}

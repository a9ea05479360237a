import { en, MONTHS_EN, type MessageKey } from './en.ts'
import { km, MONTHS_KM } from './km.ts'

export type Lang = 'en' | 'km'
export type { MessageKey }
const tables: Record<Lang, Record<MessageKey, string>> = { en, km }
let lang: Lang = 'en'

export const getLang = () => lang
export function setLang(l: Lang) {
  lang = l
  document.documentElement.lang = l
  document.body.classList.toggle('km', l === 'km')
  // Static labels in the HTML carry data-i18n.
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset.i18n
    if (isMessageKey(key)) el.textContent = t(key)
  }
}

/** A string from outside the code (an HTML attribute, an API value) is a key only if the catalogue has it. */
export function isMessageKey(key: string | null | undefined): key is MessageKey {
  return key != null && Object.hasOwn(en, key)
}

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return tables[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''))
}

export const fmtInt = (n: number) => n.toLocaleString('en-US')
export function fmtRate(r: number | null): string {
  if (r == null) return '–'
  if (r === 0) return '0'
  return r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)
}

/** "2024-03" → "Mar 2024" / "មីនា 2024". */
export function monthLabel(ym: string): string {
  const [y, m] = ym.split('-').map(Number)
  return `${(lang === 'km' ? MONTHS_KM : MONTHS_EN)[m - 1]} ${y}`
}

/** A place's name in the current language (Khmer falls back to English). */
export function placeName(p: { name_en: string; name_km?: string | null }): string {
  return lang === 'km' && p.name_km ? p.name_km : p.name_en
}
/** The other language's name, for a subtitle. */
export function otherName(p: { name_en: string; name_km?: string | null }): string | null {
  return lang === 'km' ? p.name_en : (p.name_km ?? null)
}

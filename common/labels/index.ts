/** The server's bilingual label catalogue: label(lang, key, vars) and both languages at once for table columns. */
import { en, type LabelKey } from './en.ts'
import { km } from './km.ts'

export type Lang = 'en' | 'km'
export type { LabelKey }
export const LABELS: Record<Lang, Record<LabelKey, string>> = { en, km }

export type LabelVars = Record<string, string | number | null | undefined>

/** A label in one language with its {placeholders} filled (a missing value leaves an empty string). */
export function label(lang: Lang, key: LabelKey, vars: LabelVars = {}): string {
  return LABELS[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''))
}

/** A label in both languages, as a table column's { en, km }; `kmVars` overrides values for Khmer (names, periods). */
export function bilingual(key: LabelKey, vars: LabelVars = {}, kmVars: LabelVars = {}): { en: string; km: string } {
  return { en: label('en', key, vars), km: label('km', key, { ...vars, ...kmVars }) }
}

import { label, type LabelKey, type LabelVars } from '../../common/labels/index.ts'

type Bi = { en: string; km: string }
export interface MethodVars {
  [k: string]: string | number | null | undefined | Bi
  level?: string
  area?: string | null
}

/** A method note in both languages: `method` (English, as before) and `method_km`; `level` and `area` are worded per language. */
export function methodNotes(key: LabelKey, vars: MethodVars): { method: string; method_km: string } {
  const one = (lang: 'en' | 'km'): string => {
    const v: LabelVars = {}
    for (const [k, x] of Object.entries(vars)) v[k] = x != null && typeof x === 'object' ? x[lang] : x
    if (vars.level === 'commune' || vars.level === 'village') v.level = label(lang, `method.level.${vars.level}`)
    if ('area' in vars) v.scope = vars.area ? label(lang, 'method.scope.area', { area: vars.area }) : label(lang, 'method.scope.all')
    return label(lang, key, v)
  }
  return { method: one('en'), method_km: one('km') }
}

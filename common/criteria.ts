/** The five criteria of the Safety Village/Commune/Sangkat policy (2010), with subtypes and map colours. */
export type CriterionId = 1 | 2 | 3 | 4 | 5
export interface Subtype {
  code: string
  en: string
  km: string
}
export interface Criterion {
  id: CriterionId
  en: string
  km: string
  color: string
  subtypes: Subtype[]
}

export const CRITERIA: readonly Criterion[] = [
  {
    id: 1,
    en: 'Theft, snatching, robbery',
    km: 'ចោរកម្ម ឆក់ប្លន់',
    color: '#e6550d',
    subtypes: [
      { code: 'theft', en: 'Theft', km: 'ចោរកម្ម' },
      { code: 'snatching', en: 'Snatching', km: 'ឆក់' },
      { code: 'robbery', en: 'Robbery', km: 'ប្លន់' },
      { code: 'motorbike_theft', en: 'Motorbike theft', km: 'លួចម៉ូតូ' },
    ],
  },
  {
    id: 2,
    en: 'Illegal drugs',
    km: 'គ្រឿងញៀន',
    color: '#756bb1',
    subtypes: [
      { code: 'use', en: 'Drug use', km: 'ការប្រើប្រាស់គ្រឿងញៀន' },
      { code: 'dealing', en: 'Drug dealing', km: 'ការជួញដូរគ្រឿងញៀន' },
      { code: 'production', en: 'Drug production', km: 'ការផលិតគ្រឿងញៀន' },
    ],
  },
  {
    id: 3,
    en: 'Prostitution, trafficking, domestic violence',
    km: 'ពេស្យាចារ ការជួញដូរស្ត្រី និងកុមារ អំពើហិង្សាក្នុងគ្រួសារ',
    color: '#d6616b',
    subtypes: [
      { code: 'domestic_violence', en: 'Domestic violence', km: 'អំពើហិង្សាក្នុងគ្រួសារ' },
      { code: 'trafficking', en: 'Trafficking of women and children', km: 'ការជួញដូរស្ត្រី និងកុមារ' },
      { code: 'prostitution', en: 'Prostitution', km: 'ពេស្យាចារ' },
    ],
  },
  {
    id: 4,
    en: 'Gangs',
    km: 'ក្រុមក្មេងទំនើង',
    color: '#31a354',
    subtypes: [
      { code: 'gang_fight', en: 'Gang fight', km: 'ការវាយតប់គ្នារបស់ក្រុមក្មេងទំនើង' },
      { code: 'gang_activity', en: 'Gang activity', km: 'សកម្មភាពក្រុមក្មេងទំនើង' },
    ],
  },
  {
    id: 5,
    en: 'Illegal gambling, weapons, other crimes',
    km: 'ល្បែងស៊ីសងខុសច្បាប់ អាវុធខុសច្បាប់ និងបទល្មើសផ្សេងៗ',
    color: '#3182bd',
    subtypes: [
      { code: 'gambling', en: 'Illegal gambling', km: 'ល្បែងស៊ីសងខុសច្បាប់' },
      { code: 'weapons', en: 'Illegal weapons', km: 'អាវុធខុសច្បាប់' },
      { code: 'other', en: 'Other crime', km: 'បទល្មើសផ្សេងៗ' },
    ],
  },
]

export const CRITERION_IDS = [1, 2, 3, 4, 5] as const

/** The label key of each criterion in the web's catalogue (web/i18n) and the server's (common/labels). */
export const CRITERION_KEYS = {
  1: 'criterion.1',
  2: 'criterion.2',
  3: 'criterion.3',
  4: 'criterion.4',
  5: 'criterion.5',
} as const
export type CriterionKey = (typeof CRITERION_KEYS)[CriterionId]

/** The label key of a criterion id (a number from the API or a loop over 1..5); throws on any other number. */
export function criterionKey(id: number): CriterionKey {
  if (!isCriterionId(id)) throw new RangeError(`no criterion ${id}`)
  return CRITERION_KEYS[id]
}

export const isCriterionId = (id: number): id is CriterionId => (CRITERION_IDS as readonly number[]).includes(id)

/** A criterion by id. */
export const criterion = (id: CriterionId): Criterion => CRITERIA[id - 1]

export function isSubtype(criterion: number, subtype: string): boolean {
  return CRITERIA.find((c) => c.id === criterion)?.subtypes.some((s) => s.code === subtype) ?? false
}

/** Labels of the briefing PDF: the pdf.* keys of common/labels, plus the shared words it uses unprefixed. */
import { label as common, type Lang, type LabelKey } from '../../common/labels/index.ts'

export type { Lang }

type Strip<P extends string> = LabelKey extends infer K ? (K extends `${P}${infer R}` ? R : never) : never
const SHARED = {
  policy: 'policy',
  synthetic: 'synthetic',
  village: 'area.village',
  commune: 'area.commune',
  total: 'col.total',
  change: 'col.change',
  safeCommunes: 'col.safeCommunes',
  safeVillages: 'col.safeVillages',
  hot99: 'an.hot99',
  hot95: 'an.hot95',
  hot90: 'an.hot90',
} as const satisfies Record<string, LabelKey>

export type PdfLabelKey = Strip<'pdf.'> | keyof typeof SHARED

export const label = (lang: Lang, k: PdfLabelKey): string =>
  common(lang, k in SHARED ? SHARED[k as keyof typeof SHARED] : (`pdf.${k}` as LabelKey))

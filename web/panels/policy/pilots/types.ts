/** The pilot API's shapes and the score terms. */
import { placeName } from '../../../i18n/index.ts'
import type { PilotEvaluation, PilotPlan, PilotScoreRow, PilotScoresResponse } from '../../../../common/api/pilots.ts'

export const TERMS = ['rate', 'trend', 'hotspot', 'population', 'distance', 'safe'] as const
export type Term = (typeof TERMS)[number]
export type Weights = Record<Term, number>
export type PilotLevel = 'commune' | 'village'
export const LEVELS: readonly PilotLevel[] = ['commune', 'village']
export const LIMIT = 300 // candidates asked for

/** A plan's area, a candidate, a plan, the scores and an evaluation, as the API sends them (common/api). */
export type Area = PilotPlan['areas'][number]
export type Row = PilotScoreRow
export type Scores = PilotScoresResponse
export type Plan = PilotPlan
export type Evaluation = PilotEvaluation

/** An area's name with its district's, so two of the same name can be told apart: "Chrey (Thma Koul)". */
export function pilotName(a: {
  name_en: string
  name_km: string | null
  district_name_en: string | null
  district_name_km: string | null
}) {
  const d = a.district_name_en ? placeName({ name_en: a.district_name_en, name_km: a.district_name_km }) : null
  return d ? `${placeName(a)} (${d})` : placeName(a)
}

/** A number with `d` decimals, or "–". */
export const num = (v: number | null | undefined, d = 2) => (v == null || !Number.isFinite(v) ? '–' : v.toFixed(d))
/** A typographic minus. */
export const minus = (s: string) => s.replace(/^-/, '−')

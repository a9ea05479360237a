/** The pilot API's shapes and the score terms. */
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

/** A number with `d` decimals, or "–". */
export const num = (v: number | null | undefined, d = 2) => (v == null || !Number.isFinite(v) ? '–' : v.toFixed(d))
/** A typographic minus. */
export const minus = (s: string) => s.replace(/^-/, '−')

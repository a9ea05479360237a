import { addDays } from '../../../../common/periods.ts'
import { setPilotData } from '../../../layers/pilots.ts'
import type { PolicyCtx } from '../common.ts'
import { addMonths, periodRange } from '../period.ts'
import type { Area, PilotLevel, Plan, Row, Weights } from './types.ts'

/** What the parts of the pilots tab share: the choice of pilots, the marked row, and the plan open on the map. */
export interface PilotState {
  ctx: PolicyCtx
  canPlan: boolean
  level: PilotLevel | null // null: from the selection
  weights: Weights | null // null: the server's defaults
  chosen: Map<string, Area>
  marked: string | null
  openPlan: Plan | null // shown on the map as stars
  editing: Plan | null // the plan form saves changes to it
  rows(): Row[] // the scored candidates
  onChosen?: () => void // the choice changed
  reloadScores?: () => void // asks for the candidates again (the level changed)
}

export function pilotState(ctx: PolicyCtx, rows: () => Row[]): PilotState {
  return {
    ctx,
    canPlan: ctx.user.role !== 'viewer',
    level: null,
    weights: null,
    chosen: new Map(),
    marked: null,
    openPlan: null,
    editing: null,
    rows,
  }
}

/** The area the candidates are drawn from (at most a commune). */
export const areaOf = (s: PilotState) => s.ctx.area()?.slice(0, 6) ?? null
export const levelOf = (s: PilotState): PilotLevel => s.level ?? ((areaOf(s)?.length ?? 0) >= 4 ? 'village' : 'commune')

/**
 * Scores use the 12 months up to the end of the period; a viewer's, the calendar year of the period (the server
 * publishes viewers' figures for calendar periods only).
 */
export function scoreWindow(s: PilotState): { from: string; to: string } {
  const p = s.ctx.period()
  if (s.ctx.user.privacy.k > 0) return periodRange({ type: 'year', year: p.year, index: null })
  const to = periodRange(p).to
  return { from: addDays(addMonths(to, -12), 1), to }
}

export const rowOf = (s: PilotState, code: string | null) => (code ? (s.rows().find((r) => r.code === code) ?? null) : null)

export function drawChosen(s: PilotState) {
  setPilotData(s.ctx.map, { chosen: [...s.chosen.values()] })
}
export function drawHighlight(s: PilotState, code = s.marked) {
  const r = rowOf(s, code)
  setPilotData(s.ctx.map, { highlight: r ? [r] : [] })
}
export function drawPlan(s: PilotState) {
  setPilotData(s.ctx.map, { plan: s.openPlan?.areas ?? [] })
}

/**
 * Sets the level (null: from the selection). A plan holds areas of one level, so a choice made at the other level
 * is dropped; the candidates are asked for again.
 */
export function setLevel(s: PilotState, level: PilotLevel | null) {
  const before = levelOf(s)
  s.level = level
  if (levelOf(s) === before) return
  if (s.chosen.size) {
    s.chosen.clear()
    chosenChanged(s)
  }
  s.reloadScores?.()
}

/** May the user change or delete this plan? Its author or an admin (server/routes/pilots.ts). */
export const mayChange = (s: PilotState, p: Plan) => s.canPlan && (s.ctx.user.role === 'admin' || p.created_by === s.ctx.user.id)

/** Chooses an area as a pilot, or drops it. */
export function toggle(s: PilotState, a: Area) {
  if (s.chosen.has(a.code)) s.chosen.delete(a.code)
  else
    s.chosen.set(a.code, {
      code: a.code,
      name_en: a.name_en,
      name_km: a.name_km,
      district_name_en: a.district_name_en,
      district_name_km: a.district_name_km,
      lon: a.lon,
      lat: a.lat,
    })
  chosenChanged(s)
}

export function chosenChanged(s: PilotState) {
  drawChosen(s)
  s.onChosen?.()
  s.ctx.rerender()
}

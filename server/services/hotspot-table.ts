import type { HotspotInput } from '../compute/hotspot-analysis.ts'
import type { UnitTable } from '../db/queries/hotspot-units.ts'
import { estimate } from '../domain/disclosure.ts'
import type { HotspotParams } from './hotspot-types.ts'

/** The units analysed (indices into the table), their centroids and the value the statistic reads. */
export interface Analysed {
  keep: number[]
  x: Float64Array
  y: Float64Array
  value: Float64Array
}

/**
 * Units analysed: all, or with rate=true those with a known, positive population. Viewers' counts are published
 * cells (server/domain/disclosure.ts); a withheld one enters at k/2. Too few units is a RangeError.
 */
export function analysedUnits(table: UnitTable, p: HotspotParams, k: number): Analysed {
  const keep: number[] = []
  for (let i = 0; i < table.codes.length; i++) if (!p.rate || table.population[i] > 0) keep.push(i)
  const sub = <T extends Float64Array>(a: T) => Float64Array.from(keep, (i) => a[i])
  const x = sub(table.x),
    y = sub(table.y)
  const value = Float64Array.from(keep, (i) => {
    const c = estimate(table.count[i], k)
    return p.rate ? (c / table.population[i]) * 1000 : c
  })
  const n = keep.length
  if (n < 30 && p.method === 'optimized') throw new RangeError(`only ${n} units to analyse; optimized hot spots need 30`)
  if (n < 5) throw new RangeError(`only ${n} units to analyse`)
  return { keep, x, y, value }
}

/** Each analysed unit's own properties: code, names, count (null when withheld), population and rate. */
export function unitProperties(table: UnitTable, keep: number[], k: number): Record<string, unknown>[] {
  return keep.map((i) => {
    const small = Number.isNaN(table.count[i])
    return {
      code: table.codes[i],
      ...(table.names ? { name_en: table.names[i].en, name_km: table.names[i].km } : {}),
      ...(table.places?.[i].en ? { place_en: table.places[i].en, place_km: table.places[i].km } : {}),
      count: small ? null : table.count[i],
      ...(k > 0 ? { suppressed: small } : {}),
      population: Number.isFinite(table.population[i]) ? Math.round(table.population[i]) : null,
      rate: !small && table.population[i] > 0 ? (table.count[i] / table.population[i]) * 1000 : null,
    }
  })
}

/** The values per unit and time step that emerging hot spots read (unit-major), like `value`. */
export function stepValues(table: UnitTable, keep: number[], p: HotspotParams, k: number): NonNullable<HotspotInput['series']> {
  const T = table.series!.steps.length
  const vals = new Float64Array(keep.length * T)
  keep.forEach((i, u) => {
    for (let t = 0; t < T; t++) {
      const c = estimate(table.series!.values[i * T + t], k)
      vals[u * T + t] = p.rate ? (c / table.population[i]) * 1000 : c
    }
  })
  return { T, values: vals }
}

/** JSON has no NaN or Infinity: they become null. */
export function clean(o: Record<string, unknown>) {
  for (const k of Object.keys(o)) if (typeof o[k] === 'number' && !Number.isFinite(o[k] as number)) o[k] = null
  return o
}

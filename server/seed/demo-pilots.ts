/**
 * SYNTHETIC pilot effect for the demo: a pilot plan of villages from a start date, in which a share of the
 * incidents after the start are removed, so the evaluation (DiD against matched controls) has a known effect
 * to find. Pilots are drawn at random from the villages with the most incidents before the start (as a real
 * pilot would target them), away from the demo's trending clusters, whose own trends would blur the effect.
 */
import type { IncidentInsert } from '../db/queries/insert-incidents.ts'
import { DEMO_SPEC, metres, type DemoVillage } from './demo-incidents.ts'
import { Rng } from './prng.ts'

export interface PilotPlant {
  name: string
  start: string
  reduction: number
  level: 'village'
  villages: string[]
  /** Incidents removed after the start, per pilot village. */
  removed: Record<string, number>
  candidates: number
  rationale: string
}
export interface PilotOptions {
  seed: number
  start?: string
  pilots?: number
  reduction?: number
  minPopulation?: number
}

export const DEMO_PILOT_START = '2025-07-01'

export function plantPilotEffect(
  incidents: IncidentInsert[],
  villages: DemoVillage[],
  o: PilotOptions,
): { incidents: IncidentInsert[]; plant: PilotPlant | null } {
  const start = o.start ?? DEMO_PILOT_START
  const pilots = o.pilots ?? 50
  const reduction = o.reduction ?? 0.6
  const minPop = o.minPopulation ?? 300
  const rng = new Rng(o.seed, 61)
  const trending = DEMO_SPEC.clusters.filter((c) => c.kind !== 'persistent' || (c.trend && c.trend !== 'flat'))
  const before = new Map<string, number>()
  for (const i of incidents)
    if (i.village_code && i.occurred_at.slice(0, 10) < start) before.set(i.village_code, (before.get(i.village_code) ?? 0) + 1)
  const pool = villages
    .filter(
      (v) =>
        v.population_est >= minPop &&
        (before.get(v.code) ?? 0) > 0 &&
        !trending.some((c) => metres(c.lon, c.lat, v.lon, v.lat) < c.radius_m * 2),
    )
    .sort((a, b) => before.get(b.code)! - before.get(a.code)! || (a.code < b.code ? -1 : 1))
    .slice(0, pilots * 4)
  if (pool.length < pilots * 2) return { incidents, plant: null }
  // A seeded partial shuffle: the first `pilots` of the pool become the pilots.
  for (let i = 0; i < pilots; i++) {
    const j = i + rng.int(pool.length - i)
    ;[pool[i], pool[j]] = [pool[j], pool[i]]
  }
  const chosen = new Set(pool.slice(0, pilots).map((v) => v.code))
  const removed: Record<string, number> = {}
  const kept = incidents.filter((i) => {
    if (!i.village_code || !chosen.has(i.village_code) || i.occurred_at.slice(0, 10) < start) return true
    if (rng.float() >= reduction) return true
    removed[i.village_code] = (removed[i.village_code] ?? 0) + 1
    return false
  })
  return {
    incidents: kept,
    plant: {
      name: `Demo pilot: community policing in ${pilots} villages (synthetic)`,
      start,
      reduction,
      level: 'village',
      villages: [...chosen].sort(),
      removed,
      candidates: pool.length,
      rationale:
        `SYNTHETIC DEMO. ${pilots} villages drawn at random from the ${pool.length} with the most incidents before ${start} (population ≥ ${minPop}); ` +
        `the demo removes ${Math.round(reduction * 100)}% of their incidents after the start, so the evaluation has a known effect to find.`,
    },
  }
}

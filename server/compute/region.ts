import { regionCounts } from '../db/queries/region.ts'
import type { Db } from '../db/types.ts'
import { CAMBODIA_KM2 } from './budgets.ts'

/** The region of an analysis (the country, or an officer's area) as the budgets need it: land area and unit counts. */
export interface RegionInfo {
  areaKm2: number
  communes: number
  villages: number
}

const cache = new WeakMap<Db, Map<string, Promise<RegionInfo>>>()

/** The region's area (km²) and how many communes and villages with a point it holds; cached per database and scope. */
export function regionInfo(db: Db, scope: string | null): Promise<RegionInfo> {
  let m = cache.get(db)
  if (!m) cache.set(db, (m = new Map()))
  const key = scope ?? ''
  let p = m.get(key)
  if (!p) {
    p = load(db, scope)
    m.set(key, p)
    p.catch(() => m!.delete(key))
  }
  return p
}

async function load(db: Db, scope: string | null): Promise<RegionInfo> {
  const r = await regionCounts(db, scope)
  return {
    areaKm2: scope ? Math.max(1, Number(r?.km2 ?? 1)) : CAMBODIA_KM2,
    communes: Number(r?.communes ?? 0),
    villages: Number(r?.villages ?? 0),
  }
}

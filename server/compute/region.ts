import type { Db } from '../db/types.ts'
import { CAMBODIA_KM2 } from './budgets.ts'

/** The region of an analysis (the country, or an officer's area) as the budgets need it: land area and unit counts. */
export interface RegionInfo { areaKm2: number; communes: number; villages: number }

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
  const like = `${(scope ?? '').replace(/\D/g, '')}%`
  const [r] = await db.query<{ km2: number | null; communes: number; villages: number }>(
    `SELECT ${scope ? `(SELECT ST_Area(g.geom_simple::geography) / 1e6 FROM areas a JOIN areas g ON g.code = coalesce(CASE WHEN a.has_geometry THEN a.code END, a.covered_by) WHERE a.code = $2)` : 'NULL::float8'} AS km2,
       (SELECT count(*)::int FROM areas WHERE level = 'commune' AND code LIKE $1) AS communes,
       (SELECT count(*)::int FROM villages WHERE geom IS NOT NULL AND code LIKE $1) AS villages`, scope ? [like, scope] : [like])
  return { areaKm2: scope ? Math.max(1, Number(r?.km2 ?? 1)) : CAMBODIA_KM2, communes: Number(r?.communes ?? 0), villages: Number(r?.villages ?? 0) }
}

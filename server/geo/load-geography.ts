import { insertAreas, insertVillages, saveGeographyMeta, simplifyAreas } from '../db/queries/geography.ts'
import type { Db, Queryable } from '../db/types.ts'
import { nameKey } from '../domain/names.ts'
import { estimateVillagePopulation } from '../domain/village-population.ts'
import { ATTRIBUTION, readGeodata, type AreaProperties, type GeoFeature, type Geodata } from './read-geodata.ts'

/** Simplification tolerance (degrees) of the geometry served to the map, by level. */
const SIMPLIFY = { province: 0.002, district: 0.001, commune: 0.0004 } as const
const CHUNK = 2000

export interface GeographySummary {
  provinces: number
  districts: number
  communes: number
  communes_without_polygon: number
  communes_covered: number
  villages: number
  villages_without_point: number
  legacy_villages: number
  villages_population_estimated: number
}

/** Loads provinces, districts, communes and villages from GEODATA_DIR in one transaction. */
export async function loadGeography(db: Db, dir: string): Promise<GeographySummary> {
  const data = await readGeodata(dir)
  const areas = buildAreas(data)
  const villages = buildVillages(data, areas)
  await db.tx(async (q) => {
    for (const level of ['province', 'district', 'commune'] as const) {
      await insertChunks(
        q,
        areas.filter((a) => a.level === level),
        insertAreas,
      )
    }
    await simplifyAreas(q, SIMPLIFY)
    await insertChunks(q, villages, insertVillages)
    await saveGeographyMeta(q, { dir, attribution: ATTRIBUTION, loaded_at: new Date().toISOString() })
  })
  const communes = areas.filter((a) => a.level === 'commune')
  return {
    provinces: areas.filter((a) => a.level === 'province').length,
    districts: areas.filter((a) => a.level === 'district').length,
    communes: communes.length,
    communes_without_polygon: communes.filter((c) => !c.geometry).length,
    communes_covered: communes.filter((c) => c.covered_by).length,
    villages: villages.length,
    villages_without_point: villages.filter((v) => v.lon == null).length,
    legacy_villages: villages.filter((v) => v.code_status !== 'current').length,
    villages_population_estimated: villages.filter((v) => v.population_est != null).length,
  }
}

interface AreaRow {
  code: string
  level: 'province' | 'district' | 'commune'
  parent_code: string | null
  name_en: string
  name_km: string | null
  type_en: string | null
  type_km: string | null
  population: number | null
  population_year: number | null
  population_complete: boolean
  covered_by: string | null
  geometry: string | null
  name_key: string
  name_km_key: string
}

function buildAreas(data: Geodata): AreaRow[] {
  const features = new Map<string, GeoFeature>()
  for (const f of [...data.provinces, ...data.districts, ...data.communes]) features.set(f.properties.code, f)
  const coveredBy = new Map<string, string>()
  for (const f of data.communes) for (const c of f.properties.covers_codes ?? []) coveredBy.set(String(c), f.properties.code)
  const rows: AreaRow[] = []
  const seen = new Set<string>()
  for (const g of data.gazetteer) {
    if (g.level === 'village') continue
    const f = features.get(g.code)
    const p: Partial<AreaProperties> = f?.properties ?? {}
    rows.push({
      code: g.code,
      level: g.level,
      parent_code: g.parent_code || null,
      name_en: g.name_en,
      name_km: g.name_km || null,
      type_en: g.type_en || null,
      type_km: g.type_km || null,
      population: p.population ?? null,
      population_year: p.population_year ?? null,
      // a commune's own figure is complete when present; districts and provinces say so themselves
      population_complete: g.level === 'commune' ? p.population != null : (p.population_complete ?? false),
      covered_by: coveredBy.get(g.code) ?? null,
      geometry: f?.geometry ? JSON.stringify(f.geometry) : null,
      name_key: nameKey(g.name_en),
      name_km_key: nameKey(g.name_km ?? ''),
    })
    seen.add(g.code)
  }
  for (const [code, f] of features) {
    if (!seen.has(code)) throw new Error(`Boundary ${code} (${f.properties.name_en}) is not in the gazetteer`)
  }
  return rows
}

interface VillageRow {
  code: string
  commune_code: string
  district_code: string
  province_code: string
  name_en: string
  name_km: string | null
  code_status: string
  households_est: number | null
  population_est: number | null
  population_method: string
  name_key: string
  name_km_key: string
  lon: number | null
  lat: number | null
}

function buildVillages(data: Geodata, areas: AreaRow[]): VillageRow[] {
  const parent = new Map(areas.map((a) => [a.code, a.parent_code]))
  const base: Omit<VillageRow, 'district_code' | 'province_code' | 'population_est' | 'population_method' | 'name_key' | 'name_km_key'>[] =
    []
  const withPoint = new Set<string>()
  for (const f of data.villages) {
    const p = f.properties
    const [lon, lat] = f.geometry.coordinates as [number, number]
    base.push({
      code: p.code,
      commune_code: p.commune_code_gazetteer ?? p.parent_code,
      name_en: p.name_en,
      name_km: p.name_km ?? null,
      code_status: p.code_status,
      households_est: p.households_est ?? null,
      lon,
      lat,
    })
    withPoint.add(p.code)
  }
  for (const g of data.gazetteer) {
    if (g.level !== 'village' || withPoint.has(g.code)) continue
    base.push({
      code: g.code,
      commune_code: g.parent_code,
      name_en: g.name_en,
      name_km: g.name_km || null,
      code_status: 'current',
      households_est: null,
      lon: null,
      lat: null,
    })
  }
  const communePop = new Map(areas.filter((a) => a.level === 'commune').map((a) => [a.code, a.population]))
  const shares = new Map(estimateVillagePopulation(base, communePop).map((s) => [s.code, s]))
  return base.map((v) => {
    const district = parent.get(v.commune_code)
    if (!district) throw new Error(`Village ${v.code}: commune ${v.commune_code} is not in the gazetteer`)
    const s = shares.get(v.code)!
    return {
      ...v,
      district_code: district,
      province_code: parent.get(district)!,
      population_est: s.population_est,
      population_method: s.method,
      name_key: nameKey(v.name_en),
      name_km_key: nameKey(v.name_km ?? ''),
    }
  })
}

async function insertChunks<T>(q: Queryable, rows: T[], insert: (q: Queryable, json: string) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(q, JSON.stringify(rows.slice(i, i + CHUNK)))
}

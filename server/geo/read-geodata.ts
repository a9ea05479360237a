import { readFile, access } from 'node:fs/promises'
import path from 'node:path'
import Papa from 'papaparse'

/** Raw files of GEODATA_DIR, as SOURCES.md describes them (the properties read here; the files hold more). */
type Position = number[]
export type AreaGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] }
export interface PointGeometry {
  type: 'Point'
  coordinates: Position
}
export interface GeoFeature<P = AreaProperties, G = AreaGeometry | null> {
  type: 'Feature'
  properties: P
  geometry: G
}
/** A province, district or commune polygon. */
export interface AreaProperties {
  code: string
  name_en: string
  name_km: string | null
  parent_code: string | null
  population: number | null
  population_year: number | null
  /** Provinces and districts: false when a commune lacks a figure. */
  population_complete?: boolean
  /** Communes: the communes without a polygon that lie inside this one. */
  covers_codes?: string[]
}
/** A village point. */
export interface VillageProperties {
  code: string
  name_en: string
  name_km: string | null
  parent_code: string
  commune_code_gazetteer: string | null
  code_status: string
  households_est: number | null
}
export interface GazetteerRow {
  level: 'province' | 'district' | 'commune' | 'village'
  code: string
  parent_code: string
  name_en: string
  name_km: string
  type_en: string
  type_km: string
  has_geometry: 'yes' | 'no'
}
export interface Geodata {
  gazetteer: GazetteerRow[]
  provinces: GeoFeature[]
  districts: GeoFeature[]
  communes: GeoFeature[]
  villages: GeoFeature<VillageProperties, PointGeometry>[]
}

const FILES = ['gazetteer.csv', 'provinces.geojson', 'districts.geojson', 'communes.geojson', 'villages.geojson']

export async function readGeodata(dir: string): Promise<Geodata> {
  for (const f of FILES) {
    try {
      await access(path.join(dir, f))
    } catch {
      throw new Error(`Geodata file ${f} not found in ${dir}. Set GEODATA_DIR to the folder holding ${FILES.join(', ')}.`)
    }
  }
  // The files are trusted inputs described by SOURCES.md: their features are taken as typed, not checked.
  const json = async <F>(f: string): Promise<F[]> => (JSON.parse(await readFile(path.join(dir, f), 'utf8')) as { features: F[] }).features
  const csv = Papa.parse<GazetteerRow>(await readFile(path.join(dir, 'gazetteer.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
    dynamicTyping: false,
  })
  if (csv.errors.length) throw new Error(`gazetteer.csv: ${csv.errors[0].message} (row ${csv.errors[0].row})`)
  return {
    gazetteer: csv.data,
    provinces: await json<GeoFeature>('provinces.geojson'),
    districts: await json<GeoFeature>('districts.geojson'),
    communes: await json<GeoFeature>('communes.geojson'),
    villages: await json<GeoFeature<VillageProperties, PointGeometry>>('villages.geojson'),
  }
}

export const ATTRIBUTION = [
  'Boundaries: geoBoundaries (Runfola et al. 2020, PLoS ONE 15(4): e0231866), CC BY 4.0; source data Open Development Cambodia, Administrative boundaries of Cambodia 2014.',
  'Names and codes: NCDD Cambodia Gazetteer via Pumi (github.com/dwilkie/pumi, MIT).',
  "Village points: Open Development Cambodia / Save Cambodia's Wildlife / MoEYS (2013), treated as CC BY-SA 4.0.",
  'Commune population 2011: NCDD Commune Database 2011 (NIS/MoP), CC BY-SA.',
]

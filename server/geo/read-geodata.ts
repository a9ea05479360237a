import { readFile, access } from 'node:fs/promises'
import path from 'node:path'
import Papa from 'papaparse'

/** Raw files of GEODATA_DIR, as SOURCES.md describes them. */
export interface GeoFeature<P = Record<string, any>> {
  type: 'Feature'
  properties: P
  geometry: any
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
  villages: GeoFeature[]
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
  const json = async (f: string) => JSON.parse(await readFile(path.join(dir, f), 'utf8')).features as GeoFeature[]
  const csv = Papa.parse<GazetteerRow>(await readFile(path.join(dir, 'gazetteer.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
    dynamicTyping: false,
  })
  if (csv.errors.length) throw new Error(`gazetteer.csv: ${csv.errors[0].message} (row ${csv.errors[0].row})`)
  return {
    gazetteer: csv.data,
    provinces: await json('provinces.geojson'),
    districts: await json('districts.geojson'),
    communes: await json('communes.geojson'),
    villages: await json('villages.geojson'),
  }
}

export const ATTRIBUTION = [
  'Boundaries: geoBoundaries (Runfola et al. 2020, PLoS ONE 15(4): e0231866), CC BY 4.0; source data Open Development Cambodia, Administrative boundaries of Cambodia 2014.',
  'Names and codes: NCDD Cambodia Gazetteer via Pumi (github.com/dwilkie/pumi, MIT).',
  "Village points: Open Development Cambodia / Save Cambodia's Wildlife / MoEYS (2013), treated as CC BY-SA 4.0.",
  'Commune population 2011: NCDD Commune Database 2011 (NIS/MoP), CC BY-SA.',
]

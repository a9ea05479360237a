/**
 * SYNTHETIC police posts (no real locations are published): one administrative police post per
 * commune, one station per district and one headquarters per province, at their most populous village.
 */
import { insertPostChunk } from '../db/queries/demo-seed.ts'
import type { Queryable } from '../db/types.ts'
import type { DemoVillage } from './demo-incidents.ts'
import { Rng } from './prng.ts'
import { label } from '../../common/labels/index.ts'

export interface DemoCommune {
  code: string
  name_en: string
  name_km: string | null
  district_code: string
  province_code: string
  population: number | null
  lon: number | null
  lat: number | null
}
/** Optional district/province names (code -> names) for the station and HQ names. */
export type AreaNames = ReadonlyMap<string, { name_en: string; name_km: string | null }>

export type PostType = 'commune_post' | 'district_station' | 'provincial_hq'
export interface PostInsert {
  code: string
  name_en: string
  name_km: string | null
  post_type: PostType
  staff: number
  commune_code: string | null
  lon: number
  lat: number
  synthetic: boolean
}

const KM = {
  commune_post: label('km', 'post.commune_post'),
  district_station: label('km', 'post.district_station'),
  provincial_hq: label('km', 'post.provincial_hq'),
}
const STAFF = {
  // [min, max, population at which max is reached]
  commune_post: [4, 20, 40_000],
  district_station: [15, 80, 400_000],
  provincial_hq: [60, 400, 2_000_000],
} as const

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)

/** The most populous village per key (ties: the lowest code). */
function topVillage(villages: DemoVillage[], key: (v: DemoVillage) => string): Map<string, DemoVillage> {
  const top = new Map<string, DemoVillage>()
  for (const v of villages) {
    if (!Number.isFinite(v.lon) || !Number.isFinite(v.lat)) continue
    const t = top.get(key(v))
    if (!t || v.population_est > t.population_est || (v.population_est === t.population_est && v.code < t.code)) top.set(key(v), v)
  }
  return top
}

/** Staff from min to max, growing with the square root of population, ±10% noise. */
function staff(rng: Rng, type: PostType, population: number | null): number {
  const [min, max, full] = STAFF[type]
  const share = population && population > 0 ? Math.sqrt(Math.min(population, full) / full) : 0
  const noisy = (min + (max - min) * share) * (0.9 + 0.2 * rng.float())
  return Math.max(min, Math.min(max, Math.round(noisy)))
}

export function generateDemoPosts(
  communes: DemoCommune[],
  villages: DemoVillage[],
  opts: { seed: number; names?: AreaNames },
): PostInsert[] {
  const rng = new Rng(opts.seed, 2)
  const sorted = [...villages].sort(byCode)
  const inCommune = topVillage(sorted, (v) => v.commune_code)
  const inDistrict = topVillage(sorted, (v) => v.district_code)
  const inProvince = topVillage(sorted, (v) => v.province_code)
  const posts: PostInsert[] = []
  const popOf = new Map<string, number>()
  const add = (code: string, p: number | null) => {
    if (p && p > 0) popOf.set(code, (popOf.get(code) ?? 0) + p)
  }

  for (const c of [...communes].sort(byCode)) {
    add(c.district_code, c.population)
    add(c.province_code, c.population)
    const v = inCommune.get(c.code)
    const at = v ? { lon: v.lon, lat: v.lat } : c.lon != null && c.lat != null ? { lon: c.lon, lat: c.lat } : null
    if (!at) continue
    posts.push({
      code: `POST-${c.code}`,
      name_en: `${c.name_en} ${label('en', 'post.commune_post')}`,
      name_km: c.name_km ? `${KM.commune_post} ${c.name_km}` : KM.commune_post,
      post_type: 'commune_post',
      staff: staff(rng, 'commune_post', c.population),
      commune_code: c.code,
      ...at,
      synthetic: true,
    })
  }
  const host = (v: DemoVillage | undefined, type: PostType, code: string, en: string, km: string): PostInsert | null => {
    if (!v) return null
    const names = opts.names?.get(code)
    return {
      code: `${type === 'district_station' ? 'STN' : 'HQ'}-${code}`,
      name_en: names ? `${names.name_en} ${en}` : `${en[0].toUpperCase()}${en.slice(1)} ${code}`,
      name_km: names?.name_km ? `${km} ${names.name_km}` : km,
      post_type: type,
      staff: staff(rng, type, popOf.get(code) ?? null),
      commune_code: v.commune_code,
      lon: v.lon,
      lat: v.lat,
      synthetic: true,
    }
  }
  const districts = [...new Set(communes.map((c) => c.district_code))].sort()
  for (const d of districts) {
    const p = host(inDistrict.get(d), 'district_station', d, label('en', 'post.district_station'), KM.district_station)
    if (p) posts.push(p)
  }
  const provinces = [...new Set(communes.map((c) => c.province_code))].sort()
  for (const pr of provinces) {
    const p = host(inProvince.get(pr), 'provincial_hq', pr, label('en', 'post.provincial_hq'), KM.provincial_hq)
    if (p) posts.push(p)
  }
  return posts
}

/** Bulk insert in one statement per 2,000 posts; posts whose code exists are skipped. Returns how many were stored. */
export async function insertPosts(q: Queryable, posts: PostInsert[]): Promise<number> {
  let inserted = 0
  for (let i = 0; i < posts.length; i += 2000) {
    const rows = await insertPostChunk(q, JSON.stringify(posts.slice(i, i + 2000)))
    inserted += rows.length
  }
  return inserted
}

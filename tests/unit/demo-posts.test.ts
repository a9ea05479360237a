import { describe, expect, it } from 'vitest'
import type { DemoVillage } from '../../server/seed/demo-incidents.ts'
import { generateDemoPosts, insertPosts, type DemoCommune } from '../../server/seed/demo-posts.ts'
import { openTestDb } from '../helpers/db.ts'

const commune = (code: string, name: string, population: number | null, lon: number | null, lat: number | null): DemoCommune => ({
  code,
  name_en: name,
  name_km: `ឃុំ${name}`,
  district_code: code.slice(0, 4),
  province_code: code.slice(0, 2),
  population,
  lon,
  lat,
})
const village = (code: string, population_est: number, lon: number, lat: number): DemoVillage => ({
  code,
  commune_code: code.slice(0, 6),
  district_code: code.slice(0, 4),
  province_code: code.slice(0, 2),
  lon,
  lat,
  population_est,
})

const COMMUNES = [
  commune('010201', 'Ou Thum', 9000, 103.0, 13.6),
  commune('010202', 'Phnum Dei', 45_000, 103.1, 13.6),
  commune('010301', 'Rohat Tuek', null, 103.2, 13.5), // no villages: placed at its centroid
  commune('120101', 'Chakto Mukh', 20_000, 104.93, 11.56),
  commune('120102', 'Nowhere', 100, null, null), // no villages and no location: no post
]
const VILLAGES = [
  village('01020101', 300, 103.01, 13.61),
  village('01020102', 900, 103.02, 13.62),
  village('01020103', 900, 103.03, 13.63),
  village('01020201', 5000, 103.11, 13.61),
  village('12010101', 2000, 104.931, 11.561),
]

describe('generateDemoPosts', () => {
  const posts = generateDemoPosts(COMMUNES, VILLAGES, { seed: 7 })
  const byCode = new Map(posts.map((p) => [p.code, p]))

  it('places one post per located commune, at its most populous village or its centroid', () => {
    const communePosts = posts.filter((p) => p.post_type === 'commune_post')
    expect(communePosts.map((p) => p.code)).toEqual(['POST-010201', 'POST-010202', 'POST-010301', 'POST-120101'])
    expect(byCode.get('POST-010201')).toMatchObject({ lon: 103.02, lat: 13.62, commune_code: '010201' }) // tie -> lowest code
    expect(byCode.get('POST-010301')).toMatchObject({ lon: 103.2, lat: 13.5 })
    expect(byCode.get('POST-010201')).toMatchObject({
      name_en: 'Ou Thum administrative police post',
      name_km: 'ប៉ុស្តិ៍នគរបាលរដ្ឋបាល ឃុំOu Thum',
      synthetic: true,
    })
  })

  it('adds one station per district and one headquarters per province, with names when given', () => {
    expect(posts.filter((p) => p.post_type === 'district_station').map((p) => p.code)).toEqual(['STN-0102', 'STN-1201'])
    expect(posts.filter((p) => p.post_type === 'provincial_hq').map((p) => p.code)).toEqual(['HQ-01', 'HQ-12'])
    expect(byCode.get('STN-0102')).toMatchObject({ lon: 103.11, lat: 13.61, commune_code: '010202' })
    const named = generateDemoPosts(COMMUNES, VILLAGES, {
      seed: 7,
      names: new Map([['01', { name_en: 'Banteay Meanchey', name_km: 'បន្ទាយមានជ័យ' }]]),
    })
    expect(named.find((p) => p.code === 'HQ-01')).toMatchObject({
      name_en: 'Banteay Meanchey provincial police headquarters',
      name_km: 'ស្នងការដ្ឋាននគរបាល បន្ទាយមានជ័យ',
    })
  })

  it('scales staff with population within each type range', () => {
    for (const p of posts) {
      const [min, max] = p.post_type === 'commune_post' ? [4, 20] : p.post_type === 'district_station' ? [15, 80] : [60, 400]
      expect(p.staff).toBeGreaterThanOrEqual(min)
      expect(p.staff).toBeLessThanOrEqual(max)
    }
    expect(byCode.get('POST-010202')!.staff).toBeGreaterThan(byCode.get('POST-010201')!.staff)
  })

  it('is deterministic', () => {
    expect(generateDemoPosts([...COMMUNES].reverse(), [...VILLAGES].reverse(), { seed: 7 })).toEqual(posts)
    expect(new Set(posts.map((p) => p.code)).size).toBe(posts.length)
  })

  it('stores posts once (ON CONFLICT DO NOTHING)', async () => {
    // A copy of the test template (already migrated) with its posts removed: nothing references police_posts.
    const db = await openTestDb()
    try {
      await db.query('DELETE FROM police_posts')
      const areas = [
        ['01', 'province', null],
        ['12', 'province', null],
        ['0102', 'district', '01'],
        ['0103', 'district', '01'],
        ['1201', 'district', '12'],
        ...COMMUNES.map((c) => [c.code, 'commune', c.district_code]),
      ]
      for (const [code, level, parent] of areas) {
        await db.query(
          'INSERT INTO areas (code, level, parent_code, name_en, has_geometry) VALUES ($1, $2, $3, $1, false) ON CONFLICT (code) DO NOTHING',
          [code, level, parent],
        )
      }
      expect(await insertPosts(db, posts)).toBe(posts.length)
      expect(await insertPosts(db, posts)).toBe(0)
      const rows = await db.query<{ code: string; x: number; y: number; staff: number; synthetic: boolean }>(
        `SELECT code, ST_X(geom) AS x, ST_Y(geom) AS y, staff, synthetic FROM police_posts WHERE code = 'POST-010201'`,
      )
      expect(rows).toEqual([{ code: 'POST-010201', x: 103.02, y: 13.62, staff: byCode.get('POST-010201')!.staff, synthetic: true }])
    } finally {
      await db.close()
    }
  })
})

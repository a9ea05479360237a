import { describe, expect, it } from 'vitest'
import type { GazetteerVillage } from '../../server/db/queries/gazetteer.ts'
import { VillageIndex } from '../../server/import/village-index.ts'

// Real gazetteer names (codes and spellings as in NCDD/Pumi), with made-up points.
const v = (code: string, name_en: string, name_km: string | null, current = true): GazetteerVillage => ({
  code,
  name_en,
  name_km,
  current,
  commune_code: code.slice(0, 6),
  district_code: code.slice(0, 4),
  province_code: code.slice(0, 2),
  commune_en: `Commune ${code.slice(0, 6)}`,
  district_en: `District ${code.slice(0, 4)}`,
  province_en: `Province ${code.slice(0, 2)}`,
  lon: 104,
  lat: 12,
  commune_lon: 104,
  commune_lat: 12,
})
const index = new VillageIndex([
  v('01020916', 'Ruessei Kraok', 'ឫស្សីក្រោក'),
  v('01090606', 'Ta Kong', 'តាគង់'),
  v('17100805', 'Ta Kong', 'តាគង់'),
  v('02050110', 'Preaek Trab', 'ព្រែកត្រប់'),
  v('03060502', 'Kaoh Paen Kha', 'កោះប៉ែន ខ'),
  v('03060503', 'Kaoh Paen Kho', 'កោះប៉ែន គ'),
  v('15040701', 'Preaek Muoy', 'ព្រែក ១'),
  v('19040101', 'Pum Preaek', 'ភូមិព្រែក'),
  v('19049901', 'Preaek', null, false), // a legacy 2013 point
])

describe('village index', () => {
  it('finds a village by English or Khmer name, tolerantly', () => {
    for (const name of ['Ruessei Kraok', 'ruessei  kraok', 'Russey Kraok', 'ឫស្សី ក្រោក', 'Phum Ruessei Kraok', 'ភូមិឫស្សីក្រោក']) {
      const m = index.byName(name)
      expect(m.ok, name).toBe(true)
      if (m.ok) expect(m.village.code).toBe('01020916')
    }
    const m = index.byName('Prek Trab')
    expect(m.ok && m.village.code).toBe('02050110')
  })

  it('prefers an exact spelling over a folded one', () => {
    const m = index.byName('Kaoh Paen Kho')
    expect(m.ok && m.village.code).toBe('03060503')
  })

  it('reports an ambiguous name with every candidate, and resolves it within an area', () => {
    const m = index.byName('Ta Kong')
    expect(m.ok).toBe(false)
    if (!m.ok) {
      expect(m.reason).toBe('ambiguous')
      expect(m.candidates.map((c) => c.code).sort()).toEqual(['01090606', '17100805'])
      expect(m.message).toContain('01090606')
      expect(m.message).toContain('17100805')
    }
    const scoped = index.byName('តាគង់', '17')
    expect(scoped.ok && scoped.village.code).toBe('17100805')
  })

  it('reports an unknown name, and a name outside the area', () => {
    const m = index.byName('Nowhere Village')
    expect(!m.ok && m.reason).toBe('unknown')
    const out = index.byName('Ruessei Kraok', '02')
    expect(!out.ok && out.message).toContain('in area 02')
  })

  it('uses a legacy 2013 point only when no current village matches', () => {
    const m = index.byName('Preaek')
    expect(m.ok && m.village.code).toBe('19049901')
  })

  it('checks that a name belongs to a code', () => {
    const r = index.byCodeOf('01020916')!
    expect(index.nameMatches(r, 'Russey Kraok')).toBe(true)
    expect(index.nameMatches(r, 'Ta Kong')).toBe(false)
  })
})

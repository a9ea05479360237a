import { describe, expect, it } from 'vitest'
import { nameKey, plainKey } from '../../server/domain/names.ts'

describe('place name keys', () => {
  it('ignore case, spacing, punctuation and diacritics', () => {
    expect(plainKey('  Preaek  Ta-Kong ')).toBe('preaektakong')
    expect(plainKey("Ruessei K'aek")).toBe(plainKey('ruessei kaek'))
    expect(plainKey('Phnôm Pénh')).toBe('phnompenh')
  })

  it('fold common romanisation variants of Khmer names', () => {
    const same: [string, string][] = [
      ['Prek Trab', 'Preaek Trab'],
      ['Kompong Cham', 'Kampong Cham'],
      ['Koh Kong', 'Kaoh Kong'],
      ['Russey Kraok', 'Ruessei Kraok'],
      ['Phnom Penh', 'Phnum Penh'],
      ['Sre Ambel', 'Srae Ambel'],
      ['Thmey', 'Thmei'],
      ['Tuk Chhou', 'Tuek Chhou'],
      ['Chuk', 'Chhuk'],
      ['Samrong', 'Samraong'],
      ['Trapaing Veng', 'Trapeang Veaeng'],
    ]
    for (const [a, b] of same) expect(nameKey(a), `${a} ~ ${b}`).toBe(nameKey(b))
  })

  it('keep different names apart', () => {
    const differ: [string, string][] = [
      ['Kampong Cham', 'Kampong Chhnang'],
      ['Ta Kong', 'Ta Kev'],
      ['Preaek Muoy', 'Preaek Pir'],
      ['Svay Rieng', 'Svay Pak'],
    ]
    for (const [a, b] of differ) expect(nameKey(a), `${a} vs ${b}`).not.toBe(nameKey(b))
  })

  it('normalise Khmer: spaces, zero-width marks and Khmer digits', () => {
    expect(nameKey('ព្រែកលីវទី  ៣')).toBe(nameKey('ព្រែកលីវទី៣'))
    expect(nameKey('ព្រែក\u200Bលីវ')).toBe(nameKey('ព្រែកលីវ'))
    expect(plainKey('ភូមិ ១')).toBe('ភូមិ1')
    expect(nameKey('ឫស្សីក្រោក')).not.toBe(nameKey('ឫស្សីខាង'))
  })
})

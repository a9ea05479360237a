import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { en as serverEn } from '../../common/labels/en.ts'
import { km as serverKm } from '../../common/labels/km.ts'
import { en as webEn } from '../../web/i18n/en.ts'
import { km as webKm } from '../../web/i18n/km.ts'

// One voice in Khmer: where an English label uses a term of ../shared/glossary-km.md, its Khmer label uses the
// glossary's Khmer term. Checked for both catalogues: the server's (common/labels) and the web's (web/i18n).
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const GLOSSARY = readFileSync(join(ROOT, '..', 'shared', 'glossary-km.md'), 'utf8')

type Catalogue = { name: string; en: Record<string, string>; km: Record<string, string> }
const CATALOGUES: Catalogue[] = [
  { name: 'server', en: serverEn, km: serverKm },
  { name: 'web', en: webEn, km: webKm },
]

/** Khmer digits → Western digits, with the thousands comma the English figures use (១០០០ → 1,000). */
function westernDigits(s: string): string {
  const w = s.replace(/[\u17E0-\u17E9]/g, (d) => String(d.charCodeAt(0) - 0x17e0))
  return w.replace(/\b(\d)(\d{3})\b/g, '$1,$2')
}

/** English term → the Khmer forms that render it, from the glossary's table ("a / b" pairs up by position). */
function parseGlossary(md: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const line of md.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    if (cells.length < 4 || !/[\u1780-\u17FF]/.test(cells[2])) continue
    const [english, khmer] = [cells[1], cells[2].replace(/\s*\(.*\)\s*$/, '')]
    // "safe village / commune" abbreviates "safe commune": its parts are not terms of their own.
    if (/^safe/i.test(english)) continue
    const es = english.split(' / ').map((s) => s.replace(/\s*\(.*\)$/, '').toLowerCase())
    // Figures are written in Western digits in both languages (one digit style: see KHMER_DIGITS below).
    const ks = khmer.split(' / ').map(westernDigits)
    es.forEach((e, i) => {
      const forms = es.length === ks.length ? [ks[i]] : ks // one English word, several Khmer words: any of them
      if (!out.has(e)) out.set(e, forms)
    })
  }
  return out
}

/** The terms checked, with the English forms that count as the term (plurals, "criteria"). */
const TERMS: Record<string, RegExp> = {
  criterion: /\bcriteri(on|a)\b/i,
  'hot spot': /\bhot spots?\b/i,
  'cold spot': /\bcold spots?\b/i,
  commune: /\bcommunes?\b/i,
  village: /\bvillages?\b/i,
  district: /\bdistricts?\b/i,
  province: /\bprovinces?\b/i,
  report: /\breports?\b/i,
  'public forum': /\bpublic forums?\b/i,
  'pilot area': /\bpilot areas?\b/i,
  population: /\bpopulation\b/i,
  'heat map': /\bheat ?maps?\b/i,
  legend: /\blegend\b/i,
  export: /\bexports?\b/i,
  import: /\bimports?\b/i,
  crime: /\bcrimes?\b/i,
  incident: /\bincidents?\b/i,
  'per 1,000 people': /\bper 1,000 people\b/i,
}

/**
 * Labels allowed to leave a term out, each with its reason: `catalogue:key:term`. Keep this short; a new entry
 * needs a reason a reviewer can check.
 */
const EXCEPTIONS: Record<string, string> = {
  'server:synthetic:incident': "the glossary's own phrase for synthetic demo data (…មិនមែនទិន្នន័យពិត, not real data)",
  'web:export.syntheticNote:incident': "the glossary's own phrase for synthetic demo data (…មិនមែនទិន្នន័យពិត, not real data)",
  'server:post.district_station:district': "the glossary's term for a district police station (អធិការដ្ឋាននគរបាល) names no district",
  'web:posttype.district_station:district': "the glossary's term for a district police station (អធិការដ្ឋាននគរបាល) names no district",
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

/** Every label whose English uses a glossary term but whose Khmer uses none of the term's Khmer forms. */
function glossaryMismatches(c: Catalogue, glossary: Map<string, string[]>, exceptions = EXCEPTIONS): string[] {
  const out: string[] = []
  for (const [key, english] of Object.entries(c.en)) {
    for (const [term, re] of Object.entries(TERMS)) {
      if (!re.test(english)) continue
      const forms = glossary.get(term)!
      const id = `${c.name}:${key}:${term}`
      if (!forms.some((f) => c.km[key]?.includes(f)) && !(id in exceptions))
        out.push(`${id} — "${english}" / "${c.km[key]}" lacks ${forms.join(' or ')}`)
    }
  }
  return out
}

describe('the glossary', () => {
  const glossary = parseGlossary(GLOSSARY)
  it('has every term the check uses', () => {
    for (const term of Object.keys(TERMS)) expect(glossary.get(term), term).toBeDefined()
    expect(glossary.get('criterion')).toEqual(['លក្ខខណ្ឌ'])
    expect(glossary.get('hot spot')).toEqual(['ចំណុចក្តៅ'])
    expect(glossary.get('incident')).toEqual(['ករណី', 'ឧប្បត្តិហេតុ'])
  })
})

describe.each(CATALOGUES)('the $name label catalogue', (c) => {
  const glossary = parseGlossary(GLOSSARY)

  it('has the same keys in both languages, none empty', () => {
    expect(Object.keys(c.km).sort()).toEqual(Object.keys(c.en).sort())
    for (const [k, v] of [...Object.entries(c.en), ...Object.entries(c.km)]) expect(v.trim(), k).not.toBe('')
  })

  it('has the same {placeholders} in every language', () => {
    for (const k of Object.keys(c.en)) expect(placeholders(c.km[k]), k).toEqual(placeholders(c.en[k]))
  })

  // One digit style per language: the interface formats figures with Western digits (fmtInt), so the Khmer labels
  // write their figures the same way (the glossary allows either; Latin digits copy into spreadsheets).
  it('writes figures in Western digits only, never Khmer digits beside formatted figures', () => {
    const khmerDigits = Object.entries(c.km).filter(([, v]) => /[\u17E0-\u17E9]/.test(v))
    expect(khmerDigits).toEqual([])
  })

  it("uses the glossary's Khmer term wherever the English uses a glossary term", () => {
    expect(glossaryMismatches(c, glossary)).toEqual([])
  })

  it('catches a label that uses another word for a term', () => {
    const key = Object.keys(c.en).find((k) => /\bcriteri(on|a)\b/i.test(c.en[k]))!
    const bad = { ...c, km: { ...c.km, [key]: c.km[key].replaceAll('លក្ខខណ្ឌ', 'លក្ខណៈវិនិច្ឆ័យ') } }
    const before = glossaryMismatches(c, glossary)
    const found = glossaryMismatches(bad, glossary).filter((m) => !before.includes(m))
    expect(found).toEqual([expect.stringContaining(`${c.name}:${key}:criterion`)])
  })
})

describe('labels the server and the web share', () => {
  it('read the same in both catalogues (criteria, hot-spot classes)', () => {
    const shared = Object.keys(serverEn).filter((k) => k in webEn)
    expect(shared.length).toBeGreaterThanOrEqual(12)
    for (const k of shared) {
      expect(serverEn[k as keyof typeof serverEn], k).toBe(webEn[k as keyof typeof webEn])
      expect(serverKm[k as keyof typeof serverKm], k).toBe(webKm[k as keyof typeof webKm])
    }
  })
})

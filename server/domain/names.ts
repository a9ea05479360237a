/**
 * Tolerant keys for place names, in Khmer or romanised English.
 *
 * plainKey folds case, diacritics, spacing and punctuation: "Preaek  Ta-Kong" → "preaektakong".
 * nameKey also folds the common romanisation variants of Khmer names, so that
 * Prek/Preaek, Kompong/Kampong, Koh/Kaoh, Russey/Ruessei, Phnom/Phnum, Sre/Srae match.
 * For Khmer script both keys drop spaces, zero-width marks and punctuation and map Khmer digits.
 */

const KHMER_DIGITS = '០១២៣៤៥៦៧៨៩'
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g

export function plainKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // Latin diacritics (Khmer has no decomposable marks)
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[០-៩]/g, (d) => String(KHMER_DIGITS.indexOf(d)))
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '')
}

/** Romanisation folding applied to the Latin part of a plain key. */
function foldLatin(s: string): string {
  return s
    .replace(/chh/g, 'ch') // Chhuk / Chuk
    .replace(/ph(?=[aeiouy])/g, 'p') // Phum / Pum, Phnom / Pnom are rare but harmless
    .replace(/([aeiou])y(?![aeiou])/g, '$1i') // Thmey / Thmei, Russey / Ruessei
    .replace(/([aeiou])h(?![aeiou])/g, '$1') // Kaoh / Ko, Koh
    .replace(/[aeiou]+/g, 'a') // Preaek / Prek, Kompong / Kampong, Tuek / Tuk
    .replace(/([b-df-hj-np-tv-z])\1+/g, '$1') // Russei / Rusei
}

export function nameKey(name: string): string {
  const p = plainKey(name)
  return /[a-z]/.test(p) ? p.replace(/[a-z]+/g, foldLatin) : p
}

/** True when the text is mostly Khmer script. */
export function isKhmer(name: string): boolean {
  return /[\u1780-\u17FF]/.test(name)
}

import type { GazetteerVillage } from '../db/queries/gazetteer.ts'
import { nameKey, plainKey } from '../domain/names.ts'

export type NameMatch =
  | { ok: true; village: GazetteerVillage }
  | { ok: false; reason: 'unknown' | 'ambiguous'; message: string; candidates: GazetteerVillage[] }

const VILLAGE_PREFIX = /^(phum|ភូមិ)/

function push(map: Map<string, GazetteerVillage[]>, key: string, v: GazetteerVillage) {
  if (!key) return
  const list = map.get(key)
  if (!list) map.set(key, [v])
  else if (!list.includes(v)) list.push(v)
}

function keys(name: string): string[] {
  const p = plainKey(name)
  const bare = p.replace(VILLAGE_PREFIX, '')
  return [p, bare, nameKey(p), nameKey(bare)]
}

export function describeVillage(v: GazetteerVillage): string {
  return `${v.code} ${v.name_en}${v.name_km ? ` (${v.name_km})` : ''}, ${v.commune_en}, ${v.district_en}, ${v.province_en}`
}

/**
 * Finds villages by code or by a Khmer or English name. An exact (case/spacing-insensitive) match wins over a
 * romanisation-folded one; "Phum"/"ភូមិ" prefixes are optional; a name may be narrowed to an area code prefix.
 */
export class VillageIndex {
  private byCode = new Map<string, GazetteerVillage>()
  /** Keys from strictest to most tolerant: plain, plain without prefix, folded, folded without prefix. */
  private tiers = [0, 1, 2, 3].map(() => new Map<string, GazetteerVillage[]>())

  constructor(villages: GazetteerVillage[]) {
    for (const v of villages) {
      this.byCode.set(v.code, v)
      for (const name of [v.name_en, v.name_km ?? '']) {
        keys(name).forEach((k, t) => {
          push(this.tiers[t], k, v)
        })
      }
    }
  }

  get size() {
    return this.byCode.size
  }

  byCodeOf(code: string): GazetteerVillage | undefined {
    return this.byCode.get(code)
  }

  /** True when the name is one of the village's names, tolerantly compared. */
  nameMatches(v: GazetteerVillage, name: string): boolean {
    const k = keys(name)[3]
    return [v.name_en, v.name_km ?? ''].some((n) => n && keys(n)[3] === k)
  }

  byName(name: string, scope?: string): NameMatch {
    const inScope = (list: GazetteerVillage[] | undefined) => {
      let l = (list ?? []).filter((v) => !scope || v.code.startsWith(scope))
      if (l.some((v) => v.current)) l = l.filter((v) => v.current) // legacy 2013 points only when nothing current matches
      return l
    }
    let found: GazetteerVillage[] = []
    const ks = keys(name)
    for (let t = 0; t < ks.length && !found.length; t++) found = inScope(this.tiers[t].get(ks[t]))
    const where = scope ? ` in area ${scope}` : ''
    if (found.length === 1) return { ok: true, village: found[0] }
    if (!found.length) return { ok: false, reason: 'unknown', candidates: [], message: `no village named '${name}'${where}` }
    const shown = found.slice(0, 8).map(describeVillage).join('; ')
    return {
      ok: false,
      reason: 'ambiguous',
      candidates: found,
      message: `village name '${name}'${where} is ambiguous: ${found.length} villages match: ${shown}${found.length > 8 ? '; …' : ''}. Give village_code, or area_code to narrow it`,
    }
  }
}

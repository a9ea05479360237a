import type { AreaStat } from '../api.ts'
import { getJson } from '../client.ts'
import type { MessageKey } from '../i18n/index.ts'
import { rateBreaks } from '../layers/classes.ts'
import type { LegendData } from '../panels/legend.ts'
import type { Me } from '../session.ts'
import type { Level } from '../state.ts'

type FC = GeoJSON.FeatureCollection
const LEVEL_PLURAL: Record<Level, MessageKey> = { province: 'level.provinces', district: 'level.districts', commune: 'level.communes' }

/** Boundaries of a level (under a parent), fetched once per session: they do not change with the filters. */
export function areaCache() {
  const cache = new Map<string, Promise<FC>>()
  return (level: Level, parent: string | null): Promise<FC> => {
    const key = `${level}:${parent ?? ''}`
    let p = cache.get(key)
    if (!p) {
      p = getJson<FC>(`/api/areas?level=${level}${parent ? `&parent=${parent}` : ''}`)
      cache.set(key, p)
      p.catch(() => cache.delete(key))
    }
    return p
  }
}

/** The boundaries with their figures joined (count, rate, withheld, outside the user's scope), the rate breaks and the legend. */
export function joinStats(fc: FC, stats: AreaStat[], user: Me, level: Level, none: boolean) {
  const byCode = new Map(stats.map((r) => [r.code, r]))
  const features = fc.features.map((ft) => {
    const code = String(ft.properties?.code)
    const r = byCode.get(code)
    const outside = !!user.scope && !code.startsWith(user.scope.code)
    return {
      ...ft,
      properties: {
        ...ft.properties,
        count: r ? r.count : 0,
        suppressed: !!r && r.count == null,
        outside,
        rate: none || outside ? null : (r?.rate_per_1000 ?? null),
      },
    }
  })
  const breaks = rateBreaks(features.map((ft) => ft.properties.rate).filter((x): x is number => x != null))
  const legend: LegendData | null = none
    ? null
    : {
        breaks,
        total: stats.reduce((a, r) => a + (r.count ?? 0), 0),
        hasNoData: features.some((ft) => ft.properties.rate == null && !ft.properties.suppressed && !ft.properties.outside),
        suppressed: features.filter((ft) => ft.properties.suppressed).length,
        levelKey: LEVEL_PLURAL[level],
      }
  return { fc: { type: 'FeatureCollection', features } as FC, breaks, legend }
}

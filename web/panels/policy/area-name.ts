import type { AreaDetails } from '../../api.ts'
import { getJson } from '../../client.ts'
import { placeName, t } from '../../i18n/index.ts'

/** The name of the panel's area (fetched once per area; the code stands in until it comes). */
export function areaName(area: () => string | null, changed: () => void) {
  let forCode: string | null | undefined
  let details: AreaDetails | null = null
  return {
    label(): string {
      const a = area()
      return a ? (details?.code === a ? placeName(details) : a) : t('user.national')
    },
    async load() {
      const code = area()
      if (code === forCode) return
      forCode = code
      details = null
      if (!code) return changed()
      try {
        const d = await getJson<AreaDetails>(`/api/areas/${code}`)
        if (forCode !== code) return
        details = d
        changed()
      } catch {
        /* the name is only a label */
      }
    },
  }
}

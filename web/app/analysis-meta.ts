/** The parameters an analysis answer echoes (hot spots' `meta`, or the density's x-density-meta header). */
export interface AnalysisMeta {
  method?: string
  n?: number
  /** Hot spots: the region analysed. */
  scope?: 'national' | { code: string; name_en: string; name_km: string | null }
  size?: number
  size_rule?: string
  excluded_without_population?: number
  weights_spec?: { kind: string; k?: number; rule?: string; band?: number }
  band_rule_code?: string
  band?: number
  bandwidth?: number
  bandwidth_rule_code?: string
  kernel?: string
  fdr?: boolean
  permutations?: number
  seed?: number | string
  steps?: string[]
  islands?: string[]
  took_ms?: number
  categories?: string[]
  // The density surface: its unit, top of the colour ramp, and where the image goes.
  unit?: string
  scale_max?: number
  corners?: [number, number][]
}

import type { PostPoint } from '../db/queries/coverage-data.ts'
// What a briefing shows, as plain data: services/briefing-data.ts gathers it, the PDF (on a compute thread) draws it.
// A file of types only, so the compute tasks can name it without importing the services (no import cycle).
import type { DensityMeta } from '../../common/api/density.ts'
import type { HotspotMeta, HotspotProperties } from '../../common/api/hotspots.ts'
import type { Grid } from '../analysis/kde.ts'

type Ring = [number, number][]
/** A boundary's geometry as GeoJSON (only polygons are drawn). */
export type Geo =
  | { type: 'Polygon'; coordinates: Ring[] }
  | { type: 'MultiPolygon'; coordinates: Ring[][] }
  | { type: 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString'; coordinates: unknown[] }

export interface Boundary {
  code: string
  level: string
  name_en: string
  name_km: string | null
  geometry: Geo
  lon: number | null
  lat: number | null
  role: 'area' | 'child' | 'grandchild' | 'context'
}

/** A village of the Gi* run, at its point, named with its commune. */
export interface BriefingHotspot extends HotspotProperties {
  lon: number | null
  lat: number | null
  commune_en: string | null
  commune_km: string | null
}
/** One of the ten strongest hot spots (a z and a positive bin). */
export type TopHotspot = BriefingHotspot & { z: number; bin: number }

/** A post on the briefing map: the posts query's row. */
export type BriefingPost = PostPoint

export interface BriefingData {
  area: {
    code: string | null
    level: string
    name_en: string
    name_km: string | null
    population: number | null
    bbox: [number, number, number, number]
  }
  from: string
  to: string
  previous: { from: string; to: string }
  criteria: number[]
  /** Counts by criterion (1–5), now and in the previous period; null when withheld for a viewer. */
  counts: { now: (number | null)[]; previous: (number | null)[]; total: number | null; previous_total: number | null; protected: boolean }
  safety: {
    communes: { areas: number; safe: number } | null
    villages: { areas: number; safe: number } | null
    thresholds: number[]
  }
  density: { grid: Grid; meta: DensityMeta } | null
  hotspots: { all: BriefingHotspot[]; top: TopHotspot[]; meta: HotspotMeta | null }
  posts: BriefingPost[]
  boundaries: Boundary[]
  data: {
    first: string | null
    last: string | null
    incidents: number
    synthetic: boolean
    /** dataset_meta rows (the demo's generator settings, the geography's sources). */
    demo: { seed?: number; [k: string]: unknown } | null
    geography: Record<string, unknown> | null
  }
  gathered_ms: number
}

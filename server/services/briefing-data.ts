import type { Access } from '../auth/roles.ts'
import { postPoints } from '../db/queries/coverage-data.ts'
import { incidentSummary } from '../db/queries/incidents.ts'
import { areaNames } from '../db/queries/policy-names.ts'
import { incidentTotal } from '../db/queries/policy-units.ts'
import { areaExtent, boundaryRows, countryExtent } from '../db/queries/briefing.ts'
import { demoAndGeographyMeta } from '../db/queries/dataset-meta.ts'
import type { IncidentFilters } from '../db/queries/filters.ts'
import type { Db } from '../db/types.ts'
import { addDays, daysBetween, periodOfRange, previousPeriod } from '../../common/periods.ts'
import type { Counts6 } from '../domain/disclosure.ts'
import type { Thresholds } from '../domain/safety.ts'
import { suppressCount } from '../domain/suppression.ts'
import type { HotspotsResponse } from '../../common/api/hotspots.ts'
import type { Boundary, BriefingData, BriefingHotspot, Geo, TopHotspot } from '../pdf/briefing-types.ts'
import { densityGrid } from './density.ts'
import { hotspots } from './hotspots.ts'
import { safetyFor } from './safety.ts'

export interface BriefingParams {
  area?: string
  from: string
  to: string
  criteria?: number[]
  access: Access
  thresholds: Thresholds
  signal?: AbortSignal
}
export type { BriefingData, Boundary, Geo }

type Bbox = [number, number, number, number]
const num = (v: unknown) => (typeof v === 'number' ? v : null)
const CHILD: Record<number, string> = { 0: 'province', 2: 'district', 4: 'commune', 6: 'commune' }

/** Everything a briefing shows, gathered in one place (the PDF renderer draws it and asks nothing more). */
export async function briefingData(db: Db, p: BriefingParams): Promise<BriefingData> {
  const t0 = performance.now()
  const area = p.area ?? null
  const prev = previousWindow(p.from, p.to)
  const f: IncidentFilters = { from: p.from, to: p.to, criteria: p.criteria, area: area ?? undefined, access: p.access }
  const info = area ? await areaExtent(db, area) : await countryExtent(db)
  if (!info || info.x0 == null) throw new RangeError(`area ${area} has no boundary to map`)
  const bbox: Bbox = [Number(info.x0), Number(info.y0), Number(info.x1), Number(info.y1)]
  const [now, before, summary, meta, grid, gi, posts, bounds, communes, villages] = await Promise.all([
    incidentTotal(db, f),
    incidentTotal(db, { ...f, from: prev.from, to: prev.to }),
    incidentSummary(db, { access: p.access }),
    demoAndGeographyMeta(db),
    density(db, p, f, area),
    villageHotspots(db, p, f, area),
    postPoints(db, { ...p.access, scope: null }, area ?? undefined),
    boundaries(db, area, bbox),
    communeSafety(db, p, area),
    area ? safetyFor(db, { period: { from: p.from, to: p.to }, level: 'village', area, access: p.access, thresholds: p.thresholds }) : null,
  ])
  const { hot, top } = await namedHotspots(db, gi)
  const crit = (c: Counts6) => Array.from(c.subarray(0, 5), (n) => suppressCount(n))
  return {
    area: {
      code: info.code as string | null,
      level: info.level as string,
      name_en: info.name_en as string,
      name_km: info.name_km as string | null,
      population: info.population == null ? null : Number(info.population),
      bbox,
    },
    from: p.from,
    to: p.to,
    previous: prev,
    criteria: p.criteria ?? [1, 2, 3, 4, 5],
    counts: {
      now: crit(now),
      previous: crit(before),
      total: suppressCount(now[5]),
      previous_total: suppressCount(before[5]),
      protected: p.access.k > 0,
    },
    safety: {
      communes: communes ? { areas: communes.summary.areas, safe: communes.summary.safe } : null,
      villages: villages ? { areas: villages.summary.areas, safe: villages.summary.safe } : null,
      thresholds: [...p.thresholds],
    },
    density: grid,
    hotspots: { all: hot, top, meta: gi?.meta ?? null },
    posts,
    boundaries: bounds,
    data: dataInfo(summary, meta),
    gathered_ms: Math.round(performance.now() - t0),
  }
}

/** Safe communes of the area (none for a commune or village briefing). */
function communeSafety(db: Db, p: BriefingParams, area: string | null) {
  return area && area.length >= 6
    ? null
    : safetyFor(db, {
        period: { from: p.from, to: p.to },
        level: 'commune',
        area: area ?? undefined,
        access: p.access,
        thresholds: p.thresholds,
      })
}

/** Where the data come from: their dates, size, and the demo and geography records. */
function dataInfo(summary: Awaited<ReturnType<typeof incidentSummary>>, meta: Awaited<ReturnType<typeof demoAndGeographyMeta>>) {
  const metaOf = (key: string) => {
    const v = meta.find((m) => m.key === key)?.value
    return typeof v === 'string' ? JSON.parse(v) : (v ?? null)
  }
  return {
    first: summary.first,
    last: summary.last,
    incidents: summary.n,
    synthetic: summary.synthetic > 0,
    demo: metaOf('demo'),
    geography: metaOf('geography'),
  }
}

/**
 * The window compared with: a calendar period (month, quarter, semester, year) compares with the previous calendar
 * period, as /api/reports does (and a viewer's published cells need it); other ranges with the window of equal
 * length before.
 */
function previousWindow(from: string, to: string): { from: string; to: string } {
  const days = daysBetween(from, to) + 1
  const cal = periodOfRange(from, to)
  const prevTo = cal ? previousPeriod(cal).to : addDays(from, -1),
    prevFrom = cal ? previousPeriod(cal).from : addDays(prevTo, -(days - 1))
  return { from: prevFrom, to: prevTo }
}

/** The density surface of the area, or null when the area is too small or too large for one. */
function density(db: Db, p: BriefingParams, f: IncidentFilters, area: string | null) {
  return densityGrid(
    db,
    { cell: !area ? 2000 : area.length === 2 ? 1000 : 500, kernel: 'quartic', per: 'area', levels: 0, filters: f },
    { signal: p.signal },
  ).catch((e) => {
    if (e instanceof RangeError) return null
    throw e
  })
}

/** Gi* compares the area's villages with each other (the area as the study region), not with the whole country. */
function villageHotspots(db: Db, p: BriefingParams, f: IncidentFilters, area: string | null) {
  return hotspots(
    db,
    {
      method: 'gistar',
      unit: 'village',
      rate: false,
      fdr: true,
      permutations: 0,
      seed: 1,
      alpha: 0.05,
      step: 'month',
      filters: { ...f, access: { ...p.access, scope: area ?? p.access.scope } },
    },
    { signal: p.signal },
  )
    .then((s): HotspotsResponse => JSON.parse(s))
    .catch((e) => {
      if (e instanceof RangeError) return null
      throw e
    })
}

/** Hot spot villages named with their commune; the top ten, strongest first. */
async function namedHotspots(db: Db, gi: HotspotsResponse | null) {
  const feats = gi?.features ?? []
  const communeNames = await areaNames(db, [...new Set(feats.map((x) => String(x.properties.code).slice(0, 6)))])
  const hot = feats.map((x): BriefingHotspot => {
    const c = communeNames.get(String(x.properties.code).slice(0, 6))
    const pt = x.geometry.type === 'Point' ? x.geometry.coordinates : []
    const [lon, lat] = [num(pt[0]), num(pt[1])]
    return { ...x.properties, lon, lat, commune_en: c?.name_en ?? null, commune_km: c?.name_km ?? null }
  })
  const isTop = (h: BriefingHotspot): h is TopHotspot => h.z != null && h.bin != null && h.bin > 0
  const top = hot
    .filter(isTop)
    .sort((a, b) => b.z - a.z)
    .slice(0, 10)
  return { hot, top }
}

/** The area's outline, its children (labelled) and grandchildren, and the neighbouring provinces for context. */
async function boundaries(db: Db, area: string | null, bbox: Bbox): Promise<Boundary[]> {
  const child = CHILD[area?.length ?? 0]
  const rows = await boundaryRows(db, area, child, bbox)
  return rows.map((r) => ({
    ...r,
    geometry: typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry,
    lon: r.lon == null ? null : Number(r.lon),
    lat: r.lat == null ? null : Number(r.lat),
  }))
}

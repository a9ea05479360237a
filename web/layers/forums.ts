import type { ExpressionSpecification, GeoJSONSource, Map } from 'maplibre-gl'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }
export type ForumStatus = 'ok' | 'due_soon' | 'overdue' | 'never'
export const FORUM_STATUSES: ForumStatus[] = ['ok', 'due_soon', 'overdue', 'never']
/**
 * Status colours kept out of the red, orange and yellow ramps (the rate choropleth, hot spots), so a forum marker
 * reads over the darkest red class. Each marker is also a diamond (posts are round) with a white ring and a dark
 * outline, so it shows on any fill.
 */
export const FORUM_COLORS: Record<ForumStatus, string> = { ok: '#1a9641', due_soon: '#74add1', overdue: '#313695', never: '#8c8c8c' }
export const FORUM_RING = '#ffffff'
export const FORUM_OUTLINE = '#0b1d2e'
/** The markers' layer (a symbol layer: one diamond image per status). */
export const FORUM_LAYER = 'forums-marker'

const RATIO = 2
/** The diamond's size in CSS pixels, its outline and its ring (measured across the edge). */
const SIZE = 22
const OUTLINE = 1.5
const RING = 2

/** A forum marker: a diamond of the status colour in a white ring and a dark outline. */
function diamond(color: string): ImageData {
  const cv = document.createElement('canvas')
  cv.width = cv.height = SIZE * RATIO
  const g = cv.getContext('2d')!
  g.scale(RATIO, RATIO)
  const c = SIZE / 2
  // Across an edge of a diamond, a band t wide takes t·√2 off its half-diagonal.
  const shape = (half: number, fill: string) => {
    g.beginPath()
    g.moveTo(c, c - half)
    g.lineTo(c + half, c)
    g.lineTo(c, c + half)
    g.lineTo(c - half, c)
    g.closePath()
    g.fillStyle = fill
    g.fill()
  }
  const outer = c - 0.5
  shape(outer, FORUM_OUTLINE)
  shape(outer - OUTLINE * Math.SQRT2, FORUM_RING)
  shape(outer - (OUTLINE + RING) * Math.SQRT2, color)
  return g.getImageData(0, 0, cv.width, cv.height)
}

/** The marker of a status as a data: URL, for the legend (the PNG export draws the same image). */
export function forumIconUrl(status: ForumStatus): string {
  const cv = document.createElement('canvas')
  cv.width = cv.height = SIZE * RATIO
  cv.getContext('2d')!.putImageData(diamond(FORUM_COLORS[status]), 0, 0)
  return cv.toDataURL()
}

/** Compliance with the forum rule (one public forum every three months): a marker per area, by status. */
export function addForumLayers(map: Map) {
  for (const st of FORUM_STATUSES) map.addImage(`forum-${st}`, diamond(FORUM_COLORS[st]), { pixelRatio: RATIO })
  map.addSource('forums', { type: 'geojson', data: EMPTY })
  map.addLayer({
    id: FORUM_LAYER,
    type: 'symbol',
    source: 'forums',
    layout: {
      visibility: 'none',
      'icon-image': [
        'match',
        ['get', 'status'],
        FORUM_STATUSES,
        ['concat', 'forum-', ['get', 'status']],
        'forum-never',
      ] as ExpressionSpecification,
      'icon-size': ['interpolate', ['linear'], ['zoom'], 6, 0.7, 10, 0.95, 13, 1.2],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  })
}

export function setForums(
  map: Map,
  rows: {
    code: string
    name_en: string
    name_km: string | null
    lon: number | null
    lat: number | null
    status: string
    last_forum: string | null
  }[],
) {
  const features = rows
    .filter((r) => r.lon != null && r.lat != null)
    .map((r) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [r.lon!, r.lat!] },
      properties: { code: r.code, name_en: r.name_en, name_km: r.name_km, status: r.status, last_forum: r.last_forum },
    }))
  ;(map.getSource('forums') as GeoJSONSource).setData({ type: 'FeatureCollection', features })
}

export function showForums(map: Map, on: boolean) {
  map.setLayoutProperty(FORUM_LAYER, 'visibility', on ? 'visible' : 'none')
}

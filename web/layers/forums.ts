import type { GeoJSONSource, Map } from 'maplibre-gl'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }
export type ForumStatus = 'ok' | 'due_soon' | 'overdue' | 'never'
export const FORUM_STATUSES: ForumStatus[] = ['ok', 'due_soon', 'overdue', 'never']
export const FORUM_COLORS: Record<ForumStatus, string> = { ok: '#1a9641', due_soon: '#fdae61', overdue: '#d7191c', never: '#4d4d4d' }

/** Compliance with the forum rule (one public forum every three months): a circle per area, by status. */
export function addForumLayers(map: Map) {
  map.addSource('forums', { type: 'geojson', data: EMPTY })
  map.addLayer({
    id: 'forums-circle',
    type: 'circle',
    source: 'forums',
    layout: { visibility: 'none' },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 3.5, 10, 6, 13, 8],
      'circle-color': [
        'match',
        ['get', 'status'],
        'ok',
        FORUM_COLORS.ok,
        'due_soon',
        FORUM_COLORS.due_soon,
        'overdue',
        FORUM_COLORS.overdue,
        'never',
        FORUM_COLORS.never,
        '#999999',
      ],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.2,
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
  map.setLayoutProperty('forums-circle', 'visibility', on ? 'visible' : 'none')
}

import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import type { Layer } from '@deck.gl/core'
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import Supercluster from 'supercluster'

export type Pt = [number, number, number] // lon, lat, criterion
interface Counts {
  n1: number
  n2: number
  n3: number
  n4: number
  n5: number
}
type Cluster = GeoJSON.Feature<
  GeoJSON.Point,
  Partial<Counts> & { cluster?: boolean; point_count?: number; cluster_id?: number; c?: number }
>

const KEYS = ['n1', 'n2', 'n3', 'n4', 'n5'] as const
/** Below this zoom the choropleth carries the picture; clusters would hide it. */
export const CLUSTER_MIN_ZOOM = 8
export const HEAT_COLORS: [number, number, number][] = [
  [191, 211, 230],
  [158, 188, 218],
  [140, 150, 198],
  [140, 107, 177],
  [136, 65, 157],
  [110, 1, 107],
]

/** A supercluster index over the points, keeping a count per criterion in every cluster. */
export function buildIndex(points: Pt[]): Supercluster<{ c: number }, Counts> {
  const index = new Supercluster<{ c: number }, Counts>({
    radius: 55,
    maxZoom: 16,
    minPoints: 2,
    map: (p) => ({ n1: +(p.c === 1), n2: +(p.c === 2), n3: +(p.c === 3), n4: +(p.c === 4), n5: +(p.c === 5) }),
    reduce: (acc, p) => {
      for (const k of KEYS) acc[k] += p[k]
    },
  })
  index.load(points.map(([lon, lat, c]) => ({ type: 'Feature', properties: { c }, geometry: { type: 'Point', coordinates: [lon, lat] } })))
  return index
}

function dominant(f: Cluster): number {
  const p = f.properties
  if (!p.cluster) return p.c ?? 1
  let best = 1
  for (let k = 2; k <= 5; k++) if ((p[`n${k}` as keyof Counts] ?? 0) > (p[`n${best}` as keyof Counts] ?? 0)) best = k
  return best
}

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
const countOf = (f: Cluster) => f.properties.point_count ?? 1
const radiusOf = (f: Cluster) => (f.properties.cluster ? Math.min(34, 7 + 3.2 * Math.log2(countOf(f))) : 4)

export interface IncidentLayerProps {
  mode: 'clusters' | 'heatmap' | 'off'
  points: Pt[]
  index: Supercluster<{ c: number }, Counts> | null
  bbox: [number, number, number, number]
  zoom: number
  colors: Record<number, string>
  onClusterClick: (lon: number, lat: number, zoom: number) => void
}

/** The deck.gl layers for the incidents: clusters with counts, or a heat map. */
export function incidentLayers(p: IncidentLayerProps): Layer[] {
  if (p.mode === 'off' || !p.points.length) return []
  if (p.mode === 'heatmap') {
    return [
      new HeatmapLayer<Pt>({
        id: 'incidents-heatmap',
        data: p.points,
        getPosition: (d) => [d[0], d[1]],
        getWeight: 1,
        radiusPixels: 28,
        intensity: 1.2,
        threshold: 0.04,
        aggregation: 'SUM',
        colorRange: HEAT_COLORS, // blue-purple, apart from the choropleth's yellow-red
      }),
    ]
  }
  if (!p.index || p.zoom < CLUSTER_MIN_ZOOM) return []
  const clusters = p.index.getClusters(p.bbox, Math.floor(p.zoom)) as Cluster[]
  const colors = Object.fromEntries(Object.entries(p.colors).map(([k, v]) => [k, rgb(v)]))
  return [
    new ScatterplotLayer<Cluster>({
      id: 'incidents-clusters',
      data: clusters,
      pickable: true,
      stroked: true,
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getRadius: radiusOf,
      radiusUnits: 'pixels',
      getFillColor: (f) => [...colors[dominant(f)], 225] as [number, number, number, number],
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      onClick: (info) => {
        const f = info.object as Cluster | undefined
        if (!f?.properties.cluster) return
        const [lon, lat] = f.geometry.coordinates
        p.onClusterClick(lon, lat, Math.min(p.index!.getClusterExpansionZoom(f.properties.cluster_id!), 16))
      },
      updateTriggers: { getFillColor: [p.colors] },
    }),
    new TextLayer<Cluster>({
      id: 'incidents-counts',
      data: clusters.filter((f) => f.properties.cluster && radiusOf(f) >= 11),
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getText: (f) => {
        const n = countOf(f)
        return n >= 10000 ? `${Math.round(n / 1000)}k` : String(n)
      },
      getSize: 12,
      getColor: [255, 255, 255, 255],
      fontWeight: 700,
      characterSet: '0123456789k',
      fontFamily: 'system-ui, sans-serif',
    }),
  ]
}

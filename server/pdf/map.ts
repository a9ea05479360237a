import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas'
import proj4 from 'proj4'
import type { Grid } from '../analysis/kde.ts'
import { GI_BINS } from '../../common/hotspot-classes.ts'
import { M_PER_DEG_LAT, UTM48N } from '../../common/geo.ts'
import { RAMP } from '../formats/density-image.ts'
import type { Boundary, Geo } from './briefing-types.ts'

/** A frame on the page showing a lon/lat box (equirectangular, scaled by cos φ at the centre, north up). */
export interface Frame {
  x: number
  y: number
  w: number
  h: number
}
export interface View {
  frame: Frame
  lon0: number
  lat0: number
  k: number
  s: number
  cx: number
  cy: number
  metresPerPt: number
}

export function fitView(frame: Frame, bbox: [number, number, number, number], pad = 0.04): View {
  const [x0, y0, x1, y1] = bbox
  const lat0 = (y0 + y1) / 2,
    lon0 = (x0 + x1) / 2
  const k = Math.cos((lat0 * Math.PI) / 180)
  const wDeg = Math.max(1e-4, (x1 - x0) * k) * (1 + 2 * pad),
    hDeg = Math.max(1e-4, y1 - y0) * (1 + 2 * pad)
  const s = Math.min(frame.w / wDeg, frame.h / hDeg) // points per degree of latitude
  return { frame, lon0, lat0, k, s, cx: frame.x + frame.w / 2, cy: frame.y + frame.h / 2, metresPerPt: M_PER_DEG_LAT / s }
}

export const toPage = (v: View, lon: number, lat: number): [number, number] => [
  v.cx + (lon - v.lon0) * v.k * v.s,
  v.cy - (lat - v.lat0) * v.s,
]
const toLonLat = (v: View, px: number, py: number): [number, number] => [v.lon0 + (px - v.cx) / (v.k * v.s), v.lat0 - (py - v.cy) / v.s]

/** Adds a Polygon or MultiPolygon to the current path. */
export function tracePolygon(ctx: SKRSContext2D, v: View, g: Geo) {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []
  for (const poly of polys)
    for (const ring of poly) {
      ring.forEach(([lon, lat]: number[], i: number) => {
        const [px, py] = toPage(v, lon, lat)
        if (i) ctx.lineTo(px, py)
        else ctx.moveTo(px, py)
      })
      ctx.closePath()
    }
}

/** The density grid resampled (bilinear, in UTM 48N) onto the frame at `ppp` pixels per point, as an RGBA canvas. */
export function densityRaster(v: View, grid: Grid, scaleMax: number, ppp = 1.5) {
  const W = Math.ceil(v.frame.w * ppp),
    H = Math.ceil(v.frame.h * ppp)
  const canvas = createCanvas(W, H)
  const ctx = canvas.getContext('2d')
  const img = ctx.createImageData(W, H)
  const fwd = proj4('WGS84', UTM48N)
  const { cols, rows, cell, x0, y0, values } = grid
  const at = (c: number, r: number) => {
    const val = values[r * cols + c]
    return Number.isFinite(val) ? val : 0
  }
  for (let py = 0; py < H; py++)
    for (let px = 0; px < W; px++) {
      const [lon, lat] = toLonLat(v, v.frame.x + (px + 0.5) / ppp, v.frame.y + (py + 0.5) / ppp)
      const [x, y] = fwd.forward([lon, lat])
      const fc = (x - x0) / cell - 0.5,
        fr = (y - y0) / cell - 0.5
      const c = Math.floor(fc),
        r = Math.floor(fr)
      if (c < 0 || r < 0 || c >= cols - 1 || r >= rows - 1) continue
      const tx = fc - c,
        ty = fr - r
      const val = (at(c, r) * (1 - tx) + at(c + 1, r) * tx) * (1 - ty) + (at(c, r + 1) * (1 - tx) + at(c + 1, r + 1) * tx) * ty
      if (!(val > 0) || !(scaleMax > 0)) continue
      const u = Math.min(1, val / scaleMax) * (RAMP.length - 1),
        k = Math.min(RAMP.length - 2, Math.floor(u)),
        f = u - k
      const o = (py * W + px) * 4
      for (let ch = 0; ch < 4; ch++) img.data[o + ch] = Math.round(RAMP[k][ch] + (RAMP[k + 1][ch] - RAMP[k][ch]) * f)
    }
  ctx.putImageData(img, 0, 0)
  return canvas
}

/** Colours of the Gi* bins, the map's (common/hotspot-classes.ts). */
export const HOT_COLORS: Record<number, string> = Object.fromEntries(GI_BINS.map((b) => [b.bin, b.color]))

/** Boundaries: context provinces shaded, the area white, then grandchildren, children and the area's outline. */
export function drawBoundaries(ctx: SKRSContext2D, v: View, b: Boundary[]) {
  const draw = (role: Boundary['role'], fill: string | null, stroke: string, width: number) => {
    for (const x of b.filter((y) => y.role === role)) {
      ctx.beginPath()
      tracePolygon(ctx, v, x.geometry)
      if (fill) {
        ctx.fillStyle = fill
        ctx.fill('evenodd')
      }
      ctx.strokeStyle = stroke
      ctx.lineWidth = width
      ctx.stroke()
    }
  }
  draw('context', '#eeeeee', '#b5b5b5', 0.6)
  draw('area', null, '#000000', 0.1)
  draw('grandchild', null, '#a0a0a0', 0.3)
  draw('child', null, '#555555', 0.8)
  draw('area', null, '#111111', 1.6)
}

/** A scale bar of a round length and a north arrow, in the frame's lower-left and upper-right corners. */
export function drawScaleAndNorth(ctx: SKRSContext2D, v: View, font: string) {
  const target = v.metresPerPt * 90
  const nice = [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000].reduce((a, b) =>
    Math.abs(b - target) < Math.abs(a - target) ? b : a,
  )
  const len = nice / v.metresPerPt
  const x = v.frame.x + 12,
    y = v.frame.y + v.frame.h - 14
  ctx.fillStyle = 'rgba(255,255,255,0.85)'
  ctx.fillRect(x - 6, y - 16, len + 40, 24)
  ctx.fillStyle = '#000'
  ctx.fillRect(x, y, len / 2, 3)
  ctx.strokeStyle = '#000'
  ctx.lineWidth = 0.6
  ctx.strokeRect(x, y, len, 3)
  ctx.font = `7px ${font}`
  ctx.textAlign = 'left'
  ctx.fillText('0', x - 2, y - 3)
  ctx.fillText(nice >= 1000 ? `${nice / 1000} km` : `${nice} m`, x + len - 6, y - 3)
  const nx = v.frame.x + v.frame.w - 20,
    ny = v.frame.y + 14
  ctx.beginPath()
  ctx.moveTo(nx, ny)
  ctx.lineTo(nx + 6, ny + 16)
  ctx.lineTo(nx, ny + 12)
  ctx.lineTo(nx - 6, ny + 16)
  ctx.closePath()
  ctx.fillStyle = '#000'
  ctx.fill()
  ctx.font = `bold 9px ${font}`
  ctx.textAlign = 'center'
  ctx.fillText('N', nx, ny + 27)
  ctx.textAlign = 'left'
}

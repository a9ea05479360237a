import * as maplibregl from 'maplibre-gl'
import type { LayersList } from '@deck.gl/core'
import { MapLibreOverlay } from '@deck.gl/maplibre'
import { rhumbDistance } from '@turf/turf'
import { bindLabelImages } from '../map/label-images.ts'

/** The map drawn for an export: its pixels, their size, device pixels per CSS pixel, metres per pixel at the centre. */
export interface MapImage {
  image: CanvasImageSource
  W: number
  H: number
  pr: number
  mpp: number
  cleanup: () => void
}

/** Metres per output pixel at the map's centre: the length of the centre parallel across the map (a rhumb line), over its width in pixels. */
function metresPerPixel(m: maplibregl.Map, W: number): number {
  const c = m.getCanvas()
  const y = c.clientHeight / 2
  const a = m.unproject([0, y])
  const b = m.unproject([c.clientWidth, y])
  return rhumbDistance([a.lng, a.lat], [b.lng, b.lat], { units: 'meters' }) / W
}

/** Waits for one more frame, so the canvas holds a whole drawing. */
function nextRender(m: maplibregl.Map): Promise<void> {
  return new Promise<void>((r) => {
    m.once('render', () => r())
    m.triggerRepaint()
  })
}

/** A copy of the map as it is on screen, at the screen's pixel size. */
export async function screenMap(map: maplibregl.Map): Promise<MapImage> {
  await nextRender(map)
  const c = map.getCanvas()
  const W = c.width
  const H = c.height
  const copy = document.createElement('canvas')
  copy.width = W
  copy.height = H
  copy.getContext('2d')!.drawImage(c, 0, 0)
  return { image: copy, W, H, pr: W / c.clientWidth, mpp: metresPerPixel(map, W), cleanup: () => {} }
}

/** A hidden map of the same view at print size, with the deck.gl layers built afresh by `layers`. */
export async function printMap(
  map: maplibregl.Map,
  layers: () => LayersList,
  spec: { w: number; h: number; dpi: number },
): Promise<MapImage> {
  const W = spec.w
  const H = spec.h
  const pr = spec.dpi / 96
  const box = document.createElement('div')
  Object.assign(box.style, { position: 'fixed', left: '-100000px', top: '0', width: `${W / pr}px`, height: `${H / pr}px` })
  document.body.append(box)
  const off = new maplibregl.Map({
    container: box,
    style: map.getStyle(),
    bounds: map.getBounds(),
    fitBoundsOptions: { padding: 0 },
    pixelRatio: pr,
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  })
  copyImagesOnDemand(map, off)
  bindLabelImages(off) // place names drawn afresh at the print's pixel ratio
  off.addControl(new MapLibreOverlay({ interleaved: true, layers: layers() }))
  const cleanup = () => {
    off.remove()
    box.remove()
  }
  await idle(off)
  await nextRender(off)
  return { image: off.getCanvas(), W, H, pr, mpp: metresPerPixel(off, W), cleanup }
}

/** Icons added with addImage (safe-status markers, pilot stars) are not part of the style: copy them on demand. */
function copyImagesOnDemand(from: maplibregl.Map, to: maplibregl.Map) {
  to.on('styleimagemissing', (e: { id: string }) => {
    const img = from.getImage(e.id)
    if (img && !to.hasImage(e.id))
      to.addImage(
        e.id,
        { width: img.data.width, height: img.data.height, data: img.data.data },
        { pixelRatio: img.pixelRatio, sdf: img.sdf },
      )
  })
}

function idle(m: maplibregl.Map): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the print map did not finish drawing in 90 s')), 90_000)
    m.once('idle', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

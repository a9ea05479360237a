import type { StyleSpecification } from 'maplibre-gl'

/**
 * The offline base style: a plain background and our own boundaries, no tiles, glyphs or sprites.
 * Place names are icons the browser draws (label-images.ts), so no glyph server is needed.
 */
export const WATER = '#cfe0ea'
export const LAND = '#f4f1ea'

export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': WATER } }],
  }
}

export const CAMBODIA_BOUNDS: [number, number, number, number] = [102.3, 10.4, 107.65, 14.7]

import type { Grid } from '../analysis/kde.ts'

/** Optional text tags: ImageDescription (270), Software (305) and GDAL's metadata XML (42112); ASCII only. */
export interface TiffText {
  description?: string
  software?: string
  gdalMetadata?: string
}

/**
 * A single-band float32 GeoTIFF (uncompressed, one strip) in EPSG:32648 (WGS 84 / UTM 48N), north up.
 * Enough for GIS tools to place the grid: ModelPixelScale, ModelTiepoint (the north-west corner of the
 * north-west cell, PixelIsArea) and the GeoKey directory. NaN cells are nodata (GDAL_NODATA "nan").
 */
export function gridToGeoTiff(g: Grid, epsg = 32648, text: TiffText = {}): Uint8Array {
  const { cols, rows, cell } = g
  const dataBytes = cols * rows * 4
  const geoKeys = [1, 1, 0, 4, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, epsg, 3076, 0, 1, 9001]
  // [tag, type, count, value-or-array]; types: 3 SHORT, 4 LONG, 12 DOUBLE, 2 ASCII (NUL-terminated); ascending tags
  const ascii = (s: string) => {
    if (/[^\x20-\x7e\n\r\t]/.test(s)) throw new Error('TIFF text must be printable ASCII')
    return `${s}\0`
  }
  const nodata = 'nan\0'
  const entries: [number, number, number, number[] | string][] = [
    [256, 4, 1, [cols]],
    [257, 4, 1, [rows]],
    [258, 3, 1, [32]],
    [259, 3, 1, [1]],
    [262, 3, 1, [1]],
    ...(text.description ? [[270, 2, ascii(text.description).length, ascii(text.description)] as [number, number, number, string]] : []),
    [273, 4, 1, [0]],
    [277, 3, 1, [1]],
    [278, 4, 1, [rows]],
    [279, 4, 1, [dataBytes]],
    [284, 3, 1, [1]],
    ...(text.software ? [[305, 2, ascii(text.software).length, ascii(text.software)] as [number, number, number, string]] : []),
    [339, 3, 1, [3]],
    [33550, 12, 3, [cell, cell, 0]],
    [33922, 12, 6, [0, 0, 0, g.x0, g.y0 + rows * cell, 0]],
    [34735, 3, geoKeys.length, geoKeys],
    ...(text.gdalMetadata
      ? [[42112, 2, ascii(text.gdalMetadata).length, ascii(text.gdalMetadata)] as [number, number, number, string]]
      : []),
    [42113, 2, nodata.length, nodata],
  ]
  const size = (t: number) => (t === 12 ? 8 : t === 4 ? 4 : t === 3 ? 2 : 1)
  const ifdBytes = 2 + entries.length * 12 + 4
  let extraOff = 8 + ifdBytes
  const extras: { off: number; e: (typeof entries)[number] }[] = []
  for (const e of entries) {
    const bytes = size(e[1]) * e[2]
    if (bytes > 4) {
      extras.push({ off: extraOff, e })
      extraOff += bytes + (bytes % 2)
    }
  }
  const dataOff = Math.ceil(extraOff / 8) * 8 // float32 samples aligned, so readers may view them in place
  const buf = new ArrayBuffer(dataOff + dataBytes)
  const v = new DataView(buf)
  v.setUint16(0, 0x4949)
  v.setUint16(2, 42, true)
  v.setUint32(4, 8, true)
  v.setUint16(8, entries.length, true)
  const write = (off: number, type: number, vals: number[] | string) => {
    if (typeof vals === 'string') {
      for (let k = 0; k < vals.length; k++) v.setUint8(off + k, vals.charCodeAt(k))
      return
    }
    vals.forEach((x, k) => {
      if (type === 12) v.setFloat64(off + 8 * k, x, true)
      else if (type === 4) v.setUint32(off + 4 * k, x, true)
      else v.setUint16(off + 2 * k, x, true)
    })
  }
  entries.forEach((e, k) => {
    const p = 10 + k * 12
    const [tag, type, count, vals] = e
    v.setUint16(p, tag, true)
    v.setUint16(p + 2, type, true)
    v.setUint32(p + 4, count, true)
    const extra = extras.find((x) => x.e === e)
    if (extra) {
      v.setUint32(p + 8, extra.off, true)
      write(extra.off, type, vals)
    } else write(p + 8, type, tag === 273 ? [dataOff] : vals)
  })
  v.setUint32(10 + entries.length * 12, 0, true) // no next IFD
  // Rows north to south: the grid's row 0 is the southernmost.
  let o = dataOff
  for (let r = rows - 1; r >= 0; r--) for (let c = 0; c < cols; c++, o += 4) v.setFloat32(o, g.values[r * cols + c], true)
  return new Uint8Array(buf)
}

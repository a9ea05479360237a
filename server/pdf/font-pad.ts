import { inflateSync } from 'node:zlib'

/**
 * Skia's PDF font subsetter (in @napi-rs/canvas) leaves out a font's last glyph: the glyph is shaped and drawn on
 * screen, but the subset embedded in the PDF has no outline for it. The last glyph of Noto Sans Khmer's Khmer
 * subset is "z" (437 of 438), so every lowercase z drawn with it vanished from the briefing. This appends an empty
 * glyph to a font, so no glyph a text can reach is the last one.
 */
export function padFont(woff: Buffer): Buffer {
  const tables = readWoff(woff)
  const maxp = tables.get('maxp')!,
    head = tables.get('head')!,
    hhea = tables.get('hhea')!
  const n = maxp.readUInt16BE(4)
  const long = head.readInt16BE(50) === 1
  const loca = tables.get('loca')!
  const step = long ? 4 : 2
  // The new glyph ends where the last one ends: it is empty.
  tables.set('loca', Buffer.concat([loca.subarray(0, (n + 1) * step), loca.subarray(n * step, (n + 1) * step)]))
  const metrics = hhea.readUInt16BE(34)
  // Glyphs after the last long metric take its advance and carry only a left side bearing (0 here).
  tables.set('hmtx', Buffer.concat([tables.get('hmtx')!.subarray(0, 4 * metrics + 2 * (n - metrics)), Buffer.alloc(2)]))
  const post = tables.get('post')
  if (post && post.readUInt32BE(0) === 0x20000) {
    // Version 2 names every glyph: the new one is .notdef (name index 0).
    const count = Buffer.alloc(2)
    count.writeUInt16BE(n + 1)
    tables.set(
      'post',
      Buffer.concat([post.subarray(0, 32), count, post.subarray(34, 34 + 2 * n), Buffer.alloc(2), post.subarray(34 + 2 * n)]),
    )
  }
  const m = Buffer.from(maxp)
  m.writeUInt16BE(n + 1, 4)
  tables.set('maxp', m)
  return writeSfnt(woff.readUInt32BE(4), tables)
}

/** The tables of a WOFF 1.0 file (each zlib-compressed unless stored as is). */
function readWoff(b: Buffer): Map<string, Buffer> {
  if (b.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font')
  const out = new Map<string, Buffer>()
  for (let i = 0; i < b.readUInt16BE(12); i++) {
    const o = 44 + 20 * i
    const off = b.readUInt32BE(o + 4),
      comp = b.readUInt32BE(o + 8),
      orig = b.readUInt32BE(o + 12)
    const raw = b.subarray(off, off + comp)
    out.set(b.toString('latin1', o, o + 4), comp < orig ? inflateSync(raw) : Buffer.from(raw))
  }
  return out
}

/** An OpenType file of the tables, sorted by tag and 4-byte aligned (checksums left 0: FreeType does not check them). */
function writeSfnt(flavor: number, tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort()
  const dir = Buffer.alloc(12 + 16 * tags.length)
  dir.writeUInt32BE(flavor, 0)
  dir.writeUInt16BE(tags.length, 4)
  const p2 = 2 ** Math.floor(Math.log2(tags.length))
  dir.writeUInt16BE(16 * p2, 6)
  dir.writeUInt16BE(Math.log2(p2), 8)
  dir.writeUInt16BE(16 * (tags.length - p2), 10)
  const parts: Buffer[] = [dir]
  let off = dir.length
  tags.forEach((tag, i) => {
    const t = tables.get(tag)!
    const o = 12 + 16 * i
    dir.write(tag, o, 'latin1')
    dir.writeUInt32BE(off, o + 8)
    dir.writeUInt32BE(t.length, o + 12)
    const padded = Buffer.concat([t, Buffer.alloc((4 - (t.length % 4)) % 4)])
    parts.push(padded)
    off += padded.length
  })
  return Buffer.concat(parts)
}

import { GlobalFonts } from '@napi-rs/canvas'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { padFont } from './font-pad.ts'

/** Noto Sans Khmer (Khmer and Latin subsets, regular and bold) from the app's own packages: no system font needed. */
export const FONT = 'SVKhmer, SVLatin'
let done = false

export function registerFonts(): void {
  if (done) return
  const require = createRequire(import.meta.url)
  for (const [subset, alias] of [
    ['khmer', 'SVKhmer'],
    ['latin', 'SVLatin'],
  ] as const) {
    for (const w of [400, 700]) {
      // WOFF 1.0 (zlib) rather than WOFF2: padFont reads its tables directly.
      const file = require.resolve(`@fontsource/noto-sans-khmer/files/noto-sans-khmer-${subset}-${w}-normal.woff`)
      if (!GlobalFonts.register(padFont(readFileSync(file)), alias)) throw new Error(`cannot load the font ${file}`)
    }
  }
  done = true
}

export const hasKhmer = (s: string) => /[\u1780-\u17FF\u19E0-\u19FF]/.test(s)

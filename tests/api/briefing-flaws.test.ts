import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CRITERIA } from '../../common/criteria.ts'
import { periodOf, previousPeriod } from '../../common/periods.ts'
import { ATTRIBUTION } from '../../server/geo/read-geodata.ts'
import { useTestApp, type Who } from '../helpers/app.ts'

// Briefing flaws of issue 14, read back with poppler: pdftotext for the text, pdftoppm for what is drawn.
const t = useTestApp()
const dir = mkdtempSync(path.join(tmpdir(), 'sv-briefing-flaws-'))
const Q3 = 'area=02&from=2026-07-01&to=2026-09-30'
const KHMER = /[\u1780-\u17FF]/

async function fetchPdf(query: string, who: Who = 'admin'): Promise<string> {
  const res = await t.get(`/api/exports/briefing.pdf?${query}`, who)
  expect(res.status, await res.clone().text()).toBe(200)
  const file = path.join(dir, `b-${query.replace(/\W+/g, '_')}-${who}.pdf`)
  writeFileSync(file, Buffer.from(await res.arrayBuffer()))
  return file
}
const pdfText = (file: string, args: string[] = []) => execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' })

interface Word {
  text: string
  x0: number
  y0: number
  x1: number
  y1: number
}
/** The words of a page with their boxes (points), from pdftotext -bbox. */
function words(file: string, page: number): Word[] {
  const xml = pdfText(file, ['-bbox', '-f', String(page), '-l', String(page)])
  const unxml = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: unxml(m[5]),
    x0: Number(m[1]),
    y0: Number(m[2]),
    x1: Number(m[3]),
    y1: Number(m[4]),
  }))
}

const DPI = 200
/** A page drawn in grey levels by pdftoppm (a binary PGM). */
function raster(file: string, page: number) {
  const out = path.join(dir, `r-${path.basename(file)}-${page}`)
  execFileSync('pdftoppm', ['-gray', '-r', String(DPI), '-f', String(page), '-l', String(page), '-singlefile', file, out])
  const buf = readFileSync(`${out}.pgm`)
  const [, w, h] = buf.toString('latin1', 0, 40).match(/^P5\s+(\d+)\s+(\d+)\s+255\s/)!
  const head = buf.length - Number(w) * Number(h)
  return { w: Number(w), at: (x: number, y: number) => buf[head + y * Number(w) + x] }
}

/**
 * Whether every letter of a Latin word (with its brackets or stop) is drawn: ink at both ends of its box, and no blank stretch inside it as
 * wide as a quarter of the font size (a missing glyph leaves one as wide as the letter).
 */
function drawnWhole(r: ReturnType<typeof raster>, w: Word): string | null {
  const s = DPI / 72
  const [x0, x1, y0, y1] = [Math.floor(w.x0 * s), Math.ceil(w.x1 * s), Math.floor(w.y0 * s), Math.ceil(w.y1 * s)]
  const inked: boolean[] = []
  for (let x = x0; x < x1; x++) {
    let ink = false
    for (let y = y0; y < y1 && !ink; y++) ink = r.at(x, y) < 160
    inked.push(ink)
  }
  const first = inked.indexOf(true),
    last = inked.lastIndexOf(true)
  const em = (y1 - y0) / 1.36 // pdftotext's box is the font's ascent to descent
  if (first < 0) return `"${w.text}": no ink at all`
  if (first > em * 0.3 || inked.length - 1 - last > em * 0.3) return `"${w.text}": an end is blank`
  let run = 0
  for (let i = first; i <= last; i++) {
    run = inked[i] ? 0 : run + 1
    if (run > em * 0.25) return `"${w.text}": a gap of ${run} px inside`
  }
  return null
}

describe('briefing PDF: every Latin character is drawn (the lost "z")', () => {
  it.each(['en', 'km'] as const)('draws and extracts every letter of known lines (%s)', async (lang) => {
    const file = await fetchPdf(`${Q3}&lang=${lang}`)
    const text = pdfText(file)
    expect(text).toContain('Names and codes: NCDD Cambodia Gazetteer via Pumi (github.com/dwilkie/pumi, MIT).')
    expect(text).toMatch(/^z \d+\.\d\d · (n|ចំនួន) \d+$/m)
    expect(text).toContain('Boundaries: geoBoundaries (Runfola et al. 2020, PLoS ONE 15(4): e0231866)')
    const seen = new Set<string>()
    // Each Latin word of both pages has ink from end to end, with no letter-wide hole.
    for (const page of [1, 2]) {
      const r = raster(file, page)
      const latin = words(file, page).filter((w) => /^\(?[A-Za-z]+[),.;:]?$/.test(w.text))
      const bad = latin.map((w) => drawnWhole(r, w)).filter(Boolean)
      expect(bad, `page ${page}`).toEqual([])
      for (const w of latin) for (const ch of w.text.replace(/[^A-Za-z]/g, '')) seen.add(ch)
    }
    // The words checked hold every letter of the attribution (z of Gazetteer included), and most others.
    const known = new Set(ATTRIBUTION.join(' ').replace(/[^A-Za-z]/g, ''))
    expect(known.has('z')).toBe(true)
    expect([...known].filter((ch) => !seen.has(ch))).toEqual([])
    expect(seen.size).toBeGreaterThan(40)
  })
})

describe('briefing PDF: period', () => {
  it('defaults to the last complete calendar quarter of the data, and names it', async () => {
    const [{ last }] = await t.db.query<{ last: string }>(
      `SELECT to_char(max(occurred_at) AT TIME ZONE 'Asia/Phnom_Penh', 'YYYY-MM-DD') AS last FROM incidents`,
    )
    // Complete: the data run to the quarter's last day.
    const q = periodOf('quarter', last)
    const want = q.to === last ? q : previousPeriod(q)
    for (const lang of ['en', 'km'] as const) {
      const res = await t.get(`/api/exports/briefing.pdf?area=02&lang=${lang}`)
      expect(res.status, await res.clone().text()).toBe(200)
      const file = path.join(dir, `default-${lang}.pdf`)
      writeFileSync(file, Buffer.from(await res.arrayBuffer()))
      const text = pdfText(file)
      expect(text).toContain(lang === 'en' ? want.label_en : want.label_km)
      expect(text).toContain(`${want.from} – ${want.to}`)
      expect(JSON.parse(res.headers.get('x-provenance')!).data.filters).toMatchObject({ from: want.from, to: want.to })
    }
    // One date without the other is still an error that names the missing one.
    expect((await (await t.get('/api/exports/briefing.pdf?area=02&from=2026-07-01')).json()).issues[0].field).toBe('to')
  })

  it("compares a calendar quarter with the previous calendar quarter, as /api/reports does (analyst's view)", async () => {
    const report = await (await t.get('/api/reports?period=quarter&year=2025&index=2&area=02', 'analyst')).json()
    expect(report.period.previous).toMatchObject({ from: '2025-01-01', to: '2025-03-31' })
    const layout = pdfText(await fetchPdf('area=02&from=2025-04-01&to=2025-06-30&lang=en', 'analyst'), ['-layout'])
    const fmt = (n: number) => n.toLocaleString('en-US')
    expect(layout).toMatch(new RegExp(`Total\\s+${fmt(report.total.total)}\\s+${fmt(report.total.previous_total)}\\s`))
    expect(layout).toContain('2025-01-01 – 2025-03-31')
  })
})

describe('briefing PDF in Khmer', () => {
  it('is Khmer first on both pages, with the full criterion labels', async () => {
    const file = await fetchPdf(`${Q3}&lang=km`)
    for (const page of [1, 2]) {
      const lines = pdfText(file, ['-f', String(page), '-l', String(page)])
        .split('\n')
        .filter((l) => l.trim())
      expect(lines[0], `page ${page}: ${lines[0]}`).toMatch(new RegExp(`^${KHMER.source}`))
    }
    const method = pdfText(file, ['-f', '2', '-l', '2'])
    for (const s of ['វិធីសាស្ត្រ', 'ប្រភពទិន្នន័យ']) expect(method).toContain(s)
    const flat = pdfText(file).replace(/\s+/g, ' ')
    for (const c of CRITERIA) expect(flat).toContain(`${c.id}. ${c.km}`)
  })
})

import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FULL_ACCESS } from '../../server/auth/roles.ts'
import { ROOT } from '../../server/config.ts'
import { ZERO_THRESHOLDS } from '../../server/domain/safety.ts'
import { briefingData } from '../../server/services/briefing-data.ts'
import { childDatabase } from '../helpers/child-server.ts'
import { useTestApp } from '../helpers/app.ts'

// The briefing PDF, read back with poppler (pdftotext, pdffonts, pdftoppm from Debian's poppler-utils).
const t = useTestApp()
const dir = mkdtempSync(path.join(tmpdir(), 'sv-briefing-'))
const Q = 'area=02&from=2026-07-01&to=2026-09-30'
const pdfText = (file: string, layout = false) =>
  execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' })

async function fetchPdf(query: string, who: Parameters<typeof t.get>[1] = 'admin'): Promise<string> {
  const res = await t.get(`/api/exports/briefing.pdf?${query}`, who)
  expect(
    res.status,
    await res
      .clone()
      .text()
      .then((s) => s.slice(0, 200)),
  ).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/pdf')
  const buf = Buffer.from(await res.arrayBuffer())
  expect(buf.subarray(0, 5).toString()).toBe('%PDF-')
  const file = path.join(dir, `b-${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(file, buf)
  return file
}

describe('briefing PDF', () => {
  it('names the area and the top hot spots in English and Khmer, extractable by pdftotext', async () => {
    const d = await briefingData(t.db, {
      area: '02',
      from: '2026-07-01',
      to: '2026-09-30',
      access: FULL_ACCESS,
      thresholds: ZERO_THRESHOLDS,
    })
    expect(d.hotspots.top.length).toBeGreaterThanOrEqual(3)
    const file = await fetchPdf(`${Q}&lang=en`)
    const text = pdfText(file)
    expect(text).toContain('Safety briefing — Battambang / បាត់ដំបង (02)')
    for (const h of d.hotspots.top.slice(0, 5)) {
      expect(text).toContain(h.name_en)
      if (h.name_km) expect(text).toContain(h.name_km)
      if (h.commune_km) expect(text).toContain(h.commune_km)
    }
    expect(text).toContain('SYNTHETIC DEMO DATA')
    expect(text).toMatch(/Getis–Ord Gi\* on \d+ villages/)
    expect(text).toMatch(/SafeVillage \d+\.\d+\.\d+/)
    expect(text).toContain('geoBoundaries')
    expect(text).toContain(`--area 02 --from 2026-07-01 --to 2026-09-30 --lang en`)
    // Counts by criterion: the total equals the incidents of the period in the province.
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE province_code = '02' AND (occurred_at AT TIME ZONE 'Asia/Phnom_Penh')::date BETWEEN '2026-07-01' AND '2026-09-30'`,
    )
    expect(d.counts.total).toBe(Number(n))
    expect(pdfText(file, true)).toMatch(new RegExp(`Total\\s+${Number(n).toLocaleString('en-US')}\\s`))
    // Noto Sans Khmer is embedded (as a subset), so Khmer renders with no font on the reader's machine.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    expect(fonts).toMatch(/NotoSansKhmer\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/)
    // Two A4-landscape pages, rendered by pdftoppm.
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
    expect(info).toMatch(/Pages:\s+2/)
    expect(info).toMatch(/Page size:\s+842 x 595 pts/)
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', file, path.join(dir, 'page')])
    const png = readFileSync(path.join(dir, 'page-1.png'))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
  })

  it('carries its provenance (X-Provenance, and the sidecar)', async () => {
    const res = await t.get(`/api/exports/briefing.pdf?${Q}&lang=en`)
    const prov = JSON.parse(res.headers.get('x-provenance')!)
    expect(prov).toMatchObject({
      format: 'pdf',
      app: { name: 'SafeVillage' },
      request: { query: { area: '02', from: '2026-07-01', to: '2026-09-30' } },
      synthetic: true,
    })
    expect(prov.data.incidents).toBeGreaterThan(0)
    const side = await t.get(`/api/exports/briefing.pdf?${Q}&sidecar=1`)
    expect(side.headers.get('content-type')).toContain('application/json')
    expect((await side.json()).title).toContain('Briefing 02')
  })

  it('speaks Khmer with lang=km', async () => {
    const text = pdfText(await fetchPdf(`${Q}&lang=km`))
    for (const s of ['សេចក្តីសង្ខេបសុវត្ថិភាព', 'ករណីតាមលក្ខខណ្ឌ', 'ចោរកម្ម ឆក់ប្លន់', 'ស្ថានភាពសុវត្ថិភាព', 'ទិន្នន័យសាកល្បង', 'បាត់ដំបង', 'Battambang'])
      expect(text).toContain(s)
  })

  it('follows the privacy rules for viewers and the scope for officers', async () => {
    const text = pdfText(await fetchPdf(`area=1201&from=2026-07-01&to=2026-07-31`, 'viewer'), true)
    expect(text).toContain('Chamkar Mon')
    expect((await t.get(`/api/exports/briefing.pdf?${Q}`, 'officer')).status).toBe(403)
    expect((await t.get(`/api/exports/briefing.pdf?area=1201&from=2026-07-01&to=2026-07-31`, 'officer')).status).toBe(200)
  })

  it('refuses bad input with the field', async () => {
    for (const [q, field] of [
      ['area=02&from=2026-09-30&to=2026-07-01', 'to'],
      ['area=02010101&from=2026-07-01&to=2026-07-31', 'area'],
      ['area=02&from=2026-07-01&to=2026-07-31&lang=fr', 'lang'],
      ['area=02&to=2026-07-31', 'from'],
      ['area=02&from=2016-07-01&to=2026-07-31', 'to'],
    ] as const) {
      const res = await t.get(`/api/exports/briefing.pdf?${q}`)
      expect(res.status, q).toBe(400)
      expect((await res.json()).issues[0].field, q).toBe(field)
    }
  })
})

describe('briefing CLI', () => {
  let dbx: Awaited<ReturnType<typeof childDatabase>>
  beforeAll(async () => {
    dbx = await childDatabase()
  })
  afterAll(async () => {
    await dbx?.cleanup()
  })
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/briefing.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', ...dbx.env },
      timeout: 180_000,
    })

  it('writes the same briefing without a server or a browser, and exits 2 on bad input', () => {
    const out = path.join(dir, 'cli.pdf')
    const r = cli(['--area', '02', '--from', '2026-07-01', '--to', '2026-09-30', '--lang', 'km', '--out', out])
    expect(r.stderr).toContain('briefing: ')
    expect(r.status).toBe(0)
    const text = pdfText(out)
    expect(text).toContain('បាត់ដំបង')
    expect(text).toContain('សេចក្តីសង្ខេបសុវត្ថិភាព')
    const bad = cli(['--area', '02', '--from', '2026-13-01', '--to', '2026-09-30', '--out', out])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--from')
  }, 300_000)
})

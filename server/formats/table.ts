import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import Papa from 'papaparse'
import writeXlsxFile, { type CellObject, type Cell as XlsxCell, type Sheet, type SheetData } from 'write-excel-file/node'

/** A table to hand out as CSV, XLSX or a printable bilingual HTML page. */
export type Cell = string | number | boolean | null
export interface Column {
  key: string
  en: string
  km: string
  kind?: 'text' | 'int' | 'num' | 'bool'
}
export interface Table {
  title_en: string
  title_km: string
  /** Lines under the title: period, area, method, provenance. */
  notes: string[]
  columns: Column[]
  rows: Cell[][]
  /** A closing row (totals), shown bold. */
  total?: Cell[]
}

/**
 * Formula injection (OWASP "CSV injection"): a spreadsheet runs a text cell that starts with = + - @, tab or CR as a
 * formula. Such text gets a leading ' (shown as text, not run). A text that already starts with quotes before one of
 * those characters gets one more, so unquoteCell() gives back exactly the original. Numbers are never touched.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/
export const quoteCell = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s)
/** The inverse of quoteCell, for a CSV file this app wrote being imported again. */
export const unquoteCell = (s: string): string => (/^'+[=+\-@\t\r]/.test(s) ? s.slice(1) : s)
/** A cell as it may go into a CSV or XLSX: text neutralised, numbers, booleans and empty cells as they are. */
export const safeCell = <T>(v: T): T => (typeof v === 'string' ? (quoteCell(v) as T) : v)

/** CSV with the machine keys as header (UTF-8 BOM so spreadsheets read Khmer); a total row is labelled TOTAL. */
export function tableCsv(t: Table): string {
  const data = t.total ? [...t.rows, t.total] : t.rows
  return `\ufeff${Papa.unparse({ fields: t.columns.map((c) => c.key), data: data.map((r) => r.map((v, i) => csvCell(v, t.columns[i]))) })}\r\n`
}

/** A number column's cell that came as text ('-3') stays a number; other text is neutralised. */
function csvCell(v: Cell, c: Column | undefined): Cell {
  if (v == null) return ''
  if (typeof v === 'string' && (c?.kind === 'int' || c?.kind === 'num') && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return safeCell(v)
}

/** XLSX: a sheet with English and Khmer header rows and typed cells, and an "About" sheet with the notes. */
export async function tableXlsx(t: Table): Promise<Buffer> {
  const head = (lang: 'en' | 'km'): XlsxCell[] => t.columns.map((c) => ({ value: c[lang], fontWeight: 'bold' as const, wrap: true }))
  const cell = (v: Cell, c: Column): CellObject | null =>
    v == null
      ? null
      : typeof v === 'boolean'
        ? { value: v ? 'yes' : 'no' }
        : c.kind === 'int' || c.kind === 'num'
          ? { value: Number(v), type: Number }
          : { value: quoteCell(String(v)) }
  const body = t.rows.map((r) => r.map((v, i) => cell(v, t.columns[i])))
  const total: SheetData = t.total
    ? [t.total.map((v, i) => ({ ...(cell(v, t.columns[i]) ?? { value: '' }), fontWeight: 'bold' as const }))]
    : []
  const sheets: Sheet<Buffer>[] = [
    {
      data: [head('en'), head('km'), ...body, ...total],
      sheet: 'Report',
      columns: t.columns.map((c) => ({ width: c.kind === 'text' ? 28 : 12 })),
    },
    {
      data: [
        [{ value: quoteCell(t.title_en), fontWeight: 'bold' }],
        [{ value: quoteCell(t.title_km) }],
        ...t.notes.map((n) => [{ value: quoteCell(n) }]),
      ],
      sheet: 'About',
      columns: [{ width: 120 }],
    },
  ]
  return writeXlsxFile(sheets).toBuffer()
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)
const fmt = (v: Cell, c: Column) =>
  v == null
    ? '–'
    : typeof v === 'boolean'
      ? v
        ? '✓'
        : '✗'
      : c.kind === 'num'
        ? Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 })
        : c.kind === 'int'
          ? Number(v).toLocaleString('en-US')
          : String(v)

let FONTS: string | null = null
/** Noto Sans Khmer (regular and bold), embedded so the page prints the same with no network and no installed font. */
function fontFaces(): string {
  if (FONTS) return FONTS
  const require = createRequire(import.meta.url)
  const face = (w: number) => {
    const file = require.resolve(`@fontsource/noto-sans-khmer/files/noto-sans-khmer-khmer-${w}-normal.woff2`)
    return `@font-face{font-family:'Noto Sans Khmer';font-weight:${w};src:url(data:font/woff2;base64,${readFileSync(file).toString('base64')}) format('woff2')}`
  }
  return (FONTS = face(400) + face(700))
}

/** A self-contained A4-landscape printable page: bilingual title and headings, the table, the notes. */
export function tableHtml(t: Table): string {
  const th = t.columns.map((c) => `<th class="${c.kind ?? 'text'}"><span lang="km">${esc(c.km)}</span><br>${esc(c.en)}</th>`).join('')
  const tr = (r: Cell[], cls = '') =>
    `<tr${cls ? ` class="${cls}"` : ''}>${r.map((v, i) => `<td class="${t.columns[i].kind ?? 'text'}${v === false ? ' no' : v === true ? ' yes' : ''}">${esc(fmt(v, t.columns[i]))}</td>`).join('')}</tr>`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(t.title_en)}</title><style>${fontFaces()}
@page{size:A4 landscape;margin:12mm}
body{font-family:'Noto Sans Khmer',system-ui,sans-serif;font-size:10pt;color:#111;margin:16px}
h1{font-size:15pt;margin:0 0 2px}h2{font-size:13pt;margin:0 0 8px;font-weight:400}
p.note{margin:1px 0;color:#444;font-size:9pt}
table{border-collapse:collapse;width:100%;margin-top:10px}
th,td{border:1px solid #999;padding:3px 5px;vertical-align:top}
th{background:#eef1f5;font-size:8.5pt}td.int,td.num,th.int,th.num{text-align:right}
td.bool,th.bool{text-align:center}td.yes{color:#1a7f37}td.no{color:#b42318}
tr.total td{font-weight:700;background:#f6f6f6}
</style></head><body>
<h1>${esc(t.title_en)}</h1><h2 lang="km">${esc(t.title_km)}</h2>
${t.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
<table><thead><tr>${th}</tr></thead><tbody>
${t.rows.map((r) => tr(r)).join('\n')}
${t.total ? tr(t.total, 'total') : ''}
</tbody></table></body></html>`
}

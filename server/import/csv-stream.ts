import { ImportFileError, type RawRecord, type RowError } from './records.ts'

/**
 * RFC 4180 CSV read from text chunks in bounded memory: only the record being read is held. Quoted fields may
 * contain delimiters, doubled quotes and line breaks; CRLF, CR and LF all end a line; a BOM is dropped.
 * The delimiter (comma, semicolon, tab or bar) is the one the header line uses most.
 */
export class CsvReader {
  private rest = ''
  private line = 1 // line number where `rest` starts
  private delim: string | null = null
  private first = true

  /** Feeds a chunk; returns the complete records it finishes, each with its first line number. */
  push(chunk: string): { line: number; fields: string[] }[] {
    if (this.first && chunk) {
      chunk = chunk.replace(/^\uFEFF/, '')
      this.first = false
    }
    this.rest += chunk
    return this.drain(false)
  }

  /** No more input: returns the last record; throws if a quote is still open. */
  end(): { line: number; fields: string[] }[] {
    return this.drain(true)
  }

  private drain(final: boolean) {
    const s = this.rest
    const out: { line: number; fields: string[] }[] = []
    if (this.delim == null) {
      const nl = s.search(/[\r\n]/)
      if (nl < 0 && !final) return out
      const header = nl < 0 ? s : s.slice(0, nl)
      const counts = [',', ';', '\t', '|'].map((d) => [d, header.split(d).length - 1] as const)
      this.delim = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[1] > 0 ? counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0] : ','
    }
    const d = this.delim
    let i = 0,
      start = 0,
      line = this.line
    while (i < s.length) {
      const recLine = line
      const fields: string[] = []
      let field = '',
        complete = false
      for (;;) {
        if (i >= s.length) {
          if (final && (fields.length || field)) {
            fields.push(field)
            complete = true
          }
          break
        }
        if (s[i] === '"' && field === '') {
          // Quoted field: up to the closing quote ("" is a quote).
          let j = i + 1,
            buf = ''
          for (;;) {
            const q = s.indexOf('"', j)
            if (q < 0) {
              j = -1
              break
            }
            if (s[q + 1] === '"') {
              buf += s.slice(j, q + 1)
              j = q + 2
              continue
            }
            if (q + 1 >= s.length && !final) {
              j = -1
              break
            } // the next chunk may start with a quote
            buf += s.slice(j, q)
            j = q + 1
            break
          }
          if (j < 0) {
            if (final)
              throw new ImportFileError(
                'body',
                `cannot parse the CSV: the quoted field that starts on line ${lineAt(s, start, i, line)} is never closed`,
              )
            break
          }
          line += countBreaks(buf)
          field = buf.replace(/\r\n?/g, '\n')
          i = j
          const c = s[i]
          if (i < s.length && c !== d && c !== '\n' && c !== '\r') {
            throw new ImportFileError('body', `cannot parse the CSV: unexpected text after a closing quote on line ${line}`)
          }
          if (i >= s.length) {
            if (final) {
              fields.push(field)
              complete = true
            }
            break
          }
          continue
        }
        const c = s[i]
        if (c === d) {
          fields.push(field)
          field = ''
          i++
          continue
        }
        if (c === '\n' || c === '\r') {
          if (c === '\r' && i + 1 >= s.length && !final) break // CRLF may be split across chunks
          fields.push(field)
          i += c === '\r' && s[i + 1] === '\n' ? 2 : 1
          line++
          complete = true
          break
        }
        // Unquoted text up to the next delimiter or line break.
        let j = i
        while (j < s.length && s[j] !== d && s[j] !== '\n' && s[j] !== '\r') j++
        field += s.slice(i, j)
        i = j
      }
      if (!complete) {
        line = recLine
        break
      }
      start = i
      if (!(fields.length === 1 && fields[0].trim() === '') || fields.length > 1) {
        if (!fields.every((f) => f.trim() === '')) out.push({ line: recLine, fields })
      }
    }
    this.rest = s.slice(start)
    this.line = line
    if (final && this.rest.trim()) throw new ImportFileError('body', 'cannot parse the CSV: unexpected end of file')
    return out
  }
}

function countBreaks(s: string): number {
  let n = 0
  for (let k = 0; k < s.length; k++) if (s[k] === '\n' || (s[k] === '\r' && s[k + 1] !== '\n')) n++
  return n
}
function lineAt(s: string, from: number, to: number, line: number): number {
  return line + countBreaks(s.slice(from, to))
}

export const REQUIRED = ['external_id', 'occurred_at', 'criterion'] as const
const text = (v: string | undefined): string | null => {
  if (v == null) return null
  const t = v.trim()
  return t === '' ? null : t
}

/** Turns CSV records (header first) into RawRecords, checking the header as parseCsv does. */
export class CsvRecords {
  private cols: string[] | null = null
  rows = 0
  constructor(
    private readonly columns: readonly string[],
    private readonly required: readonly string[] = REQUIRED,
  ) {}

  take(recs: { line: number; fields: string[] }[], errors: RowError[]): RawRecord[] {
    const out: RawRecord[] = []
    for (const r of recs) {
      if (!this.cols) {
        this.cols = this.header(r.fields)
        continue
      }
      this.rows++
      if (r.fields.length !== this.cols.length) {
        errors.push({
          line: r.line,
          field: 'row',
          message: `expected ${this.cols.length} fields as in the header, found ${r.fields.length}`,
        })
        continue
      }
      const fields: Record<string, string | null> = {}
      this.cols.forEach((c, i) => {
        if (c) fields[c] = text(r.fields[i])
      })
      out.push({ line: r.line, fields })
    }
    return out
  }

  /** After the last chunk: the file must have had a header and at least one row. */
  finish(): void {
    if (!this.cols) throw new ImportFileError('body', 'the file is empty')
    if (!this.rows) throw new ImportFileError('body', 'the file has a header but no rows')
  }

  private header(fields: string[]): string[] {
    const cols = fields.map((h) => h.trim().toLowerCase())
    const missing = this.required.filter((c) => !cols.includes(c))
    if (missing.length) {
      throw new ImportFileError(
        'header',
        `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected ${this.columns.join(',')}`,
      )
    }
    const dup = cols.find((c, i) => c && cols.indexOf(c) !== i)
    if (dup) throw new ImportFileError('header', `column ${dup} appears twice`)
    return cols
  }
}

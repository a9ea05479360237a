import { describe, expect, it } from 'vitest'
import { CsvReader, CsvRecords } from '../../server/import/csv-stream.ts'
import { COLUMNS, ImportFileError, parseCsv } from '../../server/import/parse.ts'

const HEADER = COLUMNS.join(',')

function readAll(chunks: string[]) {
  const r = new CsvReader()
  const out = chunks.flatMap((c) => r.push(c))
  return [...out, ...r.end()]
}

describe('streaming CSV reader', () => {
  const body = `\uFEFF${['a,b,c', '1,"two, with comma",3', '"multi\r\nline ""quoted""",x,"ភូមិ ១"', '', ',,', 'last,"",end'].join(
    '\r\n',
  )}\r\n`

  it('gives the same records and line numbers wherever the chunks split (CRLF, quotes, BOM, Khmer)', () => {
    const whole = readAll([body])
    expect(whole).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'two, with comma', '3'] },
      { line: 3, fields: ['multi\nline "quoted"', 'x', 'ភូមិ ១'] },
      { line: 7, fields: ['last', '', 'end'] },
    ])
    for (let i = 0; i <= body.length; i++)
      for (const j of [i + 1, i + 3, body.length]) {
        if (j < i) continue
        expect(readAll([body.slice(0, i), body.slice(i, j), body.slice(j)]), `split at ${i}/${j}`).toEqual(whole)
      }
    // One character at a time.
    expect(readAll([...body])).toEqual(whole)
  })

  it('takes semicolons or tabs when the header uses them, and the last line without a newline', () => {
    expect(readAll(['x;y\n1;2'])).toEqual([
      { line: 1, fields: ['x', 'y'] },
      { line: 2, fields: ['1', '2'] },
    ])
    expect(readAll(['x\ty\n', '"a;b"\t2\n'])).toEqual([
      { line: 1, fields: ['x', 'y'] },
      { line: 2, fields: ['a;b', '2'] },
    ])
  })

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => readAll(['a,b\n1,"open\n2,3\n'])).toThrow(/line 2/)
    expect(() => readAll(['a,b\n1,"x"y\n'])).toThrow(ImportFileError)
    expect(() => parseCsv(`${HEADER}\n`)).toThrow(/no rows/)
  })

  it('reads 1,000,000 rows in bounded memory', () => {
    const rows = new CsvRecords(COLUMNS)
    const reader = new CsvReader()
    const errors: never[] = []
    let n = 0
    if (global.gc) global.gc()
    const heap0 = process.memoryUsage().heapUsed
    let peak = 0
    const line = (i: number) =>
      `id-${i},2025-0${1 + (i % 9)}-15T10:00,${1 + (i % 5)},theft,104.9${i % 10},11.5${i % 7},,,"row ${i}, quoted"\n`
    let chunk = `${HEADER}\n`
    for (let i = 0; i < 1_000_000; i++) {
      chunk += line(i)
      if (chunk.length > 64 * 1024) {
        n += rows.take(reader.push(chunk), errors).length
        chunk = ''
        if (i % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - heap0)
      }
    }
    n += rows.take([...reader.push(chunk), ...reader.end()], errors).length
    rows.finish()
    expect(n).toBe(1_000_000)
    expect(errors).toEqual([])
    // ~90 MB of CSV went through; the reader holds one chunk and its records at a time.
    expect(peak).toBeLessThan(64 * 1024 * 1024)
  })
})

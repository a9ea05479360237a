import { describe, expect, it } from 'vitest'
import { ImportFileError, parseCsv, parseGeoJson } from '../../server/import/parse.ts'
import { checkRecord, parseOccurredAt } from '../../server/import/validate.ts'

const NOW = Date.parse('2026-11-25T00:00:00Z')
const HEADER = 'external_id,occurred_at,criterion,subtype,lon,lat,village_code,village_name,description'

describe('CSV parsing', () => {
  it('reads records with their file line numbers, across quoted line breaks', () => {
    const { records, errors } = parseCsv(
      `\uFEFF${HEADER}\r\na1,2025-01-02,1,theft,104.9,11.56,,,"two\nlines"\n\nb2,2025-01-03,2,use,,,12010101,,\n`,
    )
    expect(errors).toEqual([])
    expect(records.map((r) => r.line)).toEqual([2, 5])
    expect(records[0].fields.description).toBe('two\nlines')
    expect(records[1].fields.lon).toBeNull()
  })

  it('reports a row with the wrong number of fields and keeps the others', () => {
    const { records, errors } = parseCsv(`${HEADER}\na1,2025-01-02,1,theft\nb2,2025-01-03,2,use,,,12010101,,\n`)
    expect(records).toHaveLength(1)
    expect(errors).toEqual([{ line: 2, field: 'row', message: expect.stringContaining('expected 9 fields') }])
  })

  it('rejects files it cannot use at all', () => {
    const bad = ['', '   \n', `${HEADER}\n`, 'a,b,c\n1,2,3\n', `${HEADER}\na1,"2025-01-02,1,theft,,,,,\n`, `${HEADER},criterion\n`]
    for (const body of bad) expect(() => parseCsv(body), JSON.stringify(body)).toThrow(ImportFileError)
  })
})

describe('GeoJSON parsing', () => {
  it('reads point features, feature ids and null geometries', () => {
    const { records, errors } = parseGeoJson(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            id: 'g1',
            geometry: { type: 'Point', coordinates: [104.9, 11.5] },
            properties: { occurred_at: '2025-01-01', criterion: 1 },
          },
          { type: 'Feature', geometry: null, properties: { external_id: 'g2', village_code: '12010101' } },
          {
            type: 'Feature',
            geometry: {
              type: 'LineString',
              coordinates: [
                [1, 2],
                [3, 4],
              ],
            },
            properties: {},
          },
        ],
      }),
    )
    expect(records.map((r) => [r.line, r.fields.external_id, r.fields.lon, r.fields.criterion])).toEqual([
      [1, 'g1', '104.9', '1'],
      [2, 'g2', undefined, undefined],
    ])
    expect(errors).toEqual([{ line: 3, field: 'geometry', message: expect.any(String) }])
  })

  it('rejects broken JSON, other objects and empty collections', () => {
    for (const body of ['{"type":', '[]', '{"type":"Feature"}', '{"type":"FeatureCollection","features":[]}']) {
      expect(() => parseGeoJson(body), body).toThrow(ImportFileError)
    }
  })
})

describe('timestamps', () => {
  it('reads local Phnom Penh time when no offset is given', () => {
    expect(parseOccurredAt('2025-03-14', NOW)).toEqual({ iso: '2025-03-14T00:00:00+07:00' })
    expect(parseOccurredAt('2025-03-14 18:30', NOW)).toEqual({ iso: '2025-03-14T18:30:00+07:00' })
    expect(parseOccurredAt('2025-03-14T11:30:00Z', NOW)).toEqual({ iso: '2025-03-14T11:30:00Z' })
    expect(parseOccurredAt('2025-03-14T18:30:00.250+0700', NOW)).toEqual({ iso: '2025-03-14T18:30:00.250+07:00' })
  })

  it('rejects impossible, malformed, ancient and future dates', () => {
    for (const s of ['2025-02-30', '2025-13-01', '14/03/2025', 'yesterday', '2025-03-14T25:00', '1970-01-01', '2027-01-01']) {
      expect('error' in parseOccurredAt(s, NOW), s).toBe(true)
    }
  })
})

describe('record checks', () => {
  const rec = (fields: Record<string, string | null>) => ({
    line: 7,
    fields: { external_id: 'x', occurred_at: '2025-01-01', criterion: '1', subtype: 'theft', lon: '104.9', lat: '11.55', ...fields },
  })

  it('accepts a good record and normalises the subtype', () => {
    const r = checkRecord(rec({ subtype: 'Motorbike theft' }), NOW)
    expect('ok' in r && r.ok).toMatchObject({ line: 7, criterion: 1, subtype: 'motorbike_theft', lon: 104.9, lat: 11.55 })
  })

  it('names each bad field with a reason', () => {
    const cases: [Record<string, string | null>, string][] = [
      [{ criterion: '6' }, 'criterion'],
      [{ criterion: '0' }, 'criterion'],
      [{ criterion: '1.5' }, 'criterion'],
      [{ criterion: null }, 'criterion'],
      [{ subtype: 'gambling' }, 'subtype'],
      [{ occurred_at: '2025-02-30' }, 'occurred_at'],
      [{ external_id: null }, 'external_id'],
      [{ lon: 'east' }, 'lon'],
      [{ lat: null }, 'lat'],
      [{ lon: '2.35', lat: '48.85' }, 'lon'],
      [{ village_code: '123' }, 'village_code'],
      [{ lon: null, lat: null }, 'lon'],
      [{ area_code: '1' }, 'area_code'],
    ]
    for (const [f, field] of cases) {
      const r = checkRecord(rec(f), NOW)
      expect('errors' in r, JSON.stringify(f)).toBe(true)
      if ('errors' in r) {
        expect(
          r.errors.map((e) => e.field),
          JSON.stringify(f),
        ).toContain(field)
        expect(r.errors.every((e) => e.line === 7 && e.message.length > 5)).toBe(true)
      }
    }
  })

  it('spots swapped coordinates', () => {
    const r = checkRecord(rec({ lon: '11.55', lat: '104.9' }), NOW)
    expect('errors' in r && r.errors[0].message).toContain('swapped')
  })
})

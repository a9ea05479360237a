import { describe, expect, it } from 'vitest'
import { labelPointOf, poleOf } from '../../web/layers/label-points.ts'
import { labelFont, labelId, parseLabelId } from '../../web/map/label-images.ts'

// Where place names go (issue 14): inside the area, far from its edges, on its largest part.
describe('label points', () => {
  it('puts an L-shaped area’s name in its corner square, where its centroid is not', () => {
    const L = [
      [
        [0, 0],
        [10, 0],
        [10, 2],
        [2, 2],
        [2, 10],
        [0, 10],
        [0, 0],
      ],
    ]
    const [x, y] = poleOf(L, 0.001)
    // The widest inside point: the centre of the circle touching both outer edges and the inner corner, r = 4 − 2√2.
    expect(x).toBeCloseTo(4 - 2 * Math.SQRT2, 1)
    expect(y).toBeCloseTo(x, 6)
  })

  it('keeps a C-shaped area’s name out of its bay', () => {
    const C = [
      [
        [0, 0],
        [10, 0],
        [10, 3],
        [3, 3],
        [3, 7],
        [10, 7],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
    ]
    const [x, y] = poleOf(C)
    expect(x).toBeLessThan(3) // in the back of the C, not in the bay (x > 3, 3 < y < 7)
    expect(y).toBeGreaterThan(0)
    expect(y).toBeLessThan(10)
  })

  it('uses the largest part of a multipolygon, and nothing for a point', () => {
    const square = (x0: number, s: number) => [
      [
        [x0, 0],
        [x0 + s, 0],
        [x0 + s, s],
        [x0, s],
        [x0, 0],
      ],
    ]
    const p = labelPointOf({ type: 'MultiPolygon', coordinates: [square(0, 1), square(5, 4)] })
    expect(p).toEqual([7, 2])
    expect(labelPointOf({ type: 'Point', coordinates: [1, 2] })).toBeNull()
    expect(labelPointOf(null)).toBeNull()
  })
})

describe('label icon ids', () => {
  it('carry the language, level and name, colons included, and refuse anything else', () => {
    expect(parseLabelId(labelId('km', 'province', 'ភ្នំពេញ'))).toEqual({ lang: 'km', level: 'province', text: 'ភ្នំពេញ' })
    expect(parseLabelId(labelId('en', 'village', 'Phum 1: Kandal'))).toEqual({ lang: 'en', level: 'village', text: 'Phum 1: Kandal' })
    expect(parseLabelId('lbl:en:country:Cambodia')).toBeNull()
    expect(parseLabelId('lbl:en:district:')).toBeNull()
    expect(parseLabelId('safety-3')).toBeNull()
  })

  it('draws Khmer a point larger than Latin, in the bundled font', () => {
    expect(labelFont('province', 'Phnom Penh')).toBe('700 14px "Noto Sans Khmer", sans-serif')
    expect(labelFont('province', 'ភ្នំពេញ')).toBe('700 15px "Noto Sans Khmer", sans-serif')
  })
})

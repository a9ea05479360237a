import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { giStar } from '../../server/analysis/gistar.ts'
import { localMoran } from '../../server/analysis/local-moran.ts'
import { globalMoran } from '../../server/analysis/moran.ts'
import { normalUpperTail } from '../../server/analysis/normal.ts'
import { distanceBand, knn, queen, rowStandardize } from '../../server/analysis/weights.ts'

// Reference values from R spdep 1.2-7 (tests/fixtures/spdep/make-fixtures.R made them; R is not needed here).
const dir = path.join(import.meta.dirname, '../fixtures/spdep')
const ref: Record<string, number[]> = JSON.parse(readFileSync(path.join(dir, 'spdep-results.json'), 'utf8'))
const rows = readFileSync(path.join(dir, 'points.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','))
const x = Float64Array.from(rows, (r) => Number(r[1]))
const y = Float64Array.from(rows, (r) => Number(r[2]))
const v = Float64Array.from(rows, (r) => Number(r[3]))

function expectClose(got: ArrayLike<number>, want: number[], tol: number, what: string) {
  expect(got.length, what).toBe(want.length)
  let worst = 0
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]))
  expect(worst, `${what}: largest difference`).toBeLessThan(tol)
}

describe.each([1500, 2500])('against spdep, distance band %i m', (band) => {
  const w = distanceBand(x, y, band)

  it('finds the same neighbours as dnearneigh', () => {
    const card = Array.from({ length: w.n }, (_, i) => w.offsets[i + 1] - w.offsets[i])
    expect(card).toEqual(ref[`cardinality_band${band}`])
    expect(w.islands).toEqual(card.flatMap((c, i) => (c === 0 ? [i] : [])))
  })

  it('Gi* equals localG(include.self, style "B") within 1e-9', () => {
    expectClose(giStar(v, w).z, ref[`gistar_band${band}`], 1e-9, 'Gi* z')
  })

  it("global Moran's I, E[I], Var[I] and z equal moran.test(randomisation) within 1e-9", () => {
    for (const [style, weights] of [
      ['B', w],
      ['W', rowStandardize(w)],
    ] as const) {
      const m = globalMoran(v, weights)
      const [I, E, V, z] = ref[`moran_band${band}_${style}`]
      expect(Math.abs(m.I - I), `I ${style}`).toBeLessThan(1e-9)
      expect(Math.abs(m.expected - E), `E ${style}`).toBeLessThan(1e-12)
      expect(Math.abs(m.variance - V), `Var ${style}`).toBeLessThan(1e-12)
      expect(Math.abs(m.z - z), `z ${style}`).toBeLessThan(1e-9)
    }
  })

  it('local Moran I_i, E, Var and z equal localmoran (row-standardised) within 1e-9', () => {
    const lm = localMoran(v, rowStandardize(w), { permutations: 9, seed: 1 })
    expectClose(lm.I, ref[`localmoran_band${band}_I`], 1e-9, 'Ii')
    expectClose(lm.expected, ref[`localmoran_band${band}_E`], 1e-9, 'E.Ii')
    expectClose(lm.variance, ref[`localmoran_band${band}_V`], 1e-9, 'Var.Ii')
    expectClose(lm.z, ref[`localmoran_band${band}_Z`], 1e-9, 'Z.Ii')
  })
})

describe('against spdep, other weights and distributions', () => {
  it('permutation p-values fall within Monte Carlo error of localmoran_perm', () => {
    const w = rowStandardize(distanceBand(x, y, 2500))
    const lm = localMoran(v, w, { permutations: 999, seed: 42 })
    const theirs = ref.localmoran_perm_band2500_pfolded
    // Two independent 999-draw estimates of the same p differ by about √(2p(1−p)/1000); allow 4.5 s.d. + a draw.
    let outside = 0
    for (let i = 0; i < theirs.length; i++) {
      const p = (lm.pSim[i] + theirs[i]) / 2
      if (Math.abs(lm.pSim[i] - theirs[i]) > 4.5 * Math.sqrt((2 * p * (1 - p)) / 1000) + 2 / 1000) outside++
    }
    expect(outside).toBe(0)
    // And they agree on which units are significant at 5%, bar a few near the cut-off.
    const disagree = theirs.filter((p, i) => p <= 0.05 !== lm.pSim[i] <= 0.05).length
    expect(disagree).toBeLessThan(theirs.length * 0.03)
  })

  it('k nearest neighbours: Moran and Gi* equal spdep', () => {
    const w = knn(x, y, 6)
    const m = globalMoran(v, w)
    const [I, E, V, z] = ref.moran_knn6_B
    expect(Math.abs(m.I - I)).toBeLessThan(1e-9)
    expect(Math.abs(m.expected - E)).toBeLessThan(1e-12)
    expect(Math.abs(m.variance - V)).toBeLessThan(1e-12)
    expect(Math.abs(m.z - z)).toBeLessThan(1e-9)
    expectClose(giStar(v, w).z, ref.gistar_knn6, 1e-9, 'Gi* knn')
  })

  it('queen contiguity of a lattice matches cell2nb(type = "queen")', () => {
    const rings: Float64Array[][] = []
    // cell2nb(12, 9): 12 rows of 9 cells, row by row.
    for (let r = 0; r < 12; r++) for (let c = 0; c < 9; c++) rings.push([Float64Array.of(c, r, c + 1, r, c + 1, r + 1, c, r + 1, c, r)])
    const w = queen(rings)
    expect(Array.from({ length: w.n }, (_, i) => w.offsets[i + 1] - w.offsets[i])).toEqual(ref.queen_lattice_12x9_card)
  })

  it('normal tail probabilities equal pnorm (absolute 1e-15, relative 1e-7 far in the tail)', () => {
    const zs = [0, 0.5, 1.6448536269514722, 1.959963984540054, 2.5758293035489004, 4, 8, 20]
    zs.forEach((z, i) => {
      expect(Math.abs(normalUpperTail(z) - ref.pnorm_upper[i]), `z=${z}`).toBeLessThan(1e-15)
      expect(Math.abs(normalUpperTail(z) / ref.pnorm_upper[i] - 1), `z=${z}`).toBeLessThan(1e-7)
    })
  })
})

/**
 * Disclosure control for viewers: the cell-key method (Australian Bureau of Statistics' TableBuilder; ONS, 2021
 * census of England and Wales), with small-cell suppression. docs/privacy.md explains it; in short:
 *
 * - every incident has a secret random record key (incidents.rkey, uniform on [0, 2^31));
 * - a published cell (an area or analysis unit × a calendar period × one criterion or all five) has the key
 *   sum(rkey) mod 2^31 of the records in it, so the same records always give the same key and the same value,
 *   however often and through whichever route the cell is asked for;
 * - the value is 0 for an empty cell, withheld (null) for 1 to k − 1 records, and otherwise max(k, n + d), where
 *   the perturbation d ∈ {−2, −1, 0, +1, +2} is read off the cell key (PTABLE: mean 0, variance 1.2).
 *
 * Two cells that differ by some records get unrelated perturbations, so a difference of published cells (a
 * district minus its other communes, a total minus the other criteria, one period minus another) carries the noise
 * of both and does not give the withheld count. Every figure a viewer receives is computed from these values.
 */
export const KEY_MOD = 2 ** 31

/** Perturbation by cell key: d with its probability (cumulative bounds on the key's fraction u ∈ [0, 1)). */
export const PTABLE: readonly { d: number; p: number }[] = [
  { d: -2, p: 0.1 },
  { d: -1, p: 0.2 },
  { d: 0, p: 0.4 },
  { d: 1, p: 0.2 },
  { d: 2, p: 0.1 },
]
const BOUNDS = PTABLE.map((_, i) => PTABLE.slice(0, i + 1).reduce((s, e) => s + e.p, 0))

/** The perturbation a cell key gives. */
export function perturbation(cellKey: number): number {
  const u = (((cellKey % KEY_MOD) + KEY_MOD) % KEY_MOD) / KEY_MOD
  for (let i = 0; i < BOUNDS.length; i++) if (u < BOUNDS[i]) return PTABLE[i].d
  return PTABLE[PTABLE.length - 1].d
}

/** The published value of a cell of n records whose record keys sum to keySum: 0, null (withheld) or ≥ k. */
export function publish(n: number, keySum: number, k: number): number | null {
  if (n <= 0) return 0
  if (n < k) return null
  return Math.max(k, n + perturbation(keySum))
}

/** publish() for arrays of numbers: NaN stands for a withheld cell. */
export function publishNaN(n: number, keySum: number, k: number): number {
  return publish(n, keySum, k) ?? NaN
}

/** A published number for JSON: NaN (withheld) becomes null. */
export const shown = (v: number): number | null => (Number.isNaN(v) ? null : v)

/**
 * The value an analysis uses for a withheld cell (Gi*, density weights, EB rates): k/2, the middle of 1..k−1.
 * It is a function of what is published ("withheld"), so it reveals nothing more.
 */
export const withheldEstimate = (k: number) => k / 2

/** A published value for arithmetic: the withheld estimate in place of NaN. */
export const estimate = (v: number, k: number) => (Number.isNaN(v) ? withheldEstimate(k) : v)

/** Adds key sums modulo KEY_MOD (exact in float64). */
export const addKeys = (a: number, b: number) => (a + b) % KEY_MOD

/**
 * Sums of base cells (n and key sum per slot): a period made of months, a total made of criteria, a post's load
 * made of villages. value() publishes the sum for a protected reader (k > 0) and gives the raw count otherwise.
 */
export class CellSums {
  readonly n: Float64Array
  readonly ks: Float64Array
  constructor(size: number) {
    this.n = new Float64Array(size)
    this.ks = new Float64Array(size)
  }
  add(i: number, n: number, ks: number) {
    this.n[i] += n
    this.ks[i] = addKeys(this.ks[i], ks)
  }
  value(i: number, k: number): number {
    return k > 0 ? publishNaN(this.n[i], this.ks[i], k) : this.n[i]
  }
  values(k: number): Float64Array {
    return Float64Array.from(this.n, (_, i) => this.value(i, k))
  }
}

/** Per-criterion counts (index 0..4) and their total (index 5), published when k > 0 (NaN = withheld). */
export type Counts6 = Float64Array

/** Builds Counts6 from base rows (criterion 1..5, n, key sum) of one unit. */
export function countsOf(rows: Iterable<{ criterion: number; n: number; ks: number }>, k: number): Counts6 {
  const s = new CellSums(6)
  for (const r of rows) {
    s.add(r.criterion - 1, r.n, r.ks)
    s.add(5, r.n, r.ks)
  }
  return s.values(k)
}

/** The Counts6 of a unit with no incident. */
export const EMPTY6: Counts6 = new Float64Array(6)

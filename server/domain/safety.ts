/**
 * Safe status (Safety Village/Commune/Sangkat policy, 2010): an area passes criterion c in a period when its count
 * of c is at or under the threshold (0 by default: no incident at all), and is safe when it passes all five.
 */
export type Thresholds = readonly [number, number, number, number, number]
export const ZERO_THRESHOLDS: Thresholds = [0, 0, 0, 0, 0]

export function parseThresholds(s: string): Thresholds {
  const parts = s.split(',').map((x) => x.trim())
  if (parts.length !== 5 || parts.some((x) => !/^\d{1,6}$/.test(x)))
    throw new RangeError('thresholds are five whole numbers ≥ 0, one per criterion, e.g. 0,0,0,0,0')
  return parts.map(Number) as unknown as Thresholds
}

/** Pass or fail for each criterion. */
export function passes(counts: ArrayLike<number>, t: Thresholds): boolean[] {
  return [0, 1, 2, 3, 4].map((i) => (counts[i] ?? 0) <= t[i])
}

export const isSafe = (counts: ArrayLike<number>, t: Thresholds) => passes(counts, t).every(Boolean)

export const EMPTY_COUNTS = new Int32Array(5)

import { shown } from './disclosure.ts'

/**
 * Figures as JSON rows. Counts reach here already published (server/domain/disclosure.ts: for viewers each cell is
 * perturbed by its cell key and 1 to k − 1 is withheld as NaN); a withheld figure becomes null and is marked
 * suppressed, never 0. Rows need no secondary suppression: a row's total is a cell of its own, perturbed
 * independently of its criteria, so the total minus the other criteria does not give a withheld one.
 */
export interface Figure {
  count: number | null
  by_criterion: Record<string, number | null>
  suppressed: boolean
  suppressed_criteria: string[]
}

/** A row of published counts (criteria at 0..4, total at 5) as JSON figures. */
export function figureOf(c: ArrayLike<number>): Figure {
  const by: Record<string, number | null> = {}
  const hidden: string[] = []
  for (let i = 0; i < 5; i++) {
    by[String(i + 1)] = shown(c[i] ?? 0)
    if (Number.isNaN(c[i])) hidden.push(String(i + 1))
  }
  const count = shown(c[5] ?? 0)
  return { count, by_criterion: by, suppressed: count == null || hidden.length > 0, suppressed_criteria: hidden }
}

/** A single published count as JSON: the number, or null when it is withheld. */
export const suppressCount = (v: number): number | null => shown(v)

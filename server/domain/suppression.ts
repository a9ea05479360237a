/**
 * Small-count suppression for public aggregates: a count from 1 to k - 1 is withheld (null, marked suppressed),
 * never shown as 0. Within one row, if exactly one criterion is withheld the row total would give it away, so the
 * smallest other non-zero criterion is withheld too (secondary suppression).
 */
export interface Suppressible { count: number; by_criterion: Record<string, number> }
export interface Suppressed {
  count: number | null
  by_criterion: Record<string, number | null>
  suppressed: boolean
  suppressed_criteria: string[]
}

export const isSmall = (n: number, k: number) => k > 0 && n > 0 && n < k

export function suppressRow(r: Suppressible, k: number): Suppressed {
  if (k <= 0) return { count: r.count, by_criterion: { ...r.by_criterion }, suppressed: false, suppressed_criteria: [] }
  const hidden = new Set(Object.keys(r.by_criterion).filter((c) => isSmall(r.by_criterion[c], k)))
  const totalHidden = isSmall(r.count, k)
  if (hidden.size === 1 && !totalHidden) {
    const next = Object.keys(r.by_criterion).filter((c) => !hidden.has(c) && r.by_criterion[c] > 0)
      .sort((a, b) => r.by_criterion[a] - r.by_criterion[b])[0]
    if (next) hidden.add(next)
  }
  // A suppressed total hides every criterion of the row (they would sum to it).
  if (totalHidden) for (const c of Object.keys(r.by_criterion)) if (r.by_criterion[c] > 0) hidden.add(c)
  const by: Record<string, number | null> = {}
  for (const c of Object.keys(r.by_criterion)) by[c] = hidden.has(c) ? null : r.by_criterion[c]
  return { count: totalHidden ? null : r.count, by_criterion: by, suppressed: totalHidden || hidden.size > 0, suppressed_criteria: [...hidden].sort() }
}

/** A single count: the number, or null when it is withheld. */
export function suppressCount(n: number, k: number): number | null { return isSmall(n, k) ? null : n }

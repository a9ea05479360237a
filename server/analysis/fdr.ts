/** Benjamini–Hochberg: the largest p-value still significant at false discovery rate q (0 when none is). */
export function bhThreshold(p: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(p)
    .filter((x) => Number.isFinite(x))
    .sort()
  const m = sorted.length
  let thr = 0
  for (let k = 0; k < m; k++) if (sorted[k] <= ((k + 1) / m) * q) thr = sorted[k]
  return thr
}

/**
 * Confidence bins as Esri reports them: ±3 (99%), ±2 (95%), ±1 (90%), 0 otherwise, signed by z.
 * With fdr, each level's cut-off is the Benjamini–Hochberg threshold at that level; only the bins change.
 */
export function confidenceBins(z: ArrayLike<number>, p: ArrayLike<number>, fdr = false): Int8Array {
  const levels = [0.01, 0.05, 0.1].map((a) => (fdr ? bhThreshold(p, a) : a))
  const bins = new Int8Array(z.length)
  for (let i = 0; i < z.length; i++) {
    const pi = p[i]
    if (!Number.isFinite(pi) || !Number.isFinite(z[i])) continue
    // Without FDR the cut-offs are strict (p < α); BH thresholds are attained values, so ≤.
    const hit = (thr: number) => (fdr ? pi <= thr && thr > 0 : pi < thr)
    const level = hit(levels[0]) ? 3 : hit(levels[1]) ? 2 : hit(levels[2]) ? 1 : 0
    bins[i] = z[i] > 0 ? level : -level
  }
  return bins
}

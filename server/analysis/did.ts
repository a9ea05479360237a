import { tCdf, tQuantile } from './student-t.ts'

/**
 * Difference-in-differences for pilot areas against matched controls. Each pilot is matched to its k nearest
 * untreated units of the same group (province) on the pre-period rate and log population (each scaled by its
 * standard deviation over all units), with replacement. The estimate is the mean over pilots of
 * (post − pre of the pilot) − (mean post − pre of its controls); its standard error is the spread of those
 * differences over √n, and the interval uses Student's t with n − 1 degrees of freedom.
 */
export interface DidInput {
  pre: ArrayLike<number>
  post: ArrayLike<number>
  population: ArrayLike<number>
  group: ArrayLike<number>
  treated: ArrayLike<number | boolean>
  k?: number
  level?: number
}
export interface DidResult {
  did: number
  se: number
  ci_low: number
  ci_high: number
  level: number
  df: number
  t: number
  p: number
  n_pilots: number
  n_controls: number
  unmatched: number[]
  pairs: { pilot: number; controls: number[]; diff: number }[]
  balance: {
    pilot_pre: number
    control_pre: number
    std_diff_pre: number
    pilot_log_pop: number
    control_log_pop: number
    std_diff_log_pop: number
  }
  pilot_pre: number
  pilot_post: number
  control_pre: number
  control_post: number
}

const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length
const variance = (a: number[]) => {
  const m = mean(a)
  return a.length > 1 ? a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1) : 0
}

export function differenceInDifferences(x: DidInput): DidResult {
  const n = x.pre.length
  const k = x.k ?? 3,
    level = x.level ?? 0.95
  const ok = (i: number) => x.population[i] > 0 && Number.isFinite(x.pre[i]) && Number.isFinite(x.post[i])
  const usable = Array.from({ length: n }, (_, i) => i).filter(ok)
  const lp = (i: number) => Math.log(x.population[i])
  const sdPre = Math.sqrt(variance(usable.map((i) => x.pre[i]))) || 1
  const sdPop = Math.sqrt(variance(usable.map(lp))) || 1
  const byGroup = new Map<number, number[]>()
  for (const i of usable)
    if (!x.treated[i]) {
      const g = byGroup.get(x.group[i])
      if (g) g.push(i)
      else byGroup.set(x.group[i], [i])
    }
  const pairs: DidResult['pairs'] = []
  const unmatched: number[] = []
  for (const i of usable) {
    if (!x.treated[i]) continue
    const cands = byGroup.get(x.group[i]) ?? []
    if (!cands.length) {
      unmatched.push(i)
      continue
    }
    const dist = (j: number) => ((x.pre[i] - x.pre[j]) / sdPre) ** 2 + ((lp(i) - lp(j)) / sdPop) ** 2
    const controls = [...cands].sort((a, b) => dist(a) - dist(b) || a - b).slice(0, k)
    const dc = mean(controls.map((j) => x.post[j] - x.pre[j]))
    pairs.push({ pilot: i, controls, diff: x.post[i] - x.pre[i] - dc })
  }
  for (let i = 0; i < n; i++) if (x.treated[i] && !ok(i)) unmatched.push(i)
  const m = pairs.length
  const diffs = pairs.map((p) => p.diff)
  const did = m ? mean(diffs) : NaN
  const se = m > 1 ? Math.sqrt(variance(diffs) / m) : NaN
  const df = Math.max(1, m - 1)
  const q = m > 1 ? tQuantile(1 - (1 - level) / 2, df) : NaN
  const t = se > 0 ? did / se : NaN
  const ctrlFlat = pairs.flatMap((p) => p.controls.map((j) => ({ j, w: 1 / p.controls.length })))
  const wmean = (f: (j: number) => number) => ctrlFlat.reduce((s, c) => s + c.w * f(c.j), 0) / (m || 1)
  const pilotsPre = pairs.map((p) => x.pre[p.pilot])
  const ctrlPre = pairs.map((p) => mean(p.controls.map((j) => x.pre[j])))
  const pilotsLp = pairs.map((p) => lp(p.pilot))
  const ctrlLp = pairs.map((p) => mean(p.controls.map(lp)))
  const sdiff = (a: number[], b: number[]) => {
    const s = Math.sqrt((variance(a) + variance(b)) / 2)
    return s > 0 ? (mean(a) - mean(b)) / s : 0
  }
  return {
    did,
    se,
    ci_low: did - q * se,
    ci_high: did + q * se,
    level,
    df,
    t,
    p: Number.isFinite(t) ? 2 * (1 - tCdf(Math.abs(t), df)) : NaN,
    n_pilots: m,
    n_controls: new Set(ctrlFlat.map((c) => c.j)).size,
    unmatched,
    pairs,
    balance: m
      ? {
          pilot_pre: mean(pilotsPre),
          control_pre: mean(ctrlPre),
          std_diff_pre: sdiff(pilotsPre, ctrlPre),
          pilot_log_pop: mean(pilotsLp),
          control_log_pop: mean(ctrlLp),
          std_diff_log_pop: sdiff(pilotsLp, ctrlLp),
        }
      : { pilot_pre: NaN, control_pre: NaN, std_diff_pre: NaN, pilot_log_pop: NaN, control_log_pop: NaN, std_diff_log_pop: NaN },
    pilot_pre: m ? mean(pilotsPre) : NaN,
    pilot_post: m ? mean(pairs.map((p) => x.post[p.pilot])) : NaN,
    control_pre: m ? wmean((j) => x.pre[j]) : NaN,
    control_post: m ? wmean((j) => x.post[j]) : NaN,
  }
}

import Papa from 'papaparse'
import { coverSets } from '../analysis/location/coverage.ts'
import { mclpGreedy } from '../analysis/location/greedy.ts'
import { solveCoverMilp } from '../analysis/location/milp.ts'
import { InputError } from './input.ts'

export interface Points {
  ids: string[]
  x: Float64Array
  y: Float64Array
  w?: Float64Array
}

/** CSV id,x,y (metres, EPSG:32648), plus weight for demand. */
export function readPointsCsv(text: string, name: string, withWeight: boolean): Points {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  })
  const need = ['id', 'x', 'y', ...(withWeight ? ['weight'] : [])]
  const missing = need.filter((c) => !(parsed.meta.fields ?? []).includes(c))
  if (missing.length)
    throw new InputError(`${name}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${need.join(',')})`)
  const n = parsed.data.length
  if (!n) throw new InputError(`${name}: no rows`)
  const ids: string[] = [],
    x = new Float64Array(n),
    y = new Float64Array(n),
    w = withWeight ? new Float64Array(n) : undefined
  parsed.data.forEach((r, i) => {
    const line = i + 2
    ids.push((r.id ?? '').trim())
    if (!ids[i]) throw new InputError(`${name} line ${line}: id is empty`)
    for (const [col, arr] of [['x', x], ['y', y], ...(w ? [['weight', w]] : [])] as [string, Float64Array][]) {
      const s = (r[col] ?? '').trim(),
        v = Number(s)
      if (!s || !Number.isFinite(v)) throw new InputError(`${name} line ${line}: ${col} '${r[col] ?? ''}' is not a number`)
      if (col === 'weight' && v < 0) throw new InputError(`${name} line ${line}: weight must not be negative`)
      arr[i] = v
    }
  })
  return { ids, x, y, w }
}

/** MCLP from the command line: greedy (with interchange), or HiGHS with --exact; the chosen candidate ids. */
export async function runMclp(demand: Points, candidates: Points, o: { radius: number; k: number; exact: boolean; timeLimitS?: number }) {
  const p = { cover: coverSets(demand.x, demand.y, candidates.x, candidates.y, o.radius), w: demand.w! }
  if (o.k > candidates.ids.length) throw new InputError(`--k ${o.k} is more than the ${candidates.ids.length} candidates`)
  if (!o.exact) {
    const g = mclpGreedy(p, o.k)
    return {
      chosen: g.chosen.map((j) => candidates.ids[j]),
      summary: { covered: g.covered, total: g.total, objective: g.covered, gap: null, solver: 'greedy+interchange', ms: Math.round(g.ms) },
    }
  }
  const e = await solveCoverMilp(p, { problem: 'mclp', k: o.k }, { timeLimitS: o.timeLimitS })
  return {
    chosen: e.chosen.map((j) => candidates.ids[j]),
    summary: {
      covered: e.objective,
      total: p.w.reduce((a, b) => a + b, 0),
      objective: e.objective,
      gap: e.gap,
      solver: `highs (${e.status})`,
      bound: e.bound,
      ms: Math.round(e.ms),
    },
  }
}

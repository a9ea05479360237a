import type { Queryable } from '../types.ts'
import { aggregateMask, incidentWhere, KEY_SUM, type IncidentFilters } from './filters.ts'

/**
 * Where the incidents a grid count takes sit, in UTM 48N metres (the stored x_utm / y_utm, migration 006), as
 * placed for the actor: an incident of a criterion the actor sees exactly, one entry at its own point; the others
 * (aggregateMask: an analyst's criterion 3, all of a viewer's) grouped by village and commune, one entry per group
 * at the village's point, else the commune's label point, with the group's count and key sum. Packed in arrays
 * (one row, one trip), so the cells are found by arithmetic on the app's side (analysis/grid-cells.ts).
 */
export interface GridPoints {
  x: Float64Array
  y: Float64Array
  /** Incidents at each entry. */
  n: Float64Array
  /** Key sum of each entry (disclosure control); 0 where the reader gets raw counts. */
  ks: Float64Array
  /** The time step of each entry ('YYYY-MM'), when asked for. */
  s: (string | null)[] | null
}

type Arr<T> = T[] | null

/** The grid points of the incidents the filters select (they take no bbox: a grid count is never cut by one). */
export async function gridPoints(q: Queryable, f: IncidentFilters, step?: string): Promise<GridPoints> {
  if (f.bbox) throw new RangeError('grid counts take no bbox')
  const params: unknown[] = []
  const where = incidentWhere(f, params)
  const mask = aggregateMask(f.access)
  const all = (f.criteria ?? [1, 2, 3, 4, 5]).every((c) => mask.includes(c))
  const masked = mask.length ? `i.criterion = ANY('{${mask.map((c) => Math.trunc(Number(c))).join(',')}}'::smallint[])` : 'false'
  const s = step ?? 'NULL::text'
  const keys = f.access.k > 0
  const place = (c: 'x' | 'y') => `coalesce(mv.${c}_utm, mc.c${c}_utm, mcc.c${c}_utm)`
  const [r] = await q.query<{
    x: Arr<number>
    y: Arr<number>
    k: Arr<number>
    s: Arr<string | null>
    mx: Arr<number>
    my: Arr<number>
    mn: Arr<number>
    mk: Arr<number>
    ms: Arr<string | null>
  }>(
    `SELECT u.x, u.y, u.k, u.s, m.x AS mx, m.y AS my, m.n AS mn, m.k AS mk, m.s AS ms FROM
      (SELECT array_agg(i.x_utm) AS x, array_agg(i.y_utm) AS y, ${keys ? 'array_agg(i.rkey)' : 'NULL::int[]'} AS k,
         ${step ? `array_agg(${s})` : 'NULL::text[]'} AS s
       FROM incidents i WHERE ${all ? 'false' : `${where} AND NOT ${masked}`}) u,
      (SELECT array_agg(${place('x')}) AS x, array_agg(${place('y')}) AS y, array_agg(g.n) AS n, array_agg(g.ks) AS k,
         ${step ? 'array_agg(g.s)' : 'NULL::text[]'} AS s
       FROM (SELECT i.village_code, i.commune_code, ${s} AS s, count(*)::int AS n, ${KEY_SUM} AS ks
             FROM incidents i WHERE ${where} AND ${masked} GROUP BY 1, 2, 3) g
       LEFT JOIN villages mv ON mv.code = g.village_code LEFT JOIN areas mc ON mc.code = g.commune_code
       LEFT JOIN areas mcc ON mcc.code = mc.covered_by WHERE ${place('x')} IS NOT NULL) m`,
    params,
  )
  const ux = r.x ?? [],
    mx = r.mx ?? []
  const nu = ux.length,
    total = nu + mx.length
  const out: GridPoints = {
    x: new Float64Array(total),
    y: new Float64Array(total),
    n: new Float64Array(total),
    ks: new Float64Array(total),
    s: step ? [...(r.s ?? []), ...(r.ms ?? [])] : null,
  }
  out.x.set(ux)
  out.y.set(r.y ?? [])
  out.n.fill(1, 0, nu)
  if (r.k) out.ks.set(r.k.map(Number))
  out.x.set(mx, nu)
  out.y.set(r.my ?? [], nu)
  out.n.set((r.mn ?? []).map(Number), nu)
  out.ks.set((r.mk ?? []).map(Number), nu)
  return out
}

import { describe, expect, it } from 'vitest'
import { cellKey, cellKeys, distinctLocations } from '../../server/analysis/grid-cells.ts'
import { meanKthNeighborDistance } from '../../server/analysis/weights.ts'
import { accessFor, type Role } from '../../server/auth/roles.ts'
import { DEFAULT_PRIVACY } from '../../server/config.ts'
import { incidentPoint, incidentWhere, TZ, type IncidentFilters } from '../../server/db/queries/filters.ts'
import { loadUnits, gridPointsFor, type TimeStep } from '../../server/db/queries/hotspot-units.ts'
import { CellSums } from '../../server/domain/disclosure.ts'
import { useTestApp } from '../helpers/app.ts'

// The fast grid count (stored UTM positions, cells by arithmetic) against the reference it replaced: every incident's
// shown point transformed by PostGIS and matched to PostGIS's own grid cells with ST_Intersects.
const t = useTestApp()
const access = (role: Role, scope: string | null = null) =>
  accessFor({ id: 0, username: role, role, scope: role === 'officer' ? scope : null }, DEFAULT_PRIVACY)

/** Incidents (and key sums) per grid cell, and per cell and step, by the spatial join. */
async function reference(kind: 'hex' | 'square', size: number, f: IncidentFilters, step?: TimeStep) {
  const params: unknown[] = []
  const pt = incidentPoint(f.access, 'aggregate')
  const s = step ? `to_char(date_trunc('${step}', i.occurred_at AT TIME ZONE '${TZ}'), 'YYYY-MM')` : 'NULL'
  const rows = await t.db.query<{ i: number; j: number; s: string | null; n: number; ks: number }>(
    `WITH pts AS MATERIALIZED (SELECT ST_Transform(${pt.geom}, 32648) AS g, ${s} AS s, i.rkey FROM incidents i ${pt.join}
       WHERE ${incidentWhere(f, params, 'i', { geom: pt.geom })} AND ${pt.keep})
     SELECT c.i::int AS i, c.j::int AS j, p.s, count(*)::int AS n, (sum(p.rkey::bigint) % 2147483648)::float8 AS ks
     FROM pts p, LATERAL ${kind === 'hex' ? 'ST_HexagonGrid' : 'ST_SquareGrid'}(${size}, ST_Expand(p.g, 1)) c
     WHERE ST_Intersects(c.geom, p.g) GROUP BY 1, 2, 3`,
    params,
  )
  return rows.map((r) => ({ key: cellKey(Number(r.i), Number(r.j)), s: r.s, n: Number(r.n), ks: Number(r.ks) }))
}

/** The reference's published counts (and series) on the units of `table`, found by their centres' cells. */
function expected(
  kind: 'hex' | 'square',
  size: number,
  table: { x: Float64Array; y: Float64Array },
  ref: Awaited<ReturnType<typeof reference>>,
  k: number,
  steps?: string[],
) {
  const unit = new Map([...cellKeys(kind, size, table.x, table.y)].map((key, u) => [key, u]))
  const n = table.x.length,
    T = steps?.length ?? 0
  const count = new CellSums(n),
    series = new CellSums(n * T)
  for (const r of ref) {
    const u = unit.get(r.key)
    if (u == null) continue
    count.add(u, r.n, r.ks)
    const st = steps?.indexOf(r.s ?? '') ?? -1
    if (st >= 0) series.add(u * T + st, r.n, r.ks)
  }
  return { count: count.values(k), series: series.values(k) }
}

describe('grid counts from stored UTM positions', () => {
  it.each([
    ['analyst (criterion 3 at its village point)', 'analyst', 'hex', 5000, {}],
    ['viewer (published cells)', 'viewer', 'hex', 10_000, { criteria: [1, 2], from: '2024-01-01', to: '2024-12-31' }],
    ['analyst, criterion 3 only (all at village points)', 'analyst', 'square', 4000, { criteria: [3], from: '2024-01-01' }],
    ['officer of Phnom Penh', 'officer', 'hex', 1000, { from: '2025-01-01' }],
    ['admin', 'admin', 'square', 20_000, { to: '2024-06-30' }],
  ] as const)('%s: the same cells and counts as the spatial join', async (_name, role, kind, size, filters) => {
    const f: IncidentFilters = {
      ...filters,
      criteria: 'criteria' in filters ? [...filters.criteria] : undefined,
      access: access(role, '12'),
    }
    const table = await loadUnits(t.db, kind, size, f)
    const want = expected(kind, size, table, await reference(kind, size, f), f.access.k)
    expect(table.count).toEqual(want.count)
    expect(table.count.some((c) => c > 0)).toBe(true)
    if (f.access.k > 0) expect(table.count.some((c) => Number.isNaN(c))).toBe(true) // some withheld
    // Points loaded once (optimized hot spots load them for the automatic size) count the same.
    expect((await loadUnits(t.db, kind, size, f, undefined, await gridPointsFor(t.db, f))).count).toEqual(table.count)
  })

  it.each(['analyst', 'viewer'] as const)('%s: quarterly series per cell (emerging hot spots) equal the spatial join', async (role) => {
    const f: IncidentFilters = { from: '2023-07-01', to: '2025-06-30', access: access(role) }
    const table = await loadUnits(t.db, 'hex', 20_000, f, 'quarter')
    const want = expected('hex', 20_000, table, await reference('hex', 20_000, f, 'quarter'), f.access.k, table.series!.steps)
    expect(table.series!.steps).toHaveLength(8)
    expect(table.series!.values).toEqual(want.series)
    expect(table.count).toEqual(want.count)
  })

  it('the automatic cell size of optimized hot spots is the one distinct snapped 4326 locations gave', async () => {
    const f: IncidentFilters = { access: access('analyst') }
    const pt = incidentPoint(f.access, 'aggregate')
    const params: unknown[] = []
    const old = await t.db.query<{ x: number; y: number }>(
      `SELECT ST_X(t) AS x, ST_Y(t) AS y FROM (SELECT ST_Transform(g, 32648) AS t
       FROM (SELECT DISTINCT ST_SnapToGrid(${pt.geom}, 1e-5) AS g FROM incidents i ${pt.join}
             WHERE ${incidentWhere(f, params, 'i', { geom: pt.geom })} AND ${pt.keep}) s) u`,
      params,
    )
    const raw =
      2 *
      meanKthNeighborDistance(
        Float64Array.from(old, (r) => r.x),
        Float64Array.from(old, (r) => r.y),
        1,
      )
    // The locations now: the stored UTM positions snapped to 1 m. Nearly the same set, nearly the same spacing.
    const p = await gridPointsFor(t.db, f)
    const now = distinctLocations(p.x, p.y)
    expect(Math.abs(now.x.length - old.length)).toBeLessThan(old.length * 0.001)
    expect(2 * meanKthNeighborDistance(now.x, now.y, 1)).toBeCloseTo(raw, -1) // within 5 m
    let size = Math.min(20_000, Math.max(1000, Math.ceil(raw / 500) * 500))
    while (181_035e6 / (2.598 * size * size) > 8_000) size += 500
    const res = await t.get('/api/hotspots?method=optimized&unit=hex', 'analyst')
    const body = await res.json()
    expect(res.status).toBe(200)
    expect(body.meta.size_rule).toBe('auto')
    expect(body.meta.size).toBe(size)
  })
})

import { describe, expect, it, vi } from 'vitest'
import { cellKeys } from '../../server/analysis/grid-cells.ts'
import { accessFor } from '../../server/auth/roles.ts'
import { DEFAULT_PRIVACY } from '../../server/config.ts'
import { saveGeographyMeta } from '../../server/db/queries/geography.ts'
import { loadUnits, unitsFor } from '../../server/db/queries/hotspot-units.ts'
import { WARM_GRID_SIZES, warmHotspotGrids } from '../../server/services/hotspots.ts'
import { useTestApp } from '../helpers/app.ts'

// Grids and commune polygons are cached per geography version (the dataset_meta record every geography load
// rewrites): reused while it stands, built again once it changes.
const t = useTestApp()
const f = { access: accessFor({ id: 0, username: 'a', role: 'analyst', scope: null }, DEFAULT_PRIVACY) }
const reload = () => saveGeographyMeta(t.db, { dir: 'test', attribution: null, loaded_at: new Date().toISOString() })

describe('hot-spot caches follow the geography', () => {
  it("a grid's village populations: cached until the geography changes, then built again", async () => {
    const [v] = await t.db.query<{ code: string; x: number; y: number; pop: number }>(
      `SELECT code, x_utm AS x, y_utm AS y, population_est AS pop FROM villages WHERE population_est > 0 AND x_utm IS NOT NULL ORDER BY code LIMIT 1`,
    )
    const cellOf = async () => {
      const table = await loadUnits(t.db, 'hex', 20_000, f)
      const key = cellKeys('hex', 20_000, Float64Array.of(v.x), Float64Array.of(v.y))[0]
      const u = [...cellKeys('hex', 20_000, table.x, table.y)].indexOf(key)
      expect(u).toBeGreaterThanOrEqual(0)
      return table.population[u]
    }
    const before = await cellOf()
    await t.db.query(`UPDATE villages SET population_est = population_est + 1000 WHERE code = $1`, [v.code])
    expect(await cellOf()).toBe(before) // the cached grid
    await reload()
    expect(await cellOf()).toBe(before + 1000)
  })

  it('commune polygons for queen contiguity: a commune moved away becomes an island once the geography changes', async () => {
    const [c] = await t.db.query<{ code: string }>(
      `SELECT code FROM areas WHERE level = 'commune' AND has_geometry AND code LIKE '12%' ORDER BY code LIMIT 1`,
    )
    const islands = async (seed: number) => {
      const res = await t.get(`/api/hotspots?method=localmoran&unit=commune&seed=${seed}`, 'analyst')
      expect(res.status).toBe(200)
      return (await res.json()).meta.islands as string[]
    }
    expect(await islands(1)).not.toContain(c.code)
    await t.db.query(`UPDATE areas SET geom_simple = ST_Translate(geom_simple, 3, 3) WHERE code = $1`, [c.code])
    expect(await islands(2)).not.toContain(c.code) // the cached polygons
    await reload()
    expect(await islands(3)).toContain(c.code)
  })

  it('the start-up warm-up leaves the national 5 km and 3 km grids built: a request then only reads the version', async () => {
    await reload() // a new geography version: nothing cached for it
    const spy = vi.spyOn(t.db, 'query')
    await unitsFor(t.db, 'hex', 4000, null) // not warmed: built here
    const cold = spy.mock.calls.length
    await warmHotspotGrids(t.db)
    spy.mockClear()
    for (const size of WARM_GRID_SIZES) await unitsFor(t.db, 'hex', size, null)
    expect(spy.mock.calls.map((c) => String(c[0]))).toEqual(WARM_GRID_SIZES.map(() => expect.stringContaining('dataset_meta')))
    expect(cold).toBeGreaterThan(1)
    spy.mockRestore()
  })
})

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../server/config.ts'
import { runAnalyze } from '../../server/cli/run.ts'

// The CLI is a contract checked from outside: its files, stdout, stderr and exit code. runAnalyze is the whole CLI
// but for the process; one test at the end runs the real process the way `npm run analyze` does.
const FIX = path.join(ROOT, 'tests/fixtures/spdep')
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sv-analyze-'))
const ref: Record<string, number[]> = JSON.parse(readFileSync(path.join(FIX, 'spdep-results.json'), 'utf8'))

async function run(...args: string[]) {
  let stdout = '',
    stderr = ''
  const here = (f: string) => path.resolve(tmp, f)
  const code = await runAnalyze(args, {
    stdout: (s) => {
      stdout += s
    },
    stderr: (s) => {
      stderr += s
    },
    readFile: (f) => readFileSync(here(f), 'utf8'),
    writeFile: (f, data) => writeFileSync(here(f), data),
  })
  return { code, stdout, stderr }
}
const csv = (file: string) => {
  const [head, ...lines] = readFileSync(path.join(tmp, file), 'utf8').trim().split('\n')
  const cols = head.split(',')
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])))
}
const worst = (got: number[], want: number[]) => Math.max(...got.map((g, i) => Math.abs(g - want[i])))

describe('npm run analyze', () => {
  it('gistar writes id,value,z,p,bin equal to spdep localG', async () => {
    const r = await run('gistar', '--in', path.join(FIX, 'points.csv'), '--out', 'g.csv', '--band', '1500')
    expect(r.code, r.stderr).toBe(0)
    const rows = csv('g.csv')
    expect(Object.keys(rows[0])).toEqual(['id', 'value', 'z', 'p', 'bin'])
    expect(
      worst(
        rows.map((x) => Number(x.z)),
        ref.gistar_band1500,
      ),
    ).toBeLessThan(1e-9)
    for (const x of rows) expect([-3, -2, -1, 0, 1, 2, 3]).toContain(Number(x.bin))
    // With FDR, bins only move towards 0.
    const f = await run('gistar', '--in', path.join(FIX, 'points.csv'), '--out', 'gf.csv', '--band', '1500', '--fdr')
    expect(f.code).toBe(0)
    csv('gf.csv').forEach((x, i) => {
      expect(Math.abs(Number(x.bin))).toBeLessThanOrEqual(Math.abs(Number(rows[i].bin)))
    })
  })

  it('moran prints { I, expected, variance, z, p } on stdout, equal to moran.test with row weights', async () => {
    const r = await run('moran', '--in', path.join(FIX, 'points.csv'), '--band', '2500')
    expect(r.code, r.stderr).toBe(0)
    const m = JSON.parse(r.stdout)
    const [I, E, V, z] = ref.moran_band2500_W
    expect(Math.abs(m.I - I)).toBeLessThan(1e-9)
    expect(Math.abs(m.expected - E)).toBeLessThan(1e-12)
    expect(Math.abs(m.variance - V)).toBeLessThan(1e-12)
    expect(Math.abs(m.z - z)).toBeLessThan(1e-9)
    expect(m.p).toBeGreaterThanOrEqual(0)
  })

  it('localmoran writes id,value,I,z,p_sim,quadrant, reproducible with a seed', async () => {
    const args = ['localmoran', '--in', path.join(FIX, 'points.csv'), '--band', '2500', '--permutations', '199', '--seed', '9']
    expect((await run(...args, '--out', 'a.csv')).code).toBe(0)
    expect((await run(...args, '--out', 'b.csv')).code).toBe(0)
    const a = csv('a.csv')
    expect(Object.keys(a[0])).toEqual(['id', 'value', 'I', 'z', 'p_sim', 'quadrant'])
    expect(readFileSync(path.join(tmp, 'a.csv'), 'utf8')).toBe(readFileSync(path.join(tmp, 'b.csv'), 'utf8'))
    expect(
      worst(
        a.map((x) => Number(x.I)),
        ref.localmoran_band2500_I,
      ),
    ).toBeLessThan(1e-9)
    for (const x of a) {
      expect(Number(x.p_sim)).toBeGreaterThanOrEqual(1 / 200)
      expect(['', 'HH', 'LL', 'HL', 'LH']).toContain(x.quadrant)
      if (x.quadrant) expect(Number(x.p_sim)).toBeLessThanOrEqual(0.05)
    }
  })

  it('kde writes a CSV grid or a GeoTIFF in EPSG:32648', async () => {
    const r = await run('kde', '--in', path.join(FIX, 'points.csv'), '--out', 'k.csv', '--cell', '500', '--bandwidth', '2000')
    expect(r.code, r.stderr).toBe(0)
    const rows = csv('k.csv')
    expect(Object.keys(rows[0])).toEqual(['x', 'y', 'density'])
    const total = rows.reduce((s, x) => s + Number(x.density), 0) * 0.25 // cells of 0.25 km²
    const weight = readFileSync(path.join(FIX, 'points.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .reduce((s, l) => s + Number(l.split(',')[3]), 0)
    expect(total / weight).toBeGreaterThan(0.98) // the kernels integrate to the summed values
    const t = await run(
      'kde',
      '--in',
      path.join(FIX, 'points.csv'),
      '--out',
      'k.tif',
      '--cell',
      '500',
      '--bandwidth',
      '2000',
      '--kernel',
      'gaussian',
    )
    expect(t.code, t.stderr).toBe(0)
    const b = readFileSync(path.join(tmp, 'k.tif'))
    expect(b.subarray(0, 4)).toEqual(Buffer.from([0x49, 0x49, 42, 0]))
    const ifd = b.readUInt32LE(4),
      count = b.readUInt16LE(ifd)
    const tags = new Map<number, number>()
    for (let k = 0; k < count; k++) tags.set(b.readUInt16LE(ifd + 2 + 12 * k), b.readUInt32LE(ifd + 2 + 12 * k + 8))
    expect(tags.get(339)).toBe(3) // float samples
    const geoKeys = tags.get(34735)!
    const keys = Array.from({ length: 20 }, (_, k) => b.readUInt16LE(geoKeys + 2 * k))
    expect(keys.slice(12, 16)).toEqual([3072, 0, 1, 32648])
    expect(b.length).toBe(tags.get(273)! + tags.get(256)! * tags.get(257)! * 4)
  })

  it('ehsa writes id,category,trend_z,trend_p from id,x,y,value,t', async () => {
    const lines = ['id,x,y,value,t']
    for (let i = 0; i < 36; i++)
      for (let t = 0; t < 12; t++) {
        const hot = [14, 13, 15, 8, 20].includes(i) && t >= 9
        lines.push(`c${i},${(i % 6) * 1000},${Math.floor(i / 6) * 1000},${3 + ((i * 7 + t * 3) % 5) + (hot ? 25 : 0)},${t}`)
      }
    writeFileSync(path.join(tmp, 'cube.csv'), lines.join('\n'))
    const r = await run('ehsa', '--in', 'cube.csv', '--out', 'e.csv', '--band', '1500')
    expect(r.code, r.stderr).toBe(0)
    const rows = csv('e.csv')
    expect(rows).toHaveLength(36)
    expect(Object.keys(rows[0])).toEqual(['id', 'category', 'trend_z', 'trend_p'])
    expect(rows.find((x) => x.id === 'c14')!.category).toBe('consecutive hot spot')
  })

  it('optimized prints the band it chose on stderr', async () => {
    const r = await run('optimized', '--in', path.join(FIX, 'points.csv'), '--out', 'o.csv')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/^band: \d+(\.\d)? m \(/m)
    expect(csv('o.csv')).toHaveLength(500)
  })

  it('reads GeoJSON points in WGS84 with --value and projects them', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: Array.from({ length: 40 }, (_, i) => ({
        type: 'Feature',
        id: `f${i}`,
        properties: { n: i % 7 === 0 ? 30 : 2 + (i % 3) },
        geometry: { type: 'Point', coordinates: [104.8 + (i % 8) * 0.01, 11.5 + Math.floor(i / 8) * 0.01] },
      })),
    }
    writeFileSync(path.join(tmp, 'pts.geojson'), JSON.stringify(fc))
    const r = await run('gistar', '--in', 'pts.geojson', '--value', 'n', '--out', 'gj.csv', '--knn', '4')
    expect(r.code, r.stderr).toBe(0)
    expect(csv('gj.csv').map((x) => x.id)).toEqual(fc.features.map((f) => f.id))
  })

  it('fails with one clear line and a non-zero code', async () => {
    writeFileSync(path.join(tmp, 'nocol.csv'), 'id,x,y\na,1,2\n')
    writeFileSync(path.join(tmp, 'nan.csv'), 'id,x,y,value\na,1,2,3\nb,4,5,abc\n')
    writeFileSync(path.join(tmp, 'few.csv'), 'id,x,y,value\na,1,2,3\nb,4,5,6\n')
    const cases: [string[], RegExp][] = [
      [['gistar', '--in', 'nocol.csv', '--out', 'x.csv'], /missing column value/],
      [['gistar', '--in', 'nan.csv', '--out', 'x.csv'], /line 3: value 'abc' is not a number/],
      [['moran', '--in', 'few.csv'], /too few features: 2/],
      [['hotness', '--in', 'few.csv'], /method must be one of/],
      [['gistar', '--in', 'missing.csv', '--out', 'x.csv'], /cannot read missing.csv/],
      [['gistar', '--in', path.join(FIX, 'points.csv'), '--out', 'x.csv', '--band=-5'], /--band must be a positive number/],
      [['gistar', '--in', path.join(FIX, 'points.csv'), '--out', 'x.csv', '--knn', '3', '--band', '100'], /not both/],
      [['ehsa', '--in', path.join(FIX, 'points.csv'), '--out', 'x.csv'], /missing column t/],
    ]
    for (const [args, msg] of cases) {
      const r = await run(...args)
      expect(r.code, args.join(' ')).not.toBe(0)
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(r.stderr, args.join(' ')).toMatch(msg)
    }
  })

  it('mclp writes the chosen candidate ids and prints { covered, total, objective, gap } on stderr, greedy or exact', async () => {
    const w = [5, 1, 1, 1, 10, 1, 1, 1, 1, 8]
    writeFileSync(path.join(tmp, 'd.csv'), `id,x,y,weight\n${w.map((v, i) => `v${i},${i * 1000},0,${v}`).join('\n')}\n`)
    writeFileSync(path.join(tmp, 'c.csv'), `id,x,y\n${w.map((_, i) => `s${i},${i * 1000},0`).join('\n')}\n`)
    for (const exact of [false, true]) {
      const r = await run(
        'mclp',
        '--demand',
        'd.csv',
        '--candidates',
        'c.csv',
        '--radius',
        '1000',
        '--k',
        '2',
        '--out',
        'o.csv',
        ...(exact ? ['--exact'] : []),
      )
      expect(r.code, r.stderr).toBe(0)
      const summary = JSON.parse(r.stderr.trim())
      expect(summary).toMatchObject({ covered: 22, total: 30, objective: 22 })
      expect(summary.gap).toBe(exact ? 0 : null)
      const ids = readFileSync(path.join(tmp, 'o.csv'), 'utf8').trim().split('\n')
      expect(ids[0]).toBe('id')
      expect(ids).toHaveLength(3)
      expect(ids).toContain('s8')
    }
    const bad = await run('mclp', '--demand', 'd.csv', '--candidates', 'c.csv', '--radius', '1000', '--k', '20', '--out', 'o.csv')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/more than the 10 candidates/)
  })

  // The process boundary, as `npm run analyze` runs it (scripts/analyze-entry.mjs: the bundle, built first if stale):
  // paths relative to INIT_CWD, exit code 2 with one stderr line on bad input, 0 and the file on a good run.
  it('runs as a process: exit 2 and one stderr line on bad input, 0 and the output file on a good run', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'scripts/analyze-entry.mjs'), ...args], {
        encoding: 'utf8',
        cwd: ROOT,
        env: { ...process.env, INIT_CWD: tmp },
      })
    writeFileSync(path.join(tmp, 'bad.csv'), 'id,x,y,value\na,1,2,3\nb,4,5,abc\n')
    const bad = cli('gistar', '--in', 'bad.csv', '--out', 'x.csv')
    expect(bad.status, bad.stderr).toBe(2)
    expect(bad.stderr.trim().split('\n')).toEqual(["analyze: line 3: value 'abc' is not a number"])
    const good = cli('gistar', '--in', path.join(FIX, 'points.csv'), '--out', 'proc.csv', '--band', '1500')
    expect(good.status, good.stderr).toBe(0)
    expect(good.stdout).toBe('')
    expect(
      worst(
        csv('proc.csv').map((x) => Number(x.z)),
        ref.gistar_band1500,
      ),
    ).toBeLessThan(1e-9)
  })
})

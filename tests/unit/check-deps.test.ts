import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { checkTree, looksLikeSql } from '../../scripts/check-deps.ts'

// Each test writes a small tree of files and runs the checker on it; every rule must catch its violation.
let root = ''
function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'check-deps-'))
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true })
    writeFileSync(join(root, f), text)
  }
  return root
}
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true })
  root = ''
})

const show = (r: string) => checkTree(r).map((v) => `${v.rule}: ${v.file} → ${v.target}`)

describe('check-deps rules', () => {
  it('reports an import cycle once, through static, re-export and dynamic imports', () => {
    const r = tree({
      'server/auth/middleware.ts': `import { refuser } from './audit.ts'\nexport const routeKey = () => null\n`,
      'server/auth/audit.ts': `export * from './more.ts'\nexport const refuser = () => null\n`,
      'server/auth/more.ts': `export const f = async () => (await import('./middleware.ts')).routeKey\n`,
      'server/auth/ok.ts': `import { refuser } from './audit.ts'\n`,
    })
    expect(show(r)).toEqual(['cycle: server/auth/audit.ts → server/auth/more.ts → server/auth/middleware.ts → server/auth/audit.ts'])
  })

  it('finds the cycle however the specifier is written (.ts, .js, no extension, index)', () => {
    const r = tree({
      'server/import/parse.ts': `import { CsvReader } from './csv-stream.js'\nexport class ImportFileError extends Error {}\n`,
      'server/import/csv-stream.ts': `import { ImportFileError } from './lib'\nexport class CsvReader {}\n`,
      'server/import/lib/index.ts': `export { ImportFileError } from '../parse'\n`,
    })
    expect(show(r)).toHaveLength(1)
    expect(show(r)[0]).toMatch(/^cycle: server\/import\/csv-stream\.ts → .*server\/import\/csv-stream\.ts$/)
  })

  it('catches a cycle through a type-only import too (erased when compiled, but the layers still leak)', () => {
    const r = tree({
      'server/compute/tasks.ts': `import type { BriefingData } from '../services/briefing.ts'\nexport const TASKS = {}\n`,
      'server/services/briefing.ts': `import { TASKS } from '../compute/tasks.ts'\nexport type BriefingData = typeof TASKS\n`,
    })
    expect(show(r)).toHaveLength(1)
    expect(show(r)[0]).toMatch(/^cycle: server\/(compute\/tasks|services\/briefing)\.ts → /)
  })

  it('keeps server/analysis to itself: an import of ../db is caught, built-ins and packages are not', () => {
    const r = tree({
      'server/analysis/moran.ts': `import os from 'node:os'\nimport KDBush from 'kdbush'\nimport { w } from './weights.ts'\nimport type { Db } from '../db/types.ts'\nimport { Rng } from '../seed/prng.ts'\n`,
      'server/analysis/weights.ts': `export const w = 1\n`,
      'server/db/types.ts': `export type Db = {}\n`,
      'server/seed/prng.ts': `export class Rng {}\n`,
    })
    expect(show(r)).toEqual(['analysis: server/analysis/moran.ts → ../db/types.ts', 'analysis: server/analysis/moran.ts → ../seed/prng.ts'])
  })

  it('lets server/analysis import common/ (pure vocabulary)', () => {
    const r = tree({
      'server/analysis/pilot-score.ts': `import { label } from '../../common/labels/index.ts'\n`,
      'common/labels/index.ts': `export const label = () => ''\n`,
    })
    expect(show(r)).toEqual([])
  })

  it('keeps common/ pure: no server/, web/ or node:* import, no document/window; zod and other common files are fine', () => {
    const r = tree({
      'common/periods.ts': `import { z } from 'zod'\nimport { CRITERIA } from './criteria.ts'\nimport { readFileSync } from 'node:fs'\nexport const d = () => document.title + window.location.href\n`,
      'common/criteria.ts': `import type { Db } from '../server/db/types.ts'\nimport { t } from '../web/i18n/index.ts'\nexport const CRITERIA = []\n`,
      'server/db/types.ts': `export type Db = {}\n`,
      'web/i18n/index.ts': `export const t = () => document.title\n`,
    })
    expect(show(r)).toEqual([
      'common: common/criteria.ts → ../server/db/types.ts',
      'common: common/criteria.ts → ../web/i18n/index.ts',
      'common: common/periods.ts → node:fs',
      'common: common/periods.ts → document.title',
      'common: common/periods.ts → window.location',
    ])
  })

  it('finds SQL outside server/db: a SELECT in a route, a template INSERT in a service', () => {
    const r = tree({
      'server/routes/hotspots.ts': `export const f = (db: any) => db.query('SELECT count(*)::int AS n FROM incidents')\n`,
      'server/services/report.ts': 'export const g = (db: any, w: string) => db.query(`INSERT INTO forums (a) SELECT ${w}`)\n',
      'server/routes/fine.ts': `export const msg = 'select a village from the list, or update the set'\n`,
      'server/db/queries/hotspots.ts': `export const sql = 'SELECT count(*)::int AS n FROM incidents'\n`,
      'scripts/bench-db.ts': `export const sql = 'DELETE FROM login_throttle'\n`,
      'scripts/seed.ts': `export const sql = 'DELETE FROM incidents WHERE synthetic'\n`,
    })
    expect(show(r)).toEqual([
      'sql: scripts/seed.ts → DELETE FROM incidents WHERE synthetic',
      'sql: server/routes/hotspots.ts → SELECT count(*)::int AS n FROM incidents',
      'sql: server/services/report.ts → INSERT INTO forums (a) SELECT  ${}',
    ])
  })

  it('knows the SQL shapes, case-sensitively and at word boundaries', () => {
    for (const s of [
      'SELECT a\nFROM b',
      'INSERT INTO t',
      'UPDATE t SET a = 1',
      'DELETE FROM t',
      'CREATE TABLE t',
      'CREATE INDEX i',
      'ALTER TABLE t',
      'DROP TABLE t',
      'WITH x AS (SELECT 1)',
    ]) {
      expect(looksLikeSql(s), s).toBe(true)
    }
    for (const s of ['select a from b', 'SELECTED FROM', 'PRE-UPDATE SETTINGS', 'WITH me', 'Insert into', 'RESELECT x FROMAGE']) {
      expect(looksLikeSql(s), s).toBe(false)
    }
  })

  it('keeps the engine inside server/db: `.engine` in a service and a driver import are caught', () => {
    const r = tree({
      'server/services/briefing.ts': `export const f = (db: { engine: string }) => db.engine === 'pglite'\n`,
      'server/routes/raw.ts': `import postgres from 'postgres'\nimport { PGlite } from '@electric-sql/pglite'\nimport { x } from '@electric-sql/pglite/vector'\n`,
      'server/db/engine.ts': `import postgres from 'postgres'\nexport const name = (db: { engine: string }) => db.engine\n`,
      'scripts/bench.ts': `export const f = (db: { engine: string }) => db.engine\n`,
    })
    expect(show(r)).toEqual([
      'engine: server/routes/raw.ts → postgres',
      'engine: server/routes/raw.ts → @electric-sql/pglite',
      'engine: server/routes/raw.ts → @electric-sql/pglite/vector',
      'engine: server/services/briefing.ts → .engine',
    ])
  })

  it('skips node_modules', () => {
    const r = tree({ 'web/node_modules/x/index.ts': `export const s = 'SELECT a FROM b'\n`, 'web/app.ts': `export {}\n` })
    expect(show(r)).toEqual([])
  })

  it('the command prints `rule: file → import` and exits 1 on a violation, 0 on a clean tree', async () => {
    const run = promisify(execFile)
    const r = tree({
      'server/analysis/kde.ts': `import { q } from '../db/queries/x.ts'\n`,
      'server/db/queries/x.ts': `export const q = 1\n`,
    })
    const err = await run('npx', ['tsx', 'scripts/check-deps.ts', r]).then(
      () => null,
      (e) => e,
    )
    expect(err?.code).toBe(1)
    expect(err?.stdout).toContain('analysis: server/analysis/kde.ts → ../db/queries/x.ts')
    rmSync(join(r, 'server/analysis/kde.ts'))
    const ok = await run('npx', ['tsx', 'scripts/check-deps.ts', r])
    expect(ok.stdout).toContain('check-deps: ok')
  })

  it('the repository itself passes', () => {
    expect(show(join(import.meta.dirname, '../..'))).toEqual([])
  })
})

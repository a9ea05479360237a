import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT, loadConfig } from '../../server/config.ts'

/** What the template database holds: the geography and a small deterministic demo seed. */
export const TEST_SEED = 7
export const TEST_INCIDENTS = 20_000
/** The demo users' password in test databases. */
export const TEST_PASSWORD = 'test-password-2010'
export const TEMPLATE_DIR = path.join(ROOT, '.test-data')
export const GEODATA_DIR = loadConfig().GEODATA_DIR

/** A key that changes whenever the schema, the loaders or the seed code change. */
export function templateKey(): string {
  const h = createHash('sha256')
  h.update(`${TEST_SEED}:${TEST_INCIDENTS}:${GEODATA_DIR}`)
  for (const dir of [
    'common',
    'common/labels',
    'server/db/migrations',
    'server/geo',
    'server/seed',
    'server/domain',
    'server/db/queries',
    'data',
  ]) {
    const abs = path.join(ROOT, dir)
    let files: string[] = []
    try {
      files = readdirSync(abs).sort()
    } catch {
      continue
    }
    for (const f of files) {
      const p = path.join(abs, f)
      if (statSync(p).isFile()) h.update(f).update(readFileSync(p))
    }
  }
  for (const f of ['villages.geojson', 'communes.geojson', 'gazetteer.csv']) {
    try {
      h.update(String(statSync(path.join(GEODATA_DIR, f)).size))
    } catch {
      /* reported by the loader */
    }
  }
  return h.digest('hex').slice(0, 16)
}

export const pgliteTemplatePath = (key: string) => path.join(TEMPLATE_DIR, `template-${key}.tar.gz`)
export const pgTemplateName = (key: string) => `sv_template_${key}`

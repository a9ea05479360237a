/**
 * The briefing PDF from the command line, with no browser and no server:
 *   npm run --silent briefing -- --area 02 --from 2026-01-01 --to 2026-03-31 [--criteria 1,2] --lang km --out briefing.pdf
 * Uses DATABASE_URL (PostgreSQL) or the embedded database in DATA_DIR, with everything visible (as an admin).
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { FULL_ACCESS } from '../server/auth/roles.ts'
import { loadConfig } from '../server/config.ts'
import { openDb } from '../server/db/index.ts'
import { parseThresholds } from '../server/domain/safety.ts'
import { buildBriefing, briefingQuery } from '../server/services/briefing.ts'

const fail = (msg: string): never => {
  process.stderr.write(`briefing: ${msg}\n`)
  process.exit(2)
}
const readArgs = () => {
  try {
    return parseArgs({
      options: {
        area: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        criteria: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        out: { type: 'string' },
      },
    }).values
  } catch (e) {
    return fail((e as Error).message)
  }
}
const args = readArgs()
const q = briefingQuery.safeParse({ area: args.area, from: args.from, to: args.to, criteria: args.criteria, lang: args.lang })
if (!q.success) fail(q.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('; '))
if (!args.out) fail('--out <file.pdf> is required')
const cfg = loadConfig()
const db = await openDb({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.DATA_DIR })
try {
  const t0 = Date.now()
  const pdf = await buildBriefing(db, {
    ...q.data!,
    access: FULL_ACCESS,
    thresholds: parseThresholds(cfg.SAFE_THRESHOLDS),
    user: process.env.USER ?? 'cli',
    version: JSON.parse((await import('node:fs')).readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
  })
  writeFileSync(args.out!, pdf)
  process.stderr.write(`briefing: ${args.out} (${pdf.length.toLocaleString('en-US')} bytes) in ${Date.now() - t0} ms\n`)
} catch (e) {
  fail((e as Error).message)
} finally {
  await db.close()
}
// Nothing left to wait for: a lingering connection or thread must not keep the command from ending.
process.exit(0)

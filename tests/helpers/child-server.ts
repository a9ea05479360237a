import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../../server/config.ts'
import { openPglite } from '../../server/db/pglite.ts'
import { openPostgres } from '../../server/db/postgres.ts'
import { TEST_ENGINE } from './db.ts'
import { withDatabase } from './pg-url.ts'
import { pgTemplateName, pgliteTemplatePath, templateKey } from './template.ts'

/** A database a child server process can open: a PGlite data dir, or a PostgreSQL database, copied from the template. */
export async function childDatabase(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const key = process.env.SV_TEMPLATE_KEY ?? templateKey()
  if (TEST_ENGINE === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sv-child-'))
    const db = await openPglite({ dataDir: dir, loadDataDir: new Blob([readFileSync(pgliteTemplatePath(key))]) })
    await db.close()
    return { env: { DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const url = process.env.TEST_DATABASE_URL!
  const name = `sv_c_${randomBytes(5).toString('hex')}`
  const admin = await openPostgres(url, { max: 1 })
  await admin.exec(`CREATE DATABASE "${name}" TEMPLATE "${pgTemplateName(key)}"`)
  return {
    env: { DATABASE_URL: withDatabase(url, name) },
    cleanup: async () => {
      await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await admin.close()
    },
  }
}

export interface Child {
  proc: ChildProcess
  base: string
  log: string[]
  exited: Promise<number | null>
}

/** Starts `server/main.ts` in its own process on a free port and waits until it serves. */
export async function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'never', DATABASE_URL: '', DATA_DIR: '', ...env },
  })
  const log: string[] = []
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child server did not start:\n${log.join('')}`)), 120_000)
    const onData = (b: Buffer) => {
      log.push(b.toString())
      const m = /running at (http:\/\/[\d.]+:\d+)\//.exec(log.join(''))
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    proc.stdout!.on('data', onData)
    proc.stderr!.on('data', (b: Buffer) => log.push(b.toString()))
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`child server exited ${code}:\n${log.join('')}`))
    })
  })
  return { proc, base, log, exited }
}

export async function kill(child: Child, signal: NodeJS.Signals): Promise<void> {
  child.proc.kill(signal)
  await child.exited
}

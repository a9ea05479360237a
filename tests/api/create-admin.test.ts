import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '../../server/auth/password.ts'
import { ROOT } from '../../server/config.ts'
import { openDb } from '../../server/db/index.ts'
import { childDatabase } from '../helpers/child-server.ts'

// `npm run create-admin` on a database of its own (a PGlite data dir, or a PostgreSQL copy of the template).
let dbx: Awaited<ReturnType<typeof childDatabase>>
beforeAll(async () => {
  dbx = await childDatabase()
})
afterAll(async () => {
  await dbx?.cleanup()
})

const cli = (args: string[], input?: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/create-admin.ts'), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', ...dbx.env, ...env },
    timeout: 120_000,
  })

describe('create-admin CLI', () => {
  it('creates an admin from a password on stdin, and an officer with a generated password printed once; refuses bad input', () => {
    const a = cli(['--username', 'root', '--password-stdin'], 'a-very-long-secret\n')
    expect(a.stderr + a.stdout).toContain('created admin root')
    expect(a.status).toBe(0)
    const o = cli(['--username', 'kh-officer', '--role', 'officer', '--scope', '1201'])
    expect(o.status).toBe(0)
    const pw = /password \(shown only now\): (\S+)/.exec(o.stdout)?.[1]
    expect(pw).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/)
    expect(cli(['--username', 'root'], undefined, { SV_NEW_PASSWORD: 'another-long-one' }).stderr).toContain('already exists')
    expect(cli(['--username', 'x1', '--role', 'officer']).status).toBe(2)
    expect(cli(['--username', 'x2', '--password-stdin'], 'short\n').stderr).toContain('at least 10')
    ;(globalThis as any).__pw = pw
  }, 300_000)

  it('stored scrypt hashes that verify, the right scope, and an audit entry', async () => {
    const db = await openDb({ databaseUrl: dbx.env.DATABASE_URL, dataDir: dbx.env.DATA_DIR })
    try {
      const users = await db.query<{ username: string; role: string; scope_code: string | null; password_hash: string }>(
        `SELECT username, role, scope_code, password_hash FROM users WHERE username IN ('root', 'kh-officer') ORDER BY username`,
      )
      expect(users.map((u) => [u.username, u.role, u.scope_code])).toEqual([
        ['kh-officer', 'officer', '1201'],
        ['root', 'admin', null],
      ])
      expect(await verifyPassword('a-very-long-secret', users[1].password_hash)).toBe(true)
      expect(await verifyPassword((globalThis as any).__pw, users[0].password_hash)).toBe(true)
      const [n] = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE route = 'npm run create-admin' AND action = 'create'`)
      expect(n.n).toBe(2)
    } finally {
      await db.close()
    }
  })
})

import { afterAll, beforeAll } from 'vitest'
import { createApp, type AppOptions } from '../../server/app.ts'
import type { Role } from '../../server/auth/roles.ts'
import type { Db } from '../../server/db/types.ts'
import { openTestDb } from './db.ts'
import { TEST_PASSWORD } from './template.ts'

export type Who = Role | 'anonymous'

export interface TestApp {
  db: Db
  app: ReturnType<typeof createApp>
  /** GET as a role (admin unless told). */
  get: (url: string, who?: Who) => Promise<Response>
  /** Any request as a role (admin unless told). */
  request: (url: string, init?: RequestInit, who?: Who) => Promise<Response>
  /** The session cookie of a demo user, logged in once per file. */
  cookie: (who: Role) => Promise<string>
}

/** Logs in through the API and returns the cookie header value. */
export async function login(app: ReturnType<typeof createApp>, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
  const set = res.headers.get('set-cookie') ?? ''
  return set.split(';')[0]
}

/** Opens a private test database and an app on it for the current test file; requests go as the demo users. */
export function useTestApp(opts: AppOptions = {}) {
  const ctx = {} as TestApp
  const cookies = new Map<Role, Promise<string>>()
  beforeAll(async () => {
    ctx.db = await openTestDb()
    ctx.app = createApp(ctx.db, { staticDir: '/nonexistent', ...opts })
    ctx.cookie = (who) => {
      let c = cookies.get(who)
      if (!c) {
        c = login(ctx.app, who)
        cookies.set(who, c)
      }
      return c
    }
    ctx.request = async (url, init = {}, who = 'admin') => {
      const headers = new Headers(init.headers)
      if (who !== 'anonymous') headers.set('cookie', await ctx.cookie(who))
      return ctx.app.request(url, { ...init, headers })
    }
    ctx.get = (url, who = 'admin') => ctx.request(url, {}, who)
  })
  afterAll(async () => {
    await ctx.db?.close()
  })
  return ctx
}

/** How many incidents the demo seed stored (the generated count less those the planted pilot effect removed). */
export async function seededIncidents(db: Db): Promise<number> {
  const [r] = await db.query<{ n: number }>(`SELECT (value->>'incidents')::int AS n FROM dataset_meta WHERE key = 'demo'`)
  return Number(r.n)
}

import { afterAll, beforeAll } from 'vitest'
import { createApp } from '../../server/app.ts'
import type { Db } from '../../server/db/types.ts'
import { openTestDb } from './db.ts'

/** Opens a private test database and an app on it for the current test file. */
export function useTestApp() {
  const ctx = {} as { db: Db; app: ReturnType<typeof createApp>; get: (url: string) => Promise<Response> }
  beforeAll(async () => {
    ctx.db = await openTestDb()
    ctx.app = createApp(ctx.db, { staticDir: '/nonexistent' })
    ctx.get = async (url: string) => ctx.app.request(url)
  })
  afterAll(async () => { await ctx.db?.close() })
  return ctx
}

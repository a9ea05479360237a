import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { childDatabase, kill, startChild, type Child } from '../helpers/child-server.ts'
import { TEST_ENGINE } from '../helpers/db.ts'
import { TEST_PASSWORD } from '../helpers/template.ts'

// A real server process on a copy of the test database: killed with SIGKILL in the middle of an import, and
// restarted, on the engine of this project (PGlite, or PostgreSQL with TEST_DATABASE_URL).
let dbx: Awaited<ReturnType<typeof childDatabase>>
let child: Child | null = null
beforeAll(async () => {
  dbx = await childDatabase()
})
afterAll(async () => {
  if (child) await kill(child, 'SIGKILL')
  await dbx?.cleanup()
})

async function session(base: string, username = 'admin', password = TEST_PASSWORD): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  expect(r.status).toBe(200)
  return r.headers.get('set-cookie')!.split(';')[0]
}
const getJson = async (base: string, url: string, cookie: string) => (await fetch(`${base}${url}`, { headers: { cookie } })).json()
const total = async (base: string, cookie: string) => (await getJson(base, '/api/meta', cookie)).incidents as number

const SUBTYPE = ['theft', 'use', 'domestic_violence', 'gang_fight', 'gambling']

/** A valid CSV of n incidents at villages of Phnom Penh. */
function bigCsv(villages: string[], n: number, tag: string): string {
  const lines = ['external_id,occurred_at,criterion,subtype,village_code,description']
  for (let i = 0; i < n; i++)
    lines.push(
      `${tag}-${i},2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}T10:00,${1 + (i % 5)},${SUBTYPE[i % 5]},${villages[i % villages.length]},row ${i}`,
    )
  return `${lines.join('\n')}\n`
}

describe(`faults (${TEST_ENGINE})`, () => {
  it('a server killed with SIGKILL mid-import keeps no partial rows; the rerun completes without duplicates; restarts lose nothing', async () => {
    child = await startChild(dbx.env)
    let cookie = await session(child.base)
    const before = await total(child.base, cookie)
    const villages = (await getJson(child.base, '/api/villages?bbox=104.75,11.45,105.05,11.7', cookie)).features.map(
      (f: any) => f.properties.code,
    )
    expect(villages.length).toBeGreaterThan(50)
    const N = 60_000
    const csv = bigCsv(villages, N, `fault-${Date.now()}`)

    // Start the import and kill the process once some batches are staged (checkpointed) but before it finishes.
    const upload = fetch(`${child.base}/api/incidents/import?source=fault-test`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie },
      body: csv,
    }).then(
      (r) => r.status,
      () => 'connection lost',
    )
    let staged = 0
    for (let i = 0; i < 3000 && staged === 0; i++) {
      await new Promise((r) => setTimeout(r, 10))
      const list = await getJson(child.base, '/api/imports?limit=1', cookie).catch(() => [])
      if (list[0]?.status === 'staging') staged = list[0].rows_staged
      if (list[0]?.status === 'done') throw new Error('the import finished before it could be killed: make the file bigger')
    }
    expect(staged).toBeGreaterThan(0)
    await kill(child, 'SIGKILL')
    expect(await upload).toBe('connection lost')

    child = await startChild(dbx.env)
    expect(child.log.join('')).toMatch(/unfinished import\(s\) from an earlier run aborted|^/)
    // Sessions live in the database: the cookie from before the kill still works.
    expect((await fetch(`${child.base}/api/auth/me`, { headers: { cookie } })).status).toBe(200)
    expect(await total(child.base, cookie)).toBe(before)
    const imports = await getJson(child.base, '/api/imports?limit=5', cookie)
    if (TEST_ENGINE === 'pglite') expect(imports[0]).toMatchObject({ status: 'aborted', inserted: null })

    // The rerun inserts every row once.
    const rerun = await fetch(`${child.base}/api/incidents/import?source=fault-test`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie },
      body: csv,
    })
    expect(rerun.status).toBe(200)
    expect(await rerun.json()).toMatchObject({ inserted: N, duplicates: 0, errors_total: 0 })
    expect(await total(child.base, cookie)).toBe(before + N)
    const again = await (
      await fetch(`${child.base}/api/incidents/import`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie }, body: csv })
    ).json()
    expect(again).toMatchObject({ inserted: 0, duplicates: N })

    // A committed write survives SIGKILL right after its answer; a graceful restart loses nothing either.
    const created = await fetch(`${child.base}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ username: 'survivor', role: 'viewer', password: 'survives-a-kill-9' }),
    })
    expect(created.status).toBe(201)
    await kill(child, 'SIGKILL')
    child = await startChild(dbx.env)
    expect(await total(child.base, cookie)).toBe(before + N)
    await session(child.base, 'survivor', 'survives-a-kill-9')
    await kill(child, 'SIGTERM')
    child = await startChild(dbx.env)
    cookie = await session(child.base)
    expect(await total(child.base, cookie)).toBe(before + N)
    const audit = await getJson(child.base, '/api/audit?action=import&limit=5', cookie)
    expect(audit.entries.filter((e: any) => e.summary?.inserted === N)).toHaveLength(1)
  }, 600_000)
})

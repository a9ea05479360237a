import { hashPassword, randomPassword } from '../auth/password.ts'
import type { Role } from '../auth/roles.ts'
import { insertUser } from '../db/queries/users.ts'
import type { Db } from '../db/types.ts'

/** The demo accounts; the officer is scoped to Phnom Penh (province 12). */
export const DEMO_USERS: { username: string; role: Role; scope_code: string | null; display_name: string }[] = [
  { username: 'admin', role: 'admin', scope_code: null, display_name: 'Ministry administrator (demo)' },
  { username: 'analyst', role: 'analyst', scope_code: null, display_name: 'Analyst (demo)' },
  { username: 'viewer', role: 'viewer', scope_code: null, display_name: 'Public briefing viewer (demo)' },
  { username: 'officer', role: 'officer', scope_code: '12', display_name: 'Phnom Penh officer (demo)' },
]

/**
 * Creates the demo users that do not exist yet, all with one password: `password` (DEMO_PASSWORD) or a random one.
 * Returns the password and whether it was generated, so the caller prints it once.
 */
export async function seedDemoUsers(db: Db, password?: string): Promise<{ password: string; generated: boolean; created: string[] }> {
  const generated = !password
  const pw = password ?? randomPassword()
  const hash = await hashPassword(pw)
  const created: string[] = []
  await db.tx(async (q) => {
    for (const u of DEMO_USERS) if (await insertUser(q, { ...u, password_hash: hash })) created.push(u.username)
  })
  return { password: pw, generated, created }
}

export function announceDemoUsers(r: { password: string; generated: boolean; created: string[] }, log: (s: string) => void) {
  if (!r.created.length) return
  log(`demo users created: ${r.created.join(', ')} (officer: Phnom Penh, province 12)`)
  log(
    r.generated
      ? `demo password (random, shown only now; set DEMO_PASSWORD to choose one): ${r.password}`
      : 'demo password: the value of DEMO_PASSWORD',
  )
}

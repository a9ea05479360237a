// npm run create-admin -- --username <name> [--role admin|officer|analyst|viewer] [--scope <code>] [--password-stdin]
// Creates a user (by default the first admin). The password is read from stdin with --password-stdin, else from
// SV_NEW_PASSWORD, else generated and printed once.
import { parseArgs } from 'node:util'
import { hashPassword, passwordProblem, randomPassword } from '../server/auth/password.ts'
import { ROLES, type Role } from '../server/auth/roles.ts'
import { bootstrap } from '../server/bootstrap.ts'
import { loadConfig } from '../server/config.ts'
import { areaExists } from '../server/db/queries/areas.ts'
import { writeAudit } from '../server/db/queries/audit.ts'
import { insertUser } from '../server/db/queries/users.ts'

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    role: { type: 'string', default: 'admin' },
    scope: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  },
})
const fail = (msg: string) => {
  console.error(msg)
  process.exit(2)
}
const username = values.username?.trim().toLowerCase()
if (!username || !/^[a-z0-9][a-z0-9._-]{1,39}$/.test(username))
  fail(
    'usage: npm run create-admin -- --username <name> [--role admin|officer|analyst|viewer] [--scope <code>] [--password-stdin]\n  username: 2-40 characters a-z 0-9 . _ -',
  )
const role = values.role as Role
if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`)
if ((role === 'officer') !== (values.scope != null))
  fail('an officer needs --scope <province|district|commune code>; other roles take none')

let password = process.env.SV_NEW_PASSWORD
if (values['password-stdin']) {
  let s = ''
  for await (const chunk of process.stdin) s += chunk
  password = s.replace(/\r?\n$/, '')
}
const generated = !password
password ??= randomPassword()
const problem = passwordProblem(password, username)
if (problem) fail(problem)

const db = await bootstrap(loadConfig({ ...process.env, SEED_DEMO: 'never' }), (s) => console.error(s))
try {
  if (values.scope) {
    if (!(await areaExists(db, values.scope))) fail(`no province, district or commune with code ${values.scope}`)
  }
  const hash = await hashPassword(password)
  const u = await db.tx(async (q) => {
    const u = await insertUser(q, { username: username!, role, scope_code: values.scope ?? null, password_hash: hash })
    if (u)
      await writeAudit(q, {
        user_id: null,
        username: 'cli',
        action: 'create',
        method: 'CLI',
        route: 'npm run create-admin',
        entity: 'user',
        entity_id: u.id,
        after: { id: u.id, username: u.username, role: u.role, scope_code: u.scope_code },
      })
    return u
  })
  if (!u) fail(`user ${username} already exists`)
  console.log(`created ${role} ${username}${values.scope ? ` (scope ${values.scope})` : ''}`)
  if (generated) console.log(`password (shown only now): ${password}`)
} finally {
  await db.close()
}

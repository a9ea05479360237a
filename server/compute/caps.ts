import type { Actor } from '../auth/roles.ts'
import { CAPS } from './budgets.ts'
import { ComputeError } from './errors.ts'

// Heavy requests running now, per user and per role (this process).
const byUser = new Map<number, number>()
const byRole = new Map<string, number>()

/**
 * Takes one of the actor's heavy slots, or refuses (429 with Retry-After): at most CAPS.perUser at once per user,
 * CAPS.perRole[role] at once for everyone of the role. The returned function gives the slot back (once).
 */
export function takeHeavySlot(actor: Pick<Actor, 'id' | 'role'>): () => void {
  const mine = byUser.get(actor.id) ?? 0,
    role = byRole.get(actor.role) ?? 0
  const roleCap = CAPS.perRole[actor.role] ?? CAPS.perUser
  if (mine >= CAPS.perUser)
    throw new ComputeError(
      'user_cap',
      `you already have ${mine} heavy analyses running; at most ${CAPS.perUser} at once per user`,
      CAPS.retryAfterS,
    )
  if (role >= roleCap)
    throw new ComputeError(
      'role_cap',
      `${role} heavy analyses of ${actor.role}s are running; at most ${roleCap} at once for the role`,
      CAPS.retryAfterS,
    )
  byUser.set(actor.id, mine + 1)
  byRole.set(actor.role, role + 1)
  let held = true
  return () => {
    if (!held) return
    held = false
    byUser.set(actor.id, (byUser.get(actor.id) ?? 1) - 1)
    byRole.set(actor.role, (byRole.get(actor.role) ?? 1) - 1)
  }
}

/** Runs fn holding a heavy slot of the actor. */
export async function withHeavySlot<T>(actor: Pick<Actor, 'id' | 'role'>, fn: () => Promise<T>): Promise<T> {
  const release = takeHeavySlot(actor)
  try {
    return await fn()
  } finally {
    release()
  }
}

/** Heavy requests running now, by user id and by role. */
export function heavyStats() {
  const pick = <K>(m: Map<K, number>) => Object.fromEntries([...m].filter(([, n]) => n > 0).map(([k, n]) => [String(k), n]))
  return { by_user: pick(byUser), by_role: pick(byRole) }
}

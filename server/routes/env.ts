import type { Access, Actor } from '../auth/roles.ts'

/** What the access middleware leaves on every request's context. */
export type AppEnv = { Variables: { actor: Actor | null; access: Access; sessionToken: string | null } }

import type { Access, Actor } from '../auth/roles.ts'

/** What the access middleware leaves on every request's context. */
export type AppEnv = {
  Variables: {
    actor: Actor | null
    access: Access
    sessionToken: string | null
    client: string | null
    /** Masking rules applied to an analyst's surface request (auth/disclosure-rules.ts), for the answer's meta. */
    masking?: Record<string, unknown> | null
  }
}

import { OpenAPIHono } from '@hono/zod-openapi'
import type { PrivacyConfig } from '../config.ts'
import type { Db } from '../db/types.ts'
import type { Thresholds } from '../domain/safety.ts'
import type { AppEnv } from './env.ts'
import { validationError } from './errors.ts'

export interface AuthSettings {
  sessionHours: number
  cookieSecure: boolean
}
export interface PolicySettings {
  thresholds: Thresholds
}
/** The request gate (security.ts): our public URL and port (allowed Host/Origin), and whether X-Forwarded-For is trusted. */
export interface GateSettings {
  publicUrl: string | null
  port: number
  trustProxy: boolean
}
export interface Deps {
  db: Db
  version: string
  privacy: PrivacyConfig
  auth: AuthSettings
  policy: PolicySettings
  gate: GateSettings
}

/** A router whose validation failures answer 400 with the field and reason. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.error, result.target)
    },
  })
}

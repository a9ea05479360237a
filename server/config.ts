import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_PRIVACY_K } from '../common/privacy.ts'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The port when PORT is unset; also the port the request gate allows loopback origins on when it is told none. */
export const DEFAULT_PORT = 5173

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(ROOT, '.data')),
  GEODATA_DIR: z.string().default(path.resolve(ROOT, '../shared/data/cambodia')),
  DEMO_SEED: z.coerce.number().int().default(20100),
  DEMO_INCIDENTS: z.coerce.number().int().min(0).default(100_000),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  // Password of the demo users admin, analyst, viewer and officer; random (printed once) when unset.
  DEMO_PASSWORD: z.string().min(10, 'DEMO_PASSWORD needs at least 10 characters').optional(),
  SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Privacy (docs/privacy.md): who gets which incident points, and the disclosure control of viewers' figures.
  PRIVACY_K: z.coerce.number().int().min(1).max(100).default(DEFAULT_PRIVACY_K),
  PRIVACY_SENSITIVE_CRITERIA: z
    .string()
    .regex(/^([1-5](,[1-5])*)?$/, 'a comma-separated list of criteria 1-5')
    .default('3'),
  PRIVACY_ANALYST_POINTS: z.enum(['village', 'none']).default('village'),
  PRIVACY_VIEWER_MIN_BANDWIDTH_M: z.coerce.number().min(0).max(50_000).default(1500),
  // The address users open (https://safevillage.example): requests with another Host or Origin are refused
  // (DNS rebinding, CSRF); loopback addresses on PORT are always allowed.
  PUBLIC_URL: z
    .string()
    .url('PUBLIC_URL must be a URL such as https://safevillage.example')
    .refine((v) => /^https?:$/.test(new URL(v).protocol), 'PUBLIC_URL must be an http or https URL')
    .transform((v) => new URL(v).origin)
    .optional(),
  // Behind a reverse proxy: the audit log takes the client address from X-Forwarded-For (its last entry).
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Safe status (docs/policy-workflow.md): the most incidents of each criterion a safe area may have; 0 = none.
  SAFE_THRESHOLDS: z
    .string()
    .regex(/^\d{1,6}(,\d{1,6}){4}$/, 'five whole numbers, one per criterion, e.g. 0,0,0,0,0')
    .default('0,0,0,0,0'),
})

export type Config = z.infer<typeof schema>

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')))
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid configuration: ${msg}`)
  }
  return parsed.data
}

export interface PrivacyConfig {
  /** Aggregates shown to viewers suppress every count from 1 to k - 1. */
  k: number
  /** Criteria whose points go only to admins and to officers in scope. */
  sensitiveCriteria: number[]
  /** What analysts get for those criteria: points moved to the village centroid, or no points at all. */
  analystPoints: 'village' | 'none'
  /** Viewers' density surfaces are smoothed at least this much (and built from village centroids). */
  viewerMinBandwidthM: number
}

export function privacyConfig(cfg: Config): PrivacyConfig {
  return {
    k: cfg.PRIVACY_K,
    sensitiveCriteria: cfg.PRIVACY_SENSITIVE_CRITERIA ? cfg.PRIVACY_SENSITIVE_CRITERIA.split(',').map(Number) : [],
    analystPoints: cfg.PRIVACY_ANALYST_POINTS,
    viewerMinBandwidthM: cfg.PRIVACY_VIEWER_MIN_BANDWIDTH_M,
  }
}

export const DEFAULT_PRIVACY: PrivacyConfig = { k: 5, sensitiveCriteria: [3], analystPoints: 'village', viewerMinBandwidthM: 1500 }

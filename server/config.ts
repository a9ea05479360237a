import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { z } from 'zod'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(5173),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(ROOT, '.data')),
  GEODATA_DIR: z.string().default(path.resolve(ROOT, '../shared/data/cambodia')),
  DEMO_SEED: z.coerce.number().int().default(20100),
  DEMO_INCIDENTS: z.coerce.number().int().min(0).default(100_000),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
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

// dataset_meta: where the geography and the demo data came from.
import type { Db, Queryable } from '../types.ts'

/** Records the demo seed (dataset_meta 'demo'). */
export async function saveDemoMeta(q: Queryable, meta: object): Promise<void> {
  await q.query(
    `INSERT INTO dataset_meta (key, value) VALUES ('demo', $1::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [JSON.stringify(meta)],
  )
}

/** True when the database holds the demo data. */
export async function hasDemo(db: Db): Promise<boolean> {
  const [demo] = await db.query(`SELECT 1 FROM dataset_meta WHERE key = 'demo'`)
  return !!demo
}

/** The demo's seed when the database is a demo made before the forums existed (no forums yet), else null. */
export async function demoSeedWithoutForums(db: Db): Promise<number | null> {
  const [old] = await db.query<{ seed: number }>(
    `SELECT (value->>'seed')::int AS seed FROM dataset_meta WHERE key = 'demo' AND NOT EXISTS (SELECT 1 FROM forums)`,
  )
  return old ? Number(old.seed) : null
}

/** The 'demo' and 'geography' records, as stored. */
export async function demoAndGeographyMeta(db: Db): Promise<{ key: string; value: unknown }[]> {
  return db.query<{ key: string; value: unknown }>(`SELECT key, value FROM dataset_meta WHERE key IN ('demo', 'geography')`)
}

/** The pilot effect the demo seed planted (dataset_meta 'demo' → pilot) as stored (JSON or text), or undefined. */
export async function demoPilot(db: Db): Promise<unknown> {
  const [m] = await db.query<{ pilot: unknown }>(`SELECT value->'pilot' AS pilot FROM dataset_meta WHERE key = 'demo'`)
  return m?.pilot
}

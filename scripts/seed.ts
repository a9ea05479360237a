// npm run seed [-- --incidents N --seed S]: replaces the synthetic demo data (real imports are kept).
import { parseArgs } from 'node:util'
import { bootstrap } from '../server/bootstrap.ts'
import { loadConfig } from '../server/config.ts'
import { deleteSynthetic } from '../server/db/queries/demo-seed.ts'
import { seedDemo } from '../server/seed/seed-demo.ts'

const { values } = parseArgs({ options: { incidents: { type: 'string' }, seed: { type: 'string' } } })
const cfg = loadConfig({ ...process.env, SEED_DEMO: 'never' })
const db = await bootstrap(cfg)
const incidents = values.incidents ? Number(values.incidents) : cfg.DEMO_INCIDENTS
const seed = values.seed ? Number(values.seed) : cfg.DEMO_SEED
await db.tx((q) => deleteSynthetic(q))
const r = await seedDemo(db, { seed, incidents, password: cfg.DEMO_PASSWORD, log: console.log })
console.log(JSON.stringify({ seed, ...r }))
await db.close()

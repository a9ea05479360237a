// The only questions the rest of the server may ask about the engine (scripts/check-deps.ts keeps `.engine` here).
import type { Db, Engine } from './types.ts'

/** The engine's name, for the start-up log and GET /api/health. */
export function engineName(db: Db): Engine {
  return db.engine
}

/** True for the embedded PGlite: the database is this process's own, so no other server runs its imports or jobs. */
export function ownedByThisProcess(db: Db): boolean {
  return db.engine === 'pglite'
}

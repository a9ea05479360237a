/** An untyped result row; queries name their columns with a type argument (an interface or object type). */
export type Row = Record<string, unknown>
export type Engine = 'pglite' | 'postgres'

/** The one database contract. Only server/db knows which engine is behind it. */
export interface Queryable {
  /** `urgent`: a short indexed look-up (the session check) that an embedded engine runs before queued bulk work. */
  query<T extends object = Row>(sql: string, params?: unknown[], opts?: { urgent?: boolean }): Promise<T[]>
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>
}

export interface Db extends Queryable {
  readonly engine: Engine
  /** All statements in fn commit together or not at all. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

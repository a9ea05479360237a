import postgres from 'postgres'
import type { Db, Queryable } from './types.ts'

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Db> {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    types: {
      // int8 counts come back as numbers, like PGlite.
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
      // a string bound to a json parameter is already JSON text, as on PGlite.
      json: {
        to: 114,
        from: [114, 3802],
        serialize: (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x)),
        parse: (x: string) => JSON.parse(x),
      },
    },
  })
  const wrap = (s: postgres.Sql | postgres.TransactionSql): Queryable => ({
    query: async <T extends object>(text: string, params: unknown[] = []) =>
      // Parameters are plain values (serialised by the types above); postgres.js types them by its own TTypes only,
      // and its rows as its own Row type: both are named here.
      (await s.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: params.length > 0 })) as unknown as T[],
    exec: async (text: string) => {
      await s.unsafe(text)
    },
  })
  const direct = wrap(sql)
  await sql.unsafe('CREATE EXTENSION IF NOT EXISTS postgis')
  return {
    engine: 'postgres',
    query: direct.query,
    exec: direct.exec,
    // begin() types its result as UnwrapPromiseArray<T> (it would await an array of promises); fn returns a value.
    tx: <T>(fn: (q: Queryable) => Promise<T>) => sql.begin((t) => fn(wrap(t))) as Promise<T>,
    close: () => sql.end({ timeout: 5 }),
  }
}

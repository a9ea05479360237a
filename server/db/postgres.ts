import postgres from 'postgres'
import type { Db, Queryable, Row } from './types.ts'

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
    } as any,
  })
  const wrap = (s: postgres.Sql | postgres.TransactionSql): Queryable => ({
    query: async <T extends Row>(text: string, params: unknown[] = []) =>
      (await s.unsafe(text, params as any[], { prepare: params.length > 0 })) as unknown as T[],
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
    tx: (fn) => sql.begin((t) => fn(wrap(t))) as Promise<any>,
    close: () => sql.end({ timeout: 5 }),
  }
}

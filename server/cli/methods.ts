// The hot spot methods the CLI knows; a module of its own so `--help` and argument checks load no analysis code.
export const METHODS = ['gistar', 'localmoran', 'moran', 'kde', 'ehsa', 'optimized'] as const
export type Method = (typeof METHODS)[number]

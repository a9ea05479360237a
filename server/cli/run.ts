// The analyze CLI as a function: argv in, exit code out, all I/O through `io` so tests can run it in-process.
import { parseArgs } from 'node:util'
import type { AnalyzeOptions } from './analyze.ts'
import { InputError } from './errors.ts'
import { METHODS, type Method } from './methods.ts'
// The analysis code (and its packages: proj4, papaparse, HiGHS) is imported when a command needs it, so the CLI starts fast.

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** Paths are as the user typed them; the caller resolves them (e.g. against INIT_CWD). */
  readFile(file: string): string
  writeFile(file: string, data: string | Uint8Array): void
}

/** Thrown to end the run with one stderr line and an exit code. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`)
  }
}

export const USAGE = `usage: npm run --silent analyze -- <${METHODS.join('|')}> --in <file> [--out <file>] [options]
       npm run --silent analyze -- mclp --demand <csv> --candidates <csv> --radius <m> --k <K> [--exact] [--time-limit <s>] --out <csv>
See README "Hot spot analysis".
`

/** Runs the CLI; resolves to its exit code (0 done, 2 bad input). Unexpected errors are thrown. */
export async function runAnalyze(argv: string[], io: CliIo): Promise<number> {
  const fail = (msg: string, code = 2): never => {
    io.stderr(`analyze: ${msg}\n`)
    throw new Exit(code)
  }
  try {
    if (argv[0] === '--help' || argv[0] === '-h') {
      io.stdout(USAGE)
      return 0
    }
    if (argv[0] === 'mclp') await mclp(argv.slice(1), io, fail)
    else await method(argv, io, fail)
    return 0
  } catch (e) {
    if (e instanceof Exit) return e.code
    const msg = inputProblem(e)
    if (msg == null) throw e
    io.stderr(`analyze: ${msg}\n`)
    return 2
  }
}

/** The one-line message for an error caused by the user's input, or undefined for a bug. */
function inputProblem(e: unknown): string | undefined {
  if (e instanceof InputError || e instanceof RangeError) return e.message
  const code = (e as NodeJS.ErrnoException).code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return (e as Error).message.split('\n')[0]
  return undefined
}

type Fail = (msg: string, code?: number) => never

const positive = (fail: Fail, name: string, s: string | undefined, integer = false) => {
  if (s == null) return undefined
  const v = Number(s)
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v)))
    fail(`--${name} must be a positive ${integer ? 'integer' : 'number'}, not '${s}'`)
  return v
}

const reader = (io: CliIo, fail: Fail) => (f: string) => {
  try {
    return io.readFile(f)
  } catch (e) {
    return fail(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
}

/** Location-allocation: mclp --demand d.csv --candidates c.csv --radius <m> --k <K> [--exact] --out o.csv */
async function mclp(args: string[], io: CliIo, fail: Fail) {
  const { values: m } = parseArgs({
    args,
    options: {
      demand: { type: 'string' },
      candidates: { type: 'string' },
      radius: { type: 'string' },
      k: { type: 'string' },
      exact: { type: 'boolean', default: false },
      out: { type: 'string' },
      'time-limit': { type: 'string' },
    },
  })
  for (const f of ['demand', 'candidates', 'radius', 'k', 'out'] as const) if (!m[f]) fail(`--${f} is required`)
  const { readPointsCsv, runMclp } = await import('./location.ts')
  const read = reader(io, fail)
  const demand = readPointsCsv(read(m.demand!), 'demand', true)
  const candidates = readPointsCsv(read(m.candidates!), 'candidates', false)
  const r = await runMclp(demand, candidates, {
    radius: positive(fail, 'radius', m.radius)!,
    k: positive(fail, 'k', m.k, true)!,
    exact: !!m.exact,
    timeLimitS: positive(fail, 'time-limit', m['time-limit']),
  })
  io.writeFile(m.out!, `${['id', ...r.chosen].join('\n')}\n`)
  io.stderr(`${JSON.stringify(r.summary)}\n`)
}

/** One hot spot method: <method> --in <file> [--out <file>] [options] */
async function method(args: string[], io: CliIo, fail: Fail) {
  const { values: a, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      in: { type: 'string' },
      out: { type: 'string' },
      value: { type: 'string' },
      band: { type: 'string' },
      knn: { type: 'string' },
      weights: { type: 'string' },
      permutations: { type: 'string' },
      seed: { type: 'string' },
      fdr: { type: 'boolean' },
      alpha: { type: 'string' },
      cell: { type: 'string' },
      bandwidth: { type: 'string' },
      kernel: { type: 'string' },
      'time-neighbors': { type: 'string' },
    },
  })
  const method = positionals[0] as Method
  if (!METHODS.includes(method))
    fail(`method must be one of ${[...METHODS, 'mclp'].join(', ')}${positionals[0] ? `, not '${positionals[0]}'` : ''}`)
  if (!a.in) fail('--in <file> is required')
  if (method !== 'moran' && !a.out) fail('--out <file> is required')
  if (a.weights && a.weights !== 'binary' && a.weights !== 'row') fail(`--weights must be binary or row, not '${a.weights}'`)
  if (a.kernel && a.kernel !== 'quartic' && a.kernel !== 'gaussian') fail(`--kernel must be quartic or gaussian, not '${a.kernel}'`)
  const alpha = a.alpha == null ? undefined : Number(a.alpha)
  if (alpha != null && !(alpha > 0 && alpha < 1)) fail(`--alpha must be between 0 and 1, not '${a.alpha}'`)
  const seed = a.seed == null ? undefined : Number(a.seed)
  if (seed != null && !Number.isSafeInteger(seed)) fail(`--seed must be an integer, not '${a.seed}'`)
  const p = (name: string, s: string | undefined, integer = false) => positive(fail, name, s, integer)
  const opts: AnalyzeOptions = {
    band: p('band', a.band),
    knn: p('knn', a.knn, true),
    weights: a.weights as AnalyzeOptions['weights'],
    permutations: p('permutations', a.permutations, true),
    seed,
    fdr: a.fdr,
    alpha,
    cell: p('cell', a.cell),
    bandwidth: p('bandwidth', a.bandwidth),
    kernel: a.kernel as AnalyzeOptions['kernel'],
    kTime: a['time-neighbors'] == null ? undefined : p('time-neighbors', a['time-neighbors'], true),
    tiff: /\.tiff?$/i.test(a.out ?? ''),
  }
  const [{ analyze }, { readCsvUnits, readGeoJsonUnits }] = await Promise.all([import('./analyze.ts'), import('./input.ts')])
  const text = reader(io, fail)(a.in!)
  const units = /\.(geo)?json$/i.test(a.in!) ? readGeoJsonUnits(text, a.value) : readCsvUnits(text, { needT: method === 'ehsa' })
  const out = analyze(method, units, opts)
  for (const note of out.notes) io.stderr(`${note}\n`)
  if (!a.out) io.stdout(out.text ?? '')
  else io.writeFile(a.out, out.bytes ?? out.text ?? '')
}

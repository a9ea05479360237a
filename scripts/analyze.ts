// npm run --silent analyze -- <method> --in <file> [--out <file>] [options]; see README "Hot spot analysis".
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { analyze, METHODS, type AnalyzeOptions, type Method } from '../server/cli/analyze.ts'
import { InputError, readCsvUnits, readGeoJsonUnits } from '../server/cli/input.ts'

function fail(msg: string, code = 2): never {
  process.stderr.write(`analyze: ${msg}\n`)
  process.exit(code)
}

const positive = (name: string, s: string | undefined, integer = false) => {
  if (s == null) return undefined
  const v = Number(s)
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) fail(`--${name} must be a positive ${integer ? 'integer' : 'number'}, not '${s}'`)
  return v
}

// npm run starts scripts in the package root; resolve paths against the directory the user ran it from.
const here = (p: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p)

try {
  const { values: a, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      in: { type: 'string' }, out: { type: 'string' }, value: { type: 'string' },
      band: { type: 'string' }, knn: { type: 'string' }, weights: { type: 'string' },
      permutations: { type: 'string' }, seed: { type: 'string' }, fdr: { type: 'boolean' }, alpha: { type: 'string' },
      cell: { type: 'string' }, bandwidth: { type: 'string' }, kernel: { type: 'string' }, 'time-neighbors': { type: 'string' },
    },
  })
  const method = positionals[0] as Method
  if (!METHODS.includes(method)) fail(`method must be one of ${METHODS.join(', ')}${positionals[0] ? `, not '${positionals[0]}'` : ''}`)
  if (!a.in) fail('--in <file> is required')
  if (method !== 'moran' && !a.out) fail('--out <file> is required')
  if (a.weights && a.weights !== 'binary' && a.weights !== 'row') fail(`--weights must be binary or row, not '${a.weights}'`)
  if (a.kernel && a.kernel !== 'quartic' && a.kernel !== 'gaussian') fail(`--kernel must be quartic or gaussian, not '${a.kernel}'`)
  const alpha = a.alpha == null ? undefined : Number(a.alpha)
  if (alpha != null && !(alpha > 0 && alpha < 1)) fail(`--alpha must be between 0 and 1, not '${a.alpha}'`)
  const seed = a.seed == null ? undefined : Number(a.seed)
  if (seed != null && !Number.isSafeInteger(seed)) fail(`--seed must be an integer, not '${a.seed}'`)
  const opts: AnalyzeOptions = {
    band: positive('band', a.band), knn: positive('knn', a.knn, true), weights: a.weights as AnalyzeOptions['weights'],
    permutations: positive('permutations', a.permutations, true), seed, fdr: a.fdr, alpha,
    cell: positive('cell', a.cell), bandwidth: positive('bandwidth', a.bandwidth), kernel: a.kernel as AnalyzeOptions['kernel'],
    kTime: a['time-neighbors'] == null ? undefined : positive('time-neighbors', a['time-neighbors'], true),
    tiff: /\.tiff?$/i.test(a.out ?? ''),
  }
  let text: string
  try { text = readFileSync(here(a.in), 'utf8') } catch (e) { fail(`cannot read ${a.in}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) }
  const units = /\.(geo)?json$/i.test(a.in) ? readGeoJsonUnits(text, a.value) : readCsvUnits(text, { needT: method === 'ehsa' })
  const out = analyze(method, units, opts)
  for (const note of out.notes) process.stderr.write(`${note}\n`)
  if (!a.out) process.stdout.write(out.text ?? '')
  else writeFileSync(here(a.out), out.bytes ?? out.text ?? '')
} catch (e) {
  if (e instanceof InputError || e instanceof RangeError) fail((e as Error).message)
  if ((e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') fail((e as Error).message.split('\n')[0])
  throw e
}

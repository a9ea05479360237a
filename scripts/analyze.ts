// npm run --silent analyze -- <method> --in <file> [--out <file>] [options]; see README "Hot spot analysis".
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { analyze, METHODS, type AnalyzeOptions, type Method } from '../server/cli/analyze.ts'
import { InputError, readCsvUnits, readGeoJsonUnits } from '../server/cli/input.ts'
import { readPointsCsv, runMclp } from '../server/cli/location.ts'

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

// Location-allocation: npm run --silent analyze -- mclp --demand d.csv --candidates c.csv --radius <m> --k <K> [--exact] --out o.csv
if (process.argv[2] === 'mclp') {
  try {
    const { values: m } = parseArgs({ args: process.argv.slice(3), options: {
      demand: { type: 'string' }, candidates: { type: 'string' }, radius: { type: 'string' }, k: { type: 'string' },
      exact: { type: 'boolean', default: false }, out: { type: 'string' }, 'time-limit': { type: 'string' },
    } })
    for (const f of ['demand', 'candidates', 'radius', 'k', 'out'] as const) if (!m[f]) fail(`--${f} is required`)
    const read = (f: string) => { try { return readFileSync(here(f), 'utf8') } catch (e) { fail(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) } }
    const demand = readPointsCsv(read(m.demand!), 'demand', true)
    const candidates = readPointsCsv(read(m.candidates!), 'candidates', false)
    const r = await runMclp(demand, candidates, { radius: positive('radius', m.radius)!, k: positive('k', m.k, true)!, exact: !!m.exact,
      timeLimitS: positive('time-limit', m['time-limit']) })
    writeFileSync(here(m.out!), ['id', ...r.chosen].join('\n') + '\n')
    process.stderr.write(JSON.stringify(r.summary) + '\n')
  } catch (e) {
    if (e instanceof InputError) fail((e as Error).message)
    if ((e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) fail((e as Error).message.split('\n')[0])
    throw e
  }
  process.exit(0)
}

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
  if (!METHODS.includes(method)) fail(`method must be one of ${[...METHODS, 'mclp'].join(', ')}${positionals[0] ? `, not '${positionals[0]}'` : ''}`)
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

// npm run --silent analyze -- <method> --in <file> [--out <file>] [options]; see README "Hot spot analysis".
// The work is runAnalyze (server/cli/run.ts); this file only binds it to the process. `npm run analyze` runs it
// bundled (dist-cli/analyze.mjs, built by scripts/build-cli.mjs) so it starts without compiling TypeScript.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { runAnalyze } from '../server/cli/run.ts'

// npm run starts scripts in the package root; resolve paths against the directory the user ran it from.
const here = (p: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p)

process.exitCode = await runAnalyze(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (f) => readFileSync(here(f), 'utf8'),
  writeFile: (f, data) => writeFileSync(here(f), data),
})

// `npm run analyze`: runs the bundled CLI (dist-cli/analyze.mjs), building it first when it is missing or stale.
// Up to date means: the bundle exists, the list of source files it was built from exists, and none of those files
// (nor scripts/build-cli.mjs) has a modification time later than the bundle's. A missing source file also
// means stale (it was renamed or deleted). The check costs one stat per source file (~25).
import { statSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT = path.join(ROOT, 'dist-cli/analyze.mjs')
const INPUTS = path.join(ROOT, 'dist-cli/analyze.inputs.json')

function upToDate() {
  try {
    const built = statSync(OUT).mtimeMs
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'))
    return inputs.every((f) => statSync(path.join(ROOT, f)).mtimeMs <= built)
  } catch {
    return false
  }
}

if (!upToDate()) await (await import('./build-cli.mjs')).buildCli()
await import(pathToFileURL(OUT).href)

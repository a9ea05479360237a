// Bundles the analyze CLI (scripts/analyze.ts and the server code it imports) into dist-cli/analyze.mjs, so
// `npm run analyze` starts plain JavaScript instead of compiling TypeScript through tsx on every run.
// npm packages stay external (resolved from node_modules at run time). Also writes dist-cli/analyze.inputs.json:
// the source files the bundle was built from, which scripts/analyze-entry.mjs checks to know whether it is stale.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild' // installed with tsx (a dependency), which runs on esbuild

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIR = path.join(ROOT, 'dist-cli')
export const OUT = path.join(DIR, 'analyze.mjs')
export const INPUTS = path.join(DIR, 'analyze.inputs.json')

/**
 * Builds the bundle. Code the CLI imports lazily goes to dist-cli/chunks/ (so `--help` loads no analysis code);
 * files are written under temporary names and renamed, the entry last, so a concurrent run never reads half a build.
 */
export async function buildCli() {
  const r = await build({
    absWorkingDir: ROOT,
    entryPoints: { analyze: 'scripts/analyze.ts' },
    outdir: DIR,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    write: false,
    logLevel: 'warning',
  })
  mkdirSync(path.join(DIR, 'chunks'), { recursive: true })
  const tmp = `.${process.pid}.tmp`
  const put = (file, data) => {
    writeFileSync(file + tmp, data)
    renameSync(file + tmp, file)
  }
  const chunks = r.outputFiles.filter((f) => f.path !== OUT)
  for (const f of chunks) put(f.path, f.contents)
  put(INPUTS, `${JSON.stringify([...Object.keys(r.metafile.inputs), 'scripts/build-cli.mjs'].sort(), null, 1)}\n`)
  put(OUT, r.outputFiles.find((f) => f.path === OUT).contents) // last: never newer than a list that does not describe it
  // Chunks of earlier builds (content-hashed names) are no longer referenced.
  const keep = new Set(chunks.map((f) => path.basename(f.path)))
  for (const name of readdirSync(path.join(DIR, 'chunks')))
    if (!keep.has(name) && !name.endsWith('.tmp')) rmSync(path.join(DIR, 'chunks', name), { force: true })
  return OUT
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli()
  console.log(`built ${path.relative(ROOT, OUT)}`)
}

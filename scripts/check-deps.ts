/**
 * Dependency rules, enforced in `npm test` (issue 13):
 *  - cycle:    no import cycles between files, type-only imports included (each cycle reported once);
 *  - analysis: server/analysis imports nothing outside server/analysis and common/ (built-ins and npm packages are fine);
 *  - common:   common/ (the vocabulary server and web share) imports nothing from server/ or web/, no `node:*` module,
 *              and uses no DOM global (`document.`, `window.`);
 *  - sql:      no SQL in string/template literals outside server/db;
 *  - engine:   only server/db reads `.engine` or imports a database driver.
 * Each failure prints `rule: file → import` (or `→ literal`); exit 1 if any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

export interface Violation {
  rule: 'cycle' | 'analysis' | 'common' | 'sql' | 'engine'
  file: string
  target: string
}

export interface SourceInfo {
  file: string // path relative to the root, with '/'
  imports: { spec: string; resolved: string | null; typeOnly: boolean }[]
  sql: string[] // first line of each literal that looks like SQL
  readsEngine: boolean
  domGlobals: string[] // `document` / `window` property reads
}

const ROOTS = ['common', 'server', 'web', 'scripts']
const EXTS = ['.ts', '.tsx', '.mts']
const DRIVERS = ['@electric-sql/pglite', 'postgres']
const DOM_GLOBALS = ['document', 'window']

/** Files allowed to hold SQL outside server/db (tests/ is not scanned), and why. */
export const SQL_ALLOWED: { pattern: RegExp; why: string }[] = [
  { pattern: /^scripts\/bench[\w-]*\.ts$/, why: 'benchmarks set up bench users and time raw statements against the engine on purpose' },
  {
    pattern: /^scripts\/privacy-accuracy\.ts$/,
    why: 'a one-off measurement that reads the raw date range to compare raw and published counts',
  },
]
/** Outside server/db, only operator scripts may know which engine runs (they open it). */
const ENGINE_ALLOWED_PREFIXES = ['scripts/', 'tests/']

const SQL_PATTERNS = [
  /\bSELECT\b[\s\S]*?\bFROM\b/,
  /\bINSERT\s+INTO\b/,
  /\bUPDATE\b[\s\S]*?\bSET\b/,
  /\bDELETE\s+FROM\b/,
  /\bCREATE\s+(?:TABLE|INDEX)\b/,
  /\bALTER\s+TABLE\b/,
  /\bDROP\s+TABLE\b/,
  /\bWITH\b[\s\S]*?\bAS\s*\(/,
]

/** True when a literal's text looks like an SQL statement (keywords are case-sensitive). */
export function looksLikeSql(text: string): boolean {
  return SQL_PATTERNS.some((p) => p.test(text))
}

const posix = (p: string) => p.split(sep).join('/')

/** Lists the .ts files under the given folders, skipping node_modules and dot folders. */
export function listSources(root: string, dirs = ROOTS): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue
      const p = join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (EXTS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(posix(relative(root, p)))
    }
  }
  for (const d of dirs) if (existsSync(join(root, d))) walk(join(root, d))
  return out.sort()
}

/** Resolves a relative specifier to a source file under root, or null (package, asset, missing). */
export function resolveSpec(root: string, from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null
  const base = resolve(root, dirname(from), spec)
  const stem = base.replace(/\.(js|mjs)$/, '')
  const candidates = [base, ...EXTS.map((e) => stem + e), ...EXTS.map((e) => join(base, `index${e}`))]
  for (const c of candidates) {
    if (EXTS.some((e) => c.endsWith(e)) && existsSync(c) && statSync(c).isFile()) return posix(relative(root, c))
  }
  return null
}

/** `import type …`, `export type …`, or named imports that are all `type`: erased when compiled. */
function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node))
    return (
      node.isTypeOnly ||
      (!!node.exportClause &&
        ts.isNamedExports(node.exportClause) &&
        node.exportClause.elements.length > 0 &&
        node.exportClause.elements.every((e) => e.isTypeOnly))
    )
  const clause = node.importClause
  if (!clause) return false
  if (clause.isTypeOnly) return true
  const named = clause.namedBindings
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)
}

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => ` \${} ${s.literal.text}`).join('')
  return null
}

/** Parses one file: its imports (static, re-exports, dynamic), SQL-looking literals and `.engine` reads. */
export function scanFile(root: string, file: string): SourceInfo {
  const text = readFileSync(join(root, file), 'utf8')
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const info: SourceInfo = { file, imports: [], sql: [], readsEngine: false, domGlobals: [] }
  const addImport = (spec: string, typeOnly = false) => info.imports.push({ spec, resolved: resolveSpec(root, file, spec), typeOnly })
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      addImport(node.moduleSpecifier.text, isTypeOnly(node))
      return
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      addImport(node.arguments[0].text)
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      addImport(node.argument.literal.text, true)
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'engine') info.readsEngine = true
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && DOM_GLOBALS.includes(node.expression.text))
      info.domGlobals.push(`${node.expression.text}.${node.name.text}`)
    const lit = literalText(node)
    if (lit !== null) {
      if (looksLikeSql(lit)) info.sql.push(lit.trim().split('\n')[0].slice(0, 60))
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return info
}

/**
 * Finds the import cycles (strongly connected components of 2+ files, or a self-import), each once. Type-only
 * imports count too: erased when compiled, they still tie two modules' designs together.
 */
export function findCycles(infos: SourceInfo[]): string[][] {
  const graph = new Map(infos.map((i) => [i.file, [...new Set(i.imports.map((m) => m.resolved).filter((r): r is string => !!r))]]))
  let index = 0
  const idx = new Map<string, number>(),
    low = new Map<string, number>(),
    onStack = new Set<string>()
  const stack: string[] = [],
    cycles: string[][] = []
  const strong = (v: string) => {
    idx.set(v, index)
    low.set(v, index)
    index++
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!idx.has(w)) {
        strong(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        comp.push(w)
      } while (w !== v)
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(cyclePath(graph, new Set(comp)))
    }
  }
  for (const v of graph.keys()) if (!idx.has(v)) strong(v)
  return cycles
}

/** One concrete loop through a component, starting at its first file: [a, b, …, a]. */
function cyclePath(graph: Map<string, string[]>, comp: Set<string>): string[] {
  const start = [...comp].sort()[0]
  const prev = new Map<string, string>([[start, '']])
  const queue = [start]
  while (queue.length) {
    const v = queue.shift()!
    for (const w of graph.get(v) ?? []) {
      if (!comp.has(w)) continue
      if (w === start) {
        const path = [start]
        for (let u = v; u !== start; u = prev.get(u)!) path.splice(1, 0, u)
        return [...path, start]
      }
      if (!prev.has(w)) {
        prev.set(w, v)
        queue.push(w)
      }
    }
  }
  return [start, start]
}

const isDriver = (spec: string) => DRIVERS.some((d) => spec === d || spec.startsWith(`${d}/`))
const inDb = (f: string) => f.startsWith('server/db/')
const inCommon = (f: string) => f.startsWith('common/')

/** Applies the five rules to scanned files. */
export function checkRules(infos: SourceInfo[]): Violation[] {
  const out: Violation[] = []
  for (const c of findCycles(infos)) out.push({ rule: 'cycle', file: c[0], target: c.slice(1).join(' → ') })
  for (const i of infos) {
    if (i.file.startsWith('server/analysis/')) {
      for (const m of i.imports) {
        const outside = m.resolved ? !m.resolved.startsWith('server/analysis/') && !inCommon(m.resolved) : m.spec.startsWith('.')
        if (outside) out.push({ rule: 'analysis', file: i.file, target: m.spec })
      }
    }
    if (inCommon(i.file)) {
      for (const m of i.imports) {
        const outside = m.resolved ? !inCommon(m.resolved) : m.spec.startsWith('.')
        if (outside || m.spec.startsWith('node:')) out.push({ rule: 'common', file: i.file, target: m.spec })
      }
      for (const g of i.domGlobals) out.push({ rule: 'common', file: i.file, target: g })
    }
    if (!inDb(i.file) && !SQL_ALLOWED.some((a) => a.pattern.test(i.file)))
      for (const s of i.sql) out.push({ rule: 'sql', file: i.file, target: s })
    if (!inDb(i.file) && !ENGINE_ALLOWED_PREFIXES.some((p) => i.file.startsWith(p))) {
      if (i.readsEngine) out.push({ rule: 'engine', file: i.file, target: '.engine' })
      for (const m of i.imports) if (isDriver(m.spec)) out.push({ rule: 'engine', file: i.file, target: m.spec })
    }
  }
  return out
}

/** Scans root's sources and returns every rule violation. */
export function checkTree(root: string, dirs = ROOTS): Violation[] {
  return checkRules(listSources(root, dirs).map((f) => scanFile(root, f)))
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // The repository by default; a folder given as the first argument is checked instead (the unit test's fixtures).
  const root = process.argv[2] ? resolve(process.argv[2]) : resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const found = checkTree(root)
  for (const v of found) console.log(`${v.rule}: ${v.file} → ${v.target}`)
  if (found.length) {
    console.error(`check-deps: ${found.length} violation(s)`)
    process.exit(1)
  }
  console.log('check-deps: ok')
}

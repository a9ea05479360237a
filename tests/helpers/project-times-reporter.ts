// Prints, at the end of a run, one line per vitest project: its files, tests and wall time (first file start to last
// file end; projects share the workers, so their spans can overlap) and the summed time of its files.
// Registered before 'default' in vitest.config.ts, so vitest's own summary stays the closing lines.
import type { Reporter, TestModule, Vitest } from 'vitest/node'

interface Span {
  files: number
  tests: number
  failed: number
  start: number
  end: number
  busy: number
}

export default class ProjectTimesReporter implements Reporter {
  private ctx?: Vitest
  private spans = new Map<string, Span>()

  onInit(ctx: Vitest) {
    this.ctx = ctx
  }

  onTestModuleStart(m: TestModule) {
    this.span(m).start = Math.min(this.span(m).start, performance.now())
  }

  onTestModuleEnd(m: TestModule) {
    const s = this.span(m)
    s.end = Math.max(s.end, performance.now())
    s.files++
    s.busy += m.diagnostic().duration
    for (const t of m.children.allTests()) {
      s.tests++
      if (t.result().state === 'failed') s.failed++
    }
  }

  onTestRunEnd() {
    const log = (line: string) => (this.ctx ? this.ctx.logger.log(line) : console.log(line))
    log('')
    for (const [name, s] of this.spans) {
      const wall = Number.isFinite(s.start) && s.end >= s.start ? ((s.end - s.start) / 1000).toFixed(1) : '0.0'
      log(
        `project ${name}: ${s.files} file${s.files === 1 ? '' : 's'}, ${s.tests} test${s.tests === 1 ? '' : 's'}${s.failed ? ` (${s.failed} failed)` : ''}, ${wall} s ` +
          `(files summed ${(s.busy / 1000).toFixed(1)} s)`,
      )
    }
  }

  private span(m: TestModule): Span {
    const name = m.project.name || 'default'
    let s = this.spans.get(name)
    if (!s) this.spans.set(name, (s = { files: 0, tests: 0, failed: 0, start: Infinity, end: -Infinity, busy: 0 }))
    return s
  }
}

import { isAbort, latest } from '../../client.ts'
import type { PolicyCtx } from './common.ts'

export interface Loader<T> {
  data: T | null
  error: string | null
  busy: boolean
  loaded: boolean
  load(): Promise<void>
  abort(): void
}

/** One fetch at a time (a newer one aborts the older), with its data, error and busy flag; redraws the panel. */
export function loader<T>(ctx: PolicyCtx, fetcher: (signal: AbortSignal) => Promise<T>, onData?: (d: T | null) => void): Loader<T> {
  const req = latest()
  const st: Loader<T> = {
    data: null,
    error: null,
    busy: false,
    loaded: false,
    async load() {
      const signal = req.next()
      st.busy = true
      st.error = null
      ctx.rerender()
      try {
        const d = await fetcher(signal)
        if (signal.aborted) return
        st.data = d
        st.loaded = true
        onData?.(d)
      } catch (e) {
        if (isAbort(e) || signal.aborted) return
        st.error = e instanceof Error ? e.message : String(e)
        st.data = null
        onData?.(null)
      }
      st.busy = false
      ctx.rerender()
    },
    abort() {
      req.abort()
      st.busy = false
    },
  }
  return st
}

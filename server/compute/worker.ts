// A compute thread: runs the tasks of compute/tasks.ts one at a time, posting progress, the result or the error.
import { getHeapStatistics } from 'node:v8'
import { parentPort } from 'node:worker_threads'
import { TASKS } from './tasks.ts'

const port = parentPort!
const heapMb = () => Math.round(getHeapStatistics().used_heap_size / 1048576)

port.on('message', async (m: { id: number; task: keyof typeof TASKS; args: unknown }) => {
  const progress = (p: number, stage: string) => port.postMessage({ id: m.id, type: 'progress', progress: p, stage })
  try {
    const fn = TASKS[m.task] as (args: unknown, ctx: { progress: typeof progress }) => unknown
    if (!fn) throw new Error(`unknown compute task ${String(m.task)}`)
    const result = await fn(m.args, { progress })
    const done = { id: m.id, type: 'done', result, heapMb: heapMb() }
    try {
      port.postMessage(done, buffersOf(result))
    } catch {
      port.postMessage(done)
    } // an untransferable buffer: copied
  } catch (e) {
    const err = e as Error & { reason?: string }
    port.postMessage({
      id: m.id,
      type: 'error',
      error: { name: err?.name, message: err?.message ?? String(e), reason: err?.reason },
      heapMb: heapMb(),
    })
  }
})
port.postMessage({ type: 'ready' })

/** The buffers of the typed arrays in a result (to depth 3), moved to the main thread rather than copied. */
function buffersOf(v: unknown, depth = 0, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(v)) {
    // Only a view of its whole buffer (a pooled Buffer shares its buffer with others).
    if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.byteLength > 0) out.add(v.buffer)
  } else if (depth < 3 && v && typeof v === 'object') for (const x of Array.isArray(v) ? v : Object.values(v)) buffersOf(x, depth + 1, out)
  return [...out]
}

import { HttpError } from './routes/errors.ts'

/** Every request body is capped; these are the caps, in bytes. */
export const MAX_JSON_BYTES = 1024 * 1024
/** Incident CSV streams through the import in bounded memory, so it may be large; GeoJSON is parsed whole. */
export const MAX_CSV_BYTES = 1024 * 1024 * 1024
export const MAX_GEOJSON_BYTES = 50 * 1024 * 1024
/** Forum and post files are read whole (routes/forums.ts, routes/posts.ts): a few thousand rows at most. */
export const MAX_SMALL_FILE_BYTES = 5 * 1024 * 1024

export interface BodyLimit {
  /** The cap for any content type not in byType. */
  max: number
  /** Caps by media type (lower case, no parameters). */
  byType?: Record<string, number>
  /** The route streams its body itself: the gate only caps it, never buffers it (no NUL scan; the import reports NULs per row). */
  streams?: boolean
}

/** Routes whose bodies are files; every other route takes JSON up to MAX_JSON_BYTES. Keys are routeKey()s. */
export const BODY_LIMITS: Record<string, BodyLimit> = {
  'POST /api/incidents/import': { max: MAX_GEOJSON_BYTES, byType: { 'text/csv': MAX_CSV_BYTES }, streams: true },
  'POST /api/forums/import': { max: MAX_SMALL_FILE_BYTES },
  'POST /api/posts/import': { max: MAX_SMALL_FILE_BYTES },
}

const JSON_LIMIT: BodyLimit = { max: MAX_JSON_BYTES }

/** The media type of a Content-Type header: lower case, without parameters. */
export const mediaType = (header: string | undefined) => (header ?? '').split(';')[0].trim().toLowerCase()

/** The cap for a request to `key` with this media type, and whether the route streams its body. */
export function bodyLimitFor(key: string, type: string): { max: number; streams: boolean } {
  const limit = BODY_LIMITS[key] ?? JSON_LIMIT
  return { max: limit.byType?.[type] ?? limit.max, streams: limit.streams ?? false }
}

export const tooLarge = (max: number) => new HttpError(413, `body is larger than ${max} bytes`, 'body')

/** What a capped stream saw: `over` once more than the cap arrived. */
export interface CapState {
  over: boolean
  bytes: number
}

/**
 * `body` as a stream that pulls only when read and errors with a 413 once more than `max` bytes arrive
 * (for bodies without Content-Length, or whose length lies).
 */
export function cappedStream(body: ReadableStream<Uint8Array>, max: number, state: CapState): ReadableStream<Uint8Array> {
  const reader = body.getReader()
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        const { done, value } = await reader.read()
        if (done) return ctl.close()
        state.bytes += value.byteLength
        if (state.bytes > max) {
          state.over = true
          const e = tooLarge(max)
          ctl.error(e)
          await reader.cancel(e).catch(() => {})
          return
        }
        ctl.enqueue(value)
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
}

/** The whole of a body of at most `max` bytes; null (and the rest left unread) once it is larger. */
export async function readCapped(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel(tooLarge(max)).catch(() => {})
      return null
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const ch of chunks) {
    out.set(ch, at)
    at += ch.byteLength
  }
  return out
}

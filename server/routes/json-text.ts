import type { Context } from 'hono'
import type { TypedResponse } from 'hono'
import type { JSONParsed } from 'hono/utils/types'

/**
 * JSON made as text elsewhere (GeoJSON from PostGIS or a cache), sent as is under the route's declared JSON schema.
 * Hono types only c.json() bodies as JSON answers; the text's shape is checked by tests/unit/api-contract.test.ts.
 */
export function jsonText<T>(
  c: Context,
  text: string,
  headers: Record<string, string>,
): Response & TypedResponse<JSONParsed<T>, 200, 'json'> {
  return c.body(text, 200, headers) as unknown as Response & TypedResponse<JSONParsed<T>, 200, 'json'>
}

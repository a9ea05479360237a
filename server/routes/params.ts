import { z } from '@hono/zod-openapi'
import { errorSchema as errorBody } from '../../common/api/errors.ts'

/** The query parameters the web sends live in common/api; the routes import them from here. */
export {
  areaCodeParam,
  bboxParam,
  byCriterion,
  criteriaParam,
  dateParam,
  filterQuery,
  levelParam,
  MAX_BBOX_DEGREES,
  orderedDates,
} from '../../common/api/index.ts'

/**
 * Names a common/api schema as an OpenAPI component. common/ builds its schemas with plain zod, possibly before
 * @hono/zod-openapi extends zod (zod copies prototype methods onto each schema when it is made), so a common schema
 * may lack a .openapi() of its own: the prototype's is called on it.
 */
export function named<T extends z.ZodType>(schema: T, name: string): T {
  return z.ZodType.prototype.openapi.call(schema, name) as T
}

export const errorSchema = named(errorBody, 'Error')

/** Any FeatureCollection (GeoJSON answers whose features the API does not describe further). */
export const featureCollection = z
  .looseObject({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })
  .openapi('FeatureCollection')

/** The answers of a heavy request that did not run to the end (server/compute/http.ts). */
const err = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } })
export const computeErrors = {
  422: err('Over a budget (docs/limits.md), naming the parameter, or over the memory bound'),
  429: err('Over the heavy-work caps of the user or role (Retry-After)'),
  499: { description: 'The client left: the work was stopped and nobody reads the answer' },
  500: err('The worker failed'),
  503: err('The work passed its time limit, or the server is busy (Retry-After)'),
} as const

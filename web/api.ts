/** The API's shapes as the web uses them; the client (requests, errors) is web/client.ts. */
import type {
  ApiCriterion,
  AreaDetails as ApiAreaDetails,
  AreaStat as ApiAreaStat,
  MetaResponse,
  PointsResponse,
  SearchHit as ApiSearchHit,
} from '../common/api/index.ts'

export type Criterion = ApiCriterion
export type Meta = MetaResponse
/** Counts are null when withheld for the viewer (1 to k-1 incidents): `suppressed` says so. */
export type AreaStat = ApiAreaStat
/** An area or a village (`level: 'village'`) with its figures. */
export type AreaDetails = ApiAreaDetails
export type SearchHit = ApiSearchHit
export type Points = PointsResponse

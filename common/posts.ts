/** Police-post vocabulary shared by the server and the web: post types, their service radii, and what "covered" means. */

export type PostType = 'commune_post' | 'district_station' | 'provincial_hq'

/** Default service radius of each post type, metres (the coverage endpoint may override them per request). */
export const DEFAULT_RADIUS: Record<PostType, number> = { commune_post: 5000, district_station: 10_000, provincial_hq: 15_000 }

/** Post types that take nearest-post load (villages assigned to their nearest such post). */
export const NEAREST_LOAD_TYPES: readonly PostType[] = ['commune_post']

/**
 * Which posts a backing-up post (district station, provincial HQ) backs up: the commune posts whose commune code
 * starts with this prefix length of its own (4: its district, 2: its province).
 */
export const BACKUP_PREFIX: Partial<Record<PostType, number>> = { district_station: 4, provincial_hq: 2 }

/** The one definition of current coverage, as the API states it. */
export const COVERAGE_DEFINITION =
  "share of the estimated population of villages with a point that lie within a post's service radius, the radius set by post type; planned posts use the planner's radius"

/** What the coverage population counts, as against the area's census figure. */
export const POPULATION_BASIS =
  "estimated population of the villages with a point (village estimates from the 2011 census); the area's 2011 census population also counts villages without a point, so it is larger"

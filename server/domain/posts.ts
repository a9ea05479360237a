import type { PostType } from '../db/queries/posts.ts'

/** Default service radius of each post type, metres (configurable per request). */
export const DEFAULT_RADIUS: Record<PostType, number> = { commune_post: 5000, district_station: 10_000, provincial_hq: 15_000 }

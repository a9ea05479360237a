/** The post types' radii and the coverage definition live in common/posts.ts, shared with the web. */
export { DEFAULT_RADIUS } from '../../common/posts.ts'

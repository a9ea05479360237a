import type { PostType } from '../../../common/posts.ts'
import { t } from '../../i18n/index.ts'

const km = (m: number) => String(Math.round(m / 100) / 10)

/** The one definition of covered, stated next to the figure: a village within its post's radius, set by post type. */
export const coverageDefinition = (r: Record<PostType, number>) =>
  t('posts.coverageDef', { c: km(r.commune_post), d: km(r.district_station), p: km(r.provincial_hq) })

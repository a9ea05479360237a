/** Projection and earth constants shared by the server (analyses, grids, PDF maps) and the web. */

/** UTM zone 48N on WGS 84, the metric projection of the analyses, grids and maps (proj4 definition). */
export const UTM48N = '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs'
/** Its EPSG code (WGS 84 / UTM zone 48N). */
export const EPSG_UTM48N = 32648
/** WGS 84 longitude/latitude. */
export const EPSG_WGS84 = 4326

/** Mean earth radius in metres (the value turf uses). */
export const EARTH_RADIUS_M = 6_371_008.8
/** Metres in one degree of latitude (near the equator) and of longitude at the equator; scale longitude by cos(lat). */
export const M_PER_DEG_LAT = 110_574
export const M_PER_DEG_LON = 111_320

/** Longitude/latitude bounds of Cambodia with a margin: [west, south, east, north]. */
export const CAMBODIA_BBOX = [102.3, 10.4, 107.7, 14.7] as const

/** UTM zone 48N (EPSG:32648), the metric projection of the analyses, grids and maps. */
export const UTM48N = '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs'

/**
 * Names and fixed values of the privacy rules (docs/privacy.md), shared by the server that enforces them and the
 * web that stays inside them. The settings themselves (k, masked criteria, …) come from the server's config.
 */

/** The setting that holds k: viewers' published cells withhold every count from 1 to k − 1. */
export const PRIVACY_K_SETTING = 'PRIVACY_K'
/** Its default. */
export const DEFAULT_PRIVACY_K = 5
/** Published counts of protected readers move by at most this much (cell-key method). */
export const PERTURBATION_MAX = 2

/** The flag that marks a withheld figure in answers (areas, units, rows) and the map's properties. */
export const SUPPRESSED_FLAG = 'suppressed'

/** The analysis grids (metres) of the map: the only sizes a viewer may ask for (optimized hot spots choose their own). */
export const GRID_5KM_M = 5000
export const GRID_10KM_M = 10_000
export const VIEWER_GRID_SIZES: readonly number[] = [GRID_5KM_M, GRID_10KM_M]

/** Floors of the surfaces an analyst gets of masked criteria: bandwidth, cell size, and time window. */
export const MASKED_MIN_BANDWIDTH_M = 1000
export const MASKED_MIN_CELL_M = 1000
export const MASKED_MIN_WINDOW_DAYS = 28

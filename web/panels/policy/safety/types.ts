import type { SafetyResponse, SafetyRow, SafetyTrendResponse } from '../../../../common/api/policy.ts'

/** Safe status and its trend as the API sends them (common/api). */
export type Row = SafetyRow
export type Safety = SafetyResponse
export type Trend = SafetyTrendResponse

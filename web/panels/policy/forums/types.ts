import type { ComplianceResponse, ComplianceRow } from '../../../../common/api/forums.ts'

/** Forum compliance as the API sends it (common/api). */
export type Row = ComplianceRow
export type Compliance = ComplianceResponse

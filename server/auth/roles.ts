import type { PrivacyConfig } from '../config.ts'

export const ROLES = ['admin', 'officer', 'analyst', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** Who is asking. An officer's scope is a province, district or commune code; the others have none. */
export interface Actor {
  id: number
  username: string
  role: Role
  scope: string | null
  display_name?: string | null
}

/**
 * What one actor may get out of the incidents table. Every incident query takes one (IncidentFilters.access),
 * and filters.ts turns it into SQL: the scope into a WHERE on the area code, masking into the selected point.
 */
export interface Access {
  /** Only incidents inside this area (code prefix hierarchy: 12 ⊃ 1201 ⊃ 120101 ⊃ 12010101). */
  scope: string | null
  /** May receive incident points (page, points, CSV). */
  points: boolean
  /** Criteria whose points are moved to their village's point (else commune centroid) and lose their description. */
  maskCriteria: number[]
  /** Criteria left out of point outputs altogether (they still count in aggregates). */
  omitCriteria: number[]
  /** Aggregates suppress counts from 1 to k - 1 (0: no suppression). */
  k: number
  /** Least KDE bandwidth in metres (viewers). */
  minBandwidthM: number
}

/** Internal callers (seed, CLI, benchmarks) see everything. */
export const FULL_ACCESS: Access = { scope: null, points: true, maskCriteria: [], omitCriteria: [], k: 0, minBandwidthM: 0 }

export function accessFor(actor: Actor, p: PrivacyConfig): Access {
  switch (actor.role) {
    case 'admin':
      return FULL_ACCESS
    case 'officer':
      return { ...FULL_ACCESS, scope: actor.scope }
    case 'analyst':
      return p.analystPoints === 'village'
        ? { ...FULL_ACCESS, maskCriteria: p.sensitiveCriteria }
        : { ...FULL_ACCESS, omitCriteria: p.sensitiveCriteria }
    case 'viewer':
      return { scope: null, points: false, maskCriteria: [1, 2, 3, 4, 5], omitCriteria: [], k: p.k, minBandwidthM: p.viewerMinBandwidthM }
  }
}

/** Is `code` the scope or inside it? */
export function withinScope(scope: string | null, code: string): boolean {
  return scope == null || code.startsWith(scope)
}

/** Is `code` inside the scope or one of its ancestors (a listing that contains the scope)? */
export function touchesScope(scope: string | null, code: string): boolean {
  return scope == null || code.startsWith(scope) || scope.startsWith(code)
}

export const canEdit = (role: Role) => role === 'admin' || role === 'officer'

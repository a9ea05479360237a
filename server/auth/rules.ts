import type { Role } from './roles.ts'

export type Rule = { public: true } | { roles: readonly Role[] }

const ALL: readonly Role[] = ['admin', 'officer', 'analyst', 'viewer']
const READ_POINTS: readonly Role[] = ['admin', 'officer', 'analyst']
const EDIT: readonly Role[] = ['admin', 'officer']
const ADMIN: readonly Role[] = ['admin']

/**
 * Who may call each route, keyed "METHOD /path" as the router knows it. A route missing here is refused (403)
 * and fails tests/api/access-matrix.test.ts. Area scope (officers) is applied in SQL through IncidentFilters.access,
 * and area codes named in a request (?area, ?parent, /areas/{code}) are checked by the middleware.
 */
export const RULES: Record<string, Rule> = {
  'GET /api/health': { public: true },
  'GET /api/openapi.json': { public: true },
  'POST /api/auth/login': { public: true },
  'POST /api/auth/logout': { public: true },
  'GET /api/auth/me': { roles: ALL },
  'POST /api/auth/password': { roles: ALL },

  'GET /api/meta': { roles: ALL },
  'GET /api/data/version': { roles: ALL },
  'GET /api/areas': { roles: ALL },
  'GET /api/areas/:code': { roles: ALL },
  'GET /api/villages': { roles: ALL },
  'GET /api/search': { roles: ALL },
  'GET /api/stats/areas': { roles: ALL },
  'GET /api/hotspots': { roles: ALL },
  'GET /api/density': { roles: ALL },
  'GET /api/safety': { roles: ALL },
  'GET /api/safety/trend': { roles: ALL },
  'GET /api/reports': { roles: ALL },
  'GET /api/forums': { roles: ALL },
  'GET /api/forums/compliance': { roles: ALL },
  'GET /api/forums/:id': { roles: ALL },
  'POST /api/forums': { roles: EDIT },
  'PATCH /api/forums/:id': { roles: EDIT },
  'DELETE /api/forums/:id': { roles: EDIT },
  'POST /api/forums/import': { roles: EDIT },
  'GET /api/ranking': { roles: ALL },
  'GET /api/exports/briefing.pdf': { roles: ALL },
  'GET /api/pilots/scores': { roles: ALL },
  'GET /api/pilots/plans': { roles: ALL },
  'GET /api/pilots/plans/:id': { roles: ALL },
  'GET /api/pilots/plans/:id/evaluation': { roles: ALL },
  'POST /api/pilots/plans': { roles: READ_POINTS },
  'PATCH /api/pilots/plans/:id': { roles: READ_POINTS },
  'DELETE /api/pilots/plans/:id': { roles: READ_POINTS },

  'GET /api/incidents': { roles: READ_POINTS },
  'GET /api/incidents/points': { roles: READ_POINTS },
  'GET /api/incidents/:id': { roles: READ_POINTS },
  'POST /api/incidents': { roles: EDIT },
  'PATCH /api/incidents/:id': { roles: EDIT },
  'DELETE /api/incidents/:id': { roles: EDIT },
  'POST /api/incidents/import': { roles: EDIT },
  'GET /api/imports': { roles: EDIT },

  'GET /api/posts': { roles: ALL },
  'GET /api/posts/coverage': { roles: ALL },
  'GET /api/posts/service-areas': { roles: ALL },
  'GET /api/posts/:id': { roles: ALL },
  'POST /api/posts/optimize': { roles: READ_POINTS },
  'POST /api/posts/evaluate': { roles: READ_POINTS },
  'GET /api/jobs/:id': { roles: ALL },
  'POST /api/posts': { roles: EDIT },
  'PATCH /api/posts/:id': { roles: EDIT },
  'DELETE /api/posts/:id': { roles: EDIT },
  'POST /api/posts/import': { roles: EDIT },

  'GET /api/users': { roles: ADMIN },
  'POST /api/users': { roles: ADMIN },
  'PATCH /api/users/:id': { roles: ADMIN },
  'DELETE /api/users/:id': { roles: ADMIN },
  'GET /api/audit': { roles: ADMIN },
}

/** Query parameters naming an area the answer is restricted to: it must lie inside an officer's scope. */
export const AREA_QUERY_PARAMS = ['area'] as const
/** Query parameters naming an area whose children are listed: inside the scope or one of its ancestors. */
export const PARENT_QUERY_PARAMS = ['parent'] as const
/** Path parameters naming an area: inside the scope. */
export const AREA_PATH_PARAMS = ['code'] as const

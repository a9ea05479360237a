import { describe, expect, it } from 'vitest'
import { keepsAnswer } from '../../web/offline/rules.ts'

// Which API answers the API client keeps for offline use (issue 14, web/offline/keep.ts). Logging in or out
// emptying the copies is checked in the browser (tests/e2e/offline.e2e.test.ts).
const json = (status = 200, type = 'application/json') =>
  new Response([204, 304].includes(status) ? null : '{}', { status, headers: { 'content-type': type } })
const at = (p: string) => new URL(p, 'http://127.0.0.1:5173')

describe('the answers kept offline', () => {
  it('keeps JSON answers to GETs of the API: figures, boundaries (GeoJSON), who is logged in', () => {
    expect(keepsAnswer('GET', at('/api/stats/areas?level=province'), json())).toBe(true)
    expect(keepsAnswer('GET', at('/api/areas?level=province'), json(200, 'application/geo+json'))).toBe(true)
    expect(keepsAnswer('GET', at('/api/auth/me'), json())).toBe(true)
    expect(keepsAnswer('get', at('/api/meta'), json(200, 'application/json; charset=utf-8'))).toBe(true)
  })

  it('never keeps a write, a refusal, or an answer outside the API', () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(keepsAnswer(m, at('/api/stats/areas'), json()), m).toBe(false)
    expect(keepsAnswer('POST', at('/api/auth/login'), json())).toBe(false)
    for (const s of [201, 204, 304, 400, 401, 403, 404, 500, 503])
      expect(keepsAnswer('GET', at('/api/meta'), json(s)), String(s)).toBe(false)
    expect(keepsAnswer('GET', at('/index.html'), json())).toBe(false)
  })

  it('never keeps the health probe, the session routes but /me, the audit log, users, jobs, exports, the data version or files', () => {
    for (const p of [
      '/api/health',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/audit?limit=5',
      '/api/users',
      '/api/jobs/7',
      '/api/exports/briefing.pdf',
    ])
      expect(keepsAnswer('GET', at(p), json()), p).toBe(false)
    expect(
      keepsAnswer('GET', at('/api/reports?format=xlsx'), json(200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
    ).toBe(false)
    expect(keepsAnswer('GET', at('/api/reports?format=csv'), json(200, 'text/csv'))).toBe(false)
  })
})

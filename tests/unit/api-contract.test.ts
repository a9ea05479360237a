import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  areaDetails,
  areaStats,
  complianceResponse,
  contoursResponse,
  coverageResponse,
  densityMeta,
  evaluateResponse,
  forumsResponse,
  hotspotsResponse,
  incidentsPage,
  meResponse,
  metaResponse,
  pilotEvaluation,
  pilotPlans,
  pilotScoresResponse,
  pointsResponse,
  rankingResponse,
  reportResponse,
  safetyResponse,
  safetyTrendResponse,
  searchResponse,
  serviceAreasResponse,
  villagesResponse,
} from '../../common/api/index.ts'
import { useTestApp } from '../helpers/app.ts'

// Every answer the web reads, parsed with its common/api schema. The schemas are strict objects, so a field the
// server adds (or drops) without the contract fails here; viewers get the suppressed shape (null figures).
const t = useTestApp()

const READS: [string, string, z.ZodType][] = [
  ['meta', '/api/meta', metaResponse],
  ['me', '/api/auth/me', meResponse],
  ['province', '/api/areas/12', areaDetails],
  ['commune', '/api/areas/120101?from=2024-01-01&to=2024-12-31&criteria=2', areaDetails],
  ['village', '/api/areas/12010101', areaDetails],
  ['search', '/api/search?q=phnom&limit=12', searchResponse],
  ['villages', '/api/villages?bbox=104.8,11.5,105.0,11.65&commune=120101', villagesResponse],
  ['stats', '/api/stats/areas?level=province', areaStats],
  ['stats in a district', '/api/stats/areas?level=commune&parent=1201&from=2024-04-01&to=2024-06-30', areaStats],
  ['gi*', '/api/hotspots?unit=commune&criteria=2', hotspotsResponse],
  ['local moran', '/api/hotspots?method=localmoran&unit=commune&permutations=99', hotspotsResponse],
  ['optimized', '/api/hotspots?method=optimized&unit=hex', hotspotsResponse],
  ['emerging', '/api/hotspots?method=ehsa&unit=commune&step=quarter', hotspotsResponse],
  ['villages gi*', '/api/hotspots?unit=village&knn=8', hotspotsResponse],
  ['contours', '/api/density?format=contours&levels=4', contoursResponse],
  ['coverage', '/api/posts/coverage?area=12&gaps=5000', coverageResponse],
  ['service areas', '/api/posts/service-areas?area=12', serviceAreasResponse],
  ['safety', '/api/safety?period=year&year=2024&area=12', safetyResponse],
  ['village safety', '/api/safety?period=quarter&year=2025&index=2&level=village&area=1201', safetyResponse],
  ['trend', '/api/safety/trend?period=quarter&from=2024-01-01&to=2025-12-31&area=12', safetyTrendResponse],
  ['report', '/api/reports?period=year&year=2024', reportResponse],
  ['commune report', '/api/reports?period=quarter&year=2025&index=1&area=120101', reportResponse],
  ['ranking', '/api/ranking?period=year&year=2025', rankingResponse],
  ['scores', '/api/pilots/scores?level=commune&area=12&limit=50', pilotScoresResponse],
  ['village scores', '/api/pilots/scores?level=village&area=1201&limit=50', pilotScoresResponse],
  ['plans', '/api/pilots/plans', pilotPlans],
  ['forums', '/api/forums?area=12&limit=50', forumsResponse],
  ['compliance', '/api/forums/compliance?level=commune&area=12', complianceResponse],
]

/** Parses with the schema; on failure, names the endpoint and the first issues. */
function conforms<S extends z.ZodType>(name: string, schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body)
  if (!r.success)
    expect.fail(
      `${name}: ${r.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    )
  return r.data
}

for (const who of ['analyst', 'viewer'] as const)
  describe(`the API's answers to ${who === 'analyst' ? 'an analyst' : 'a viewer'} match common/api`, () => {
    it.each(READS)('%s', async (name, url, schema) => {
      const res = await t.get(url, who)
      expect(res.status, `${url}: ${res.status}`).toBe(200)
      const body = await res.json()
      if (Array.isArray(body)) expect(body.length, `${url}: no rows`).toBeGreaterThan(0)
      conforms(name, schema, body)
    })

    it('the incidents page and points (analysts only) and the density header', async () => {
      const page = await t.get('/api/incidents?limit=50&area=12', who)
      const points = await t.get('/api/incidents/points?area=1201', who)
      if (who === 'viewer') expect([page.status, points.status]).toEqual([403, 403])
      else {
        conforms('incidents', incidentsPage, await page.json())
        conforms('points', pointsResponse, await points.json())
      }
      const png = await t.get('/api/density?format=png&per=population', who)
      expect(png.status).toBe(200)
      const meta = conforms('x-density-meta', densityMeta, JSON.parse(png.headers.get('x-density-meta') ?? 'null'))
      expect(meta.protected === true).toBe(who === 'viewer')
    })

    it('the pilot evaluation and a proposal', async () => {
      const [plan] = (await (await t.get('/api/pilots/plans', who)).json()) as { id: number }[]
      const ev = await t.get(`/api/pilots/plans/${plan.id}/evaluation?controls=3&pre_months=12`, who)
      const e = conforms('evaluation', pilotEvaluation, await ev.json())
      // A viewer sees no single unit's rates.
      expect(e.pairs.every((p) => p.pre_rate == null)).toBe(who === 'viewer')
      const res = await t.request(
        '/api/posts/evaluate',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ area: '12', radius_m: 5000, proposed: [{ lon: 104.9, lat: 11.55 }] }),
        },
        who,
      )
      if (res.status === 200) conforms('evaluate', evaluateResponse, await res.json())
      else expect(res.status).toBe(403)
    })

    it('viewers get suppressed figures as null', async () => {
      const rows = conforms(
        'stats',
        areaStats,
        await (await t.get('/api/stats/areas?level=commune&parent=1201&from=2024-04-01&to=2024-06-30', who)).json(),
      )
      expect(rows.some((r) => r.suppressed && r.count == null)).toBe(who === 'viewer')
    })
  })

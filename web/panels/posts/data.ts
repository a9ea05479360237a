import type { EvaluateResponse, OptimizeAccepted } from '../../../common/api/posts.ts'
import { getJson, isConnectionError, postJson } from '../../client.ts'
import { t } from '../../i18n/index.ts'
import { POST_COLORS, geodesicCircle, setPostData } from '../../layers/posts.ts'
import { stageLabel } from './stage.ts'
import type { Coverage, Job, PlanForm, PlannerCtx } from './types.ts'

type FC = GeoJSON.FeatureCollection
const point = (lon: number, lat: number, properties: Record<string, unknown>): GeoJSON.Feature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties,
})

/** The area's posts, their service areas (by load per officer), coverage rings and uncovered villages. */
export async function loadCoverage({ map, areaOf, st }: PlannerCtx, signal: AbortSignal) {
  const area = areaOf()
  const q = area ? `area=${area}` : ''
  st.set({ busy: true })
  try {
    const [service, cov] = await Promise.all([
      getJson<FC>(`/api/posts/service-areas?${q}`, signal),
      getJson<Coverage>(`/api/posts/coverage?${q}&gaps=5000`, signal),
    ])
    for (const f of service.features) {
      const p = f.properties ?? {}
      f.properties = { ...p, load: p.per_officer?.population ?? null, per_officer: undefined, incidents: undefined }
    }
    const color = (type: string) => POST_COLORS[type] ?? '#333'
    setPostData(map, {
      service,
      posts: {
        type: 'FeatureCollection',
        features: cov.posts.map(({ backup, ...p }) =>
          point(p.lon, p.lat, { ...p, backup_posts: backup?.posts, backup_population: backup?.population, color: color(p.post_type) }),
        ),
      },
      rings: {
        type: 'FeatureCollection',
        features: cov.posts.map((p) => ({
          type: 'Feature',
          geometry: geodesicCircle(p.lon, p.lat, p.radius_m),
          properties: { color: color(p.post_type) },
        })),
      },
      gaps: { type: 'FeatureCollection', features: cov.gaps.list.map((g) => point(g.lon, g.lat, g)) },
    })
    st.set({ coverage: cov, error: null, busy: false })
  } catch (e) {
    if (!signal.aborted) st.set({ error: (e as Error).message, busy: false })
  }
}

/** Starts an optimisation job and polls it until done; the proposals land in the state and on the map. */
export async function runPlan(ctx: PlannerCtx) {
  const { st } = ctx
  st.set({ result: null, error: null, progress: { p: 0, stage: stageLabel('queued') } })
  try {
    const job = await postJson<OptimizeAccepted>('/api/posts/optimize', planBody(ctx))
    for (;;) {
      const j = await getJson<Job>(job.url)
      st.set({ progress: { p: j.progress, stage: stageLabel(j.stage ?? j.status) } })
      if (j.status === 'done') {
        st.set({ result: j.result ?? null })
        break
      }
      if (j.status === 'failed') throw new Error(j.error ?? 'failed')
      await new Promise((r) => setTimeout(r, 400))
    }
    drawProposed(ctx)
  } catch (e) {
    st.set({ error: (e as Error).message })
  }
  st.set({ progress: null })
}

function planBody({ st, areaOf }: PlannerCtx) {
  const { form, extra, coverage } = st.get()
  const area = areaOf()
  return {
    problem: form.problem,
    k: form.k,
    radius_m: form.radius,
    exact: form.exact,
    weight: form.weight,
    ...(form.problem === 'mclp' && form.relocate ? { relocate: form.relocate } : {}),
    ...(area ? { area } : {}),
    ...(extra.length ? { candidates: extra } : {}),
    ...(form.perProvince > 0 ? { budget: budgetFor(coverage, form) } : {}),
  }
}

/** The same limit for every province of the area (or the country). */
function budgetFor(coverage: Coverage | null, form: PlanForm): Record<string, number> {
  const codes = new Set((coverage?.provinces ?? []).map((p) => p.code))
  return Object.fromEntries([...codes].map((c) => [c, form.perProvince]))
}

/** After a drag: the covered population with the moved proposals. */
export async function reevaluate({ st, areaOf }: PlannerCtx) {
  const result = st.get().result
  if (!result) return
  const area = areaOf()
  try {
    const e = await postJson<EvaluateResponse>('/api/posts/evaluate', {
      radius_m: result.radius_m,
      proposed: result.proposed.map((p) => ({ lon: p.lon, lat: p.lat })),
      ...(area ? { area } : {}),
    })
    st.set({
      result: {
        ...result,
        covered_before: e.covered_before,
        covered_after: e.covered_after,
        solver: `${result.solver} · ${t('posts.moved')}`,
      },
    })
  } catch (e) {
    // The figures stay those of the last evaluation; a lost connection is said (web/client.ts words it).
    if (isConnectionError(e)) st.set({ error: e.message })
  }
}

/** The proposed posts with their rank (1, 2, 3… in the optimiser's order, as the list numbers them) and coverage rings. */
export function drawProposed({ map, st }: PlannerCtx) {
  const result = st.get().result
  const proposed = result?.proposed ?? []
  const features = proposed.map((p, i) => ({
    ...point(p.lon, p.lat, { i, rank: i + 1, name_en: p.name_en, name_km: p.name_km }),
    id: i,
  }))
  const rings = proposed.map(
    (p, i): GeoJSON.Feature => ({ type: 'Feature', geometry: geodesicCircle(p.lon, p.lat, result!.radius_m), properties: { rank: i + 1 } }),
  )
  setPostData(map, { proposed: { type: 'FeatureCollection', features }, 'proposed-rings': { type: 'FeatureCollection', features: rings } })
}

export function drawCandidates({ map, st }: PlannerCtx) {
  const features = st.get().extra.map((c) => point(c.lon, c.lat, { name: c.name }))
  setPostData(map, { candidates: { type: 'FeatureCollection', features } })
}

import type { Map } from 'maplibre-gl'
import { ApiError, getJson } from '../api.ts'
import { fmtInt, placeName, t } from '../i18n/index.ts'
import { GAP_COLOR, geodesicCircle, LOAD_BREAKS, LOAD_COLORS, POST_COLORS, setPostData, showPostLayers } from '../layers/posts.ts'
import type { Me } from '../session.ts'
import { byId, h } from './dom.ts'
import { createTooltip, esc } from './tooltip.ts'

type FC = GeoJSON.FeatureCollection
interface Proposed {
  lon: number
  lat: number
  village_code: string | null
  name_en: string
  name_km: string | null
  province_code: string | null
}
interface Result {
  moved_away?: { code: string; name_en: string; name_km: string | null }[]
  problem: string
  solver: string
  status: string
  objective: number
  gap: number | null
  ms: number
  population: number
  covered_before: number
  covered_after: number
  proposed: Proposed[]
  radius_m: number
}

const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '–')

/**
 * Police posts on the map (service areas by load per officer, coverage rings, uncovered villages) and the planner:
 * choose a problem and K, watch the job, see the proposed posts with before/after figures, drag one to recompute,
 * and export them.
 */
export function createPlanner(map: Map, user: Me, areaOf: () => string | null) {
  const el = byId('posts')
  let on = false,
    busy = false
  let coverage: any = null,
    result: Result | null = null,
    progress: { p: number; stage: string } | null = null,
    error: string | null = null
  const form = { problem: 'mclp', k: 5, radius: 5000, exact: false, relocate: 0, weight: 'population', perProvince: 0 }
  // Candidate points the user adds by clicking the map (besides every village).
  const extra: { lon: number; lat: number; name: string }[] = []
  let adding = false
  const canPlan = user.role !== 'viewer'

  async function load() {
    const area = areaOf()
    const q = area ? `area=${area}` : ''
    busy = true
    render()
    try {
      const [service, cov] = await Promise.all([
        getJson<FC>(`/api/posts/service-areas?${q}`),
        getJson<any>(`/api/posts/coverage?${q}&gaps=5000`),
      ])
      coverage = cov
      for (const f of service.features) {
        const p = f.properties as any
        p.load = p.per_officer?.population ?? null
        delete p.per_officer
        delete p.incidents
      }
      const pts = cov.posts as any[]
      setPostData(map, {
        service,
        posts: {
          type: 'FeatureCollection',
          features: pts.map((p) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
            properties: { ...p, color: POST_COLORS[p.post_type] ?? '#333' },
          })),
        },
        rings: {
          type: 'FeatureCollection',
          features: pts.map((p) => ({
            type: 'Feature',
            geometry: geodesicCircle(p.lon, p.lat, p.radius_m),
            properties: { color: POST_COLORS[p.post_type] ?? '#333' },
          })),
        },
        gaps: {
          type: 'FeatureCollection',
          features: cov.gaps.list.map((g: any) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [g.lon, g.lat] },
            properties: g,
          })),
        },
      })
      error = null
    } catch (e) {
      error = (e as Error).message
    }
    busy = false
    render()
  }

  async function run() {
    const area = areaOf()
    result = null
    error = null
    progress = { p: 0, stage: 'queued' }
    render()
    try {
      const res = await fetch('/api/posts/optimize', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          problem: form.problem,
          k: form.k,
          radius_m: form.radius,
          exact: form.exact,
          weight: form.weight,
          ...(form.problem === 'mclp' && form.relocate ? { relocate: form.relocate } : {}),
          ...(area ? { area } : {}),
          ...(extra.length ? { candidates: extra } : {}),
          ...(form.perProvince > 0 ? { budget: budgetFor(form.perProvince) } : {}),
        }),
      })
      const body = await res.json()
      if (!res.ok) throw new ApiError(body.error ?? String(res.status), res.status)
      for (;;) {
        const j = await getJson<any>(body.url)
        progress = { p: j.progress, stage: j.stage ?? j.status }
        render()
        if (j.status === 'done') {
          result = j.result
          break
        }
        if (j.status === 'failed') throw new Error(j.error ?? 'failed')
        await new Promise((r) => setTimeout(r, 400))
      }
      drawProposed()
    } catch (e) {
      error = (e as Error).message
    }
    progress = null
    render()
  }

  function drawProposed() {
    setPostData(map, {
      proposed: {
        type: 'FeatureCollection',
        features: (result?.proposed ?? []).map((p, i) => ({
          type: 'Feature',
          id: i,
          geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
          properties: { i, name_en: p.name_en, name_km: p.name_km },
        })),
      },
    })
  }

  /** After a drag: the covered population with the moved proposals. */
  async function reevaluate() {
    if (!result) return
    const area = areaOf()
    const res = await fetch('/api/posts/evaluate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        radius_m: result.radius_m,
        proposed: result.proposed.map((p) => ({ lon: p.lon, lat: p.lat })),
        ...(area ? { area } : {}),
      }),
    })
    if (res.ok) {
      const e = await res.json()
      result = {
        ...result,
        covered_before: e.covered_before,
        covered_after: e.covered_after,
        solver: `${result.solver} · ${t('posts.moved')}`,
      }
    }
    render()
  }

  /** The same limit for every province of the area (or the country). */
  function budgetFor(n: number): Record<string, number> {
    const codes = new Set<string>((coverage?.provinces ?? []).map((p: any) => p.code))
    return Object.fromEntries([...codes].map((c) => [c, n]))
  }

  function drawExtra() {
    setPostData(map, {
      candidates: {
        type: 'FeatureCollection',
        features: extra.map((c) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
          properties: { name: c.name },
        })),
      },
    })
  }
  map.on('click', (e) => {
    if (!adding) return
    extra.push({ lon: e.lngLat.lng, lat: e.lngLat.lat, name: `${t('posts.candidate')} ${extra.length + 1}` })
    adding = false
    delete document.body.dataset.placing
    map.getCanvas().style.cursor = ''
    drawExtra()
    render()
  })

  // Tooltips: a post's load, a service area's load per officer, an uncovered village.
  const tip = createTooltip()
  const num = (v: unknown) => (v == null || v === 'null' ? '–' : fmtInt(Number(v)))
  map.on('mousemove', 'posts-circle', (e) => {
    const p = e.features?.[0]?.properties as any
    if (!p) return
    tip.show(
      e.point.x,
      e.point.y,
      `<strong>${esc(placeName(p))}</strong><br>${esc(t(`posttype.${p.post_type}` as any))} · ${esc(t('posts.staff', { n: num(p.staff) }))}<br>` +
        `${esc(t('posts.tipServed', { p: num(p.population_served), v: num(p.villages) }))}`,
    )
  })
  map.on('mousemove', 'gaps-circle', (e) => {
    const p = e.features?.[0]?.properties as any
    if (p)
      tip.show(
        e.point.x,
        e.point.y,
        `<strong>${esc(placeName(p))}</strong><br>${esc(t('posts.tipGap', { p: num(p.population), d: num(p.nearest_post_m) }))}`,
      )
  })
  for (const layer of ['posts-circle', 'gaps-circle']) map.on('mouseleave', layer, () => tip.hide())

  // Dragging a proposed post.
  let dragging: number | null = null
  map.on('mousedown', 'proposed-circle', (e) => {
    const f = e.features?.[0]
    if (!f || !result) return
    e.preventDefault()
    dragging = Number(f.properties!.i)
    map.dragPan.disable()
    map.getCanvas().style.cursor = 'grabbing'
  })
  map.on('mousemove', (e) => {
    if (dragging == null || !result) return
    result.proposed[dragging] = { ...result.proposed[dragging], lon: e.lngLat.lng, lat: e.lngLat.lat, village_code: null }
    drawProposed()
  })
  map.on('mouseup', () => {
    if (dragging == null) return
    dragging = null
    map.dragPan.enable()
    map.getCanvas().style.cursor = ''
    void reevaluate()
  })

  function download(name: string, type: string, text: string) {
    const a = h('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name })
    document.body.append(a)
    a.click()
    a.remove()
  }
  const exportCsv = () =>
    download(
      'proposed-posts.csv',
      'text/csv',
      `${[
        'lon,lat,village_code,name_en,name_km,province_code',
        ...result!.proposed.map((p) =>
          [
            p.lon.toFixed(6),
            p.lat.toFixed(6),
            p.village_code ?? '',
            `"${p.name_en.replace(/"/g, '""')}"`,
            `"${(p.name_km ?? '').replace(/"/g, '""')}"`,
            p.province_code ?? '',
          ].join(','),
        ),
      ].join('\n')}\n`,
    )
  const exportGeo = () =>
    download(
      'proposed-posts.geojson',
      'application/geo+json',
      JSON.stringify({
        type: 'FeatureCollection',
        properties: {
          problem: result!.problem,
          solver: result!.solver,
          radius_m: result!.radius_m,
          covered_before: result!.covered_before,
          covered_after: result!.covered_after,
          synthetic_posts: !!coverage?.synthetic_posts,
        },
        features: result!.proposed.map((p) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
          properties: p,
        })),
      }),
    )

  function render() {
    const parts: (Node | null)[] = [
      h('h2', {}, t('posts.title')),
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          name: 'posts',
          checked: on,
          onchange: (e: Event) => toggle((e.target as HTMLInputElement).checked),
        }),
        h('span', {}, t('posts.show')),
      ),
    ]
    if (on) {
      if (busy) parts.push(h('p', { class: 'muted' }, t('status.loading')))
      if (coverage) {
        const c = coverage.totals
        parts.push(
          h(
            'dl',
            { class: 'figures coverage' },
            h('dt', {}, t('posts.count')),
            h('dd', {}, `${fmtInt(c.posts)} · ${t('posts.staff', { n: fmtInt(c.staff) })}`),
            h('dt', {}, t('posts.covered')),
            h('dd', { class: 'covered-share' }, `${pct(c.covered, c.population)} (${fmtInt(c.covered)} / ${fmtInt(c.population)})`),
            h('dt', {}, t('posts.gaps')),
            h('dd', {}, t('posts.gapsValue', { v: fmtInt(coverage.gaps.villages), p: fmtInt(coverage.gaps.population) })),
          ),
          // A legend of its own (the PNG export draws every visible .legend).
          h(
            'div',
            { class: 'legend posts-legend' },
            h('h3', { class: 'visually-hidden' }, t('posts.title')),
            h('p', { class: 'muted small' }, t('posts.loadLegend')),
            h(
              'ul',
              { class: 'classes inline' },
              ...LOAD_COLORS.map((col, i) =>
                h(
                  'li',
                  {},
                  h('span', { class: 'swatch', style: { background: col } }),
                  h(
                    'span',
                    {},
                    i === 0
                      ? `< ${fmtInt(LOAD_BREAKS[0])}`
                      : i < LOAD_BREAKS.length
                        ? `${fmtInt(LOAD_BREAKS[i - 1])}–${fmtInt(LOAD_BREAKS[i])}`
                        : `≥ ${fmtInt(LOAD_BREAKS[i - 1])}`,
                  ),
                ),
              ),
            ),
            h(
              'p',
              { class: 'muted small gap-key' },
              h('span', { class: 'swatch round', style: { background: GAP_COLOR } }),
              ' ',
              t('posts.gapKey'),
            ),
          ),
          coverage.synthetic_posts ? h('p', { class: 'synthetic-note' }, t('posts.synthetic')) : null,
        )
      }
      if (canPlan) parts.push(plannerForm())
      if (progress)
        parts.push(
          h('div', { class: 'progress' }, h('div', { class: 'bar', style: { width: `${Math.round(progress.p * 100)}%` } })),
          h('p', { class: 'muted small job-stage' }, progress.stage),
        )
      if (result) parts.push(resultView(result))
      if (error) parts.push(h('p', { class: 'login-error' }, error))
    }
    el.replaceChildren(...(parts.filter(Boolean) as Node[]))
  }

  function plannerForm() {
    const problems: [string, string][] = [
      ['mclp', t('posts.mclp')],
      ['lscp', t('posts.lscp')],
      ['pmedian', t('posts.pmedian')],
    ]
    return h(
      'form',
      {
        class: 'planner',
        onsubmit: (e: Event) => {
          e.preventDefault()
          void run()
        },
      },
      h('h3', {}, t('posts.planner')),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('posts.problem')),
        h(
          'select',
          {
            name: 'problem',
            onchange: (e: Event) => {
              form.problem = (e.target as HTMLSelectElement).value
              render()
            },
          },
          ...problems.map(([v, l]) => h('option', { value: v, selected: v === form.problem }, l)),
        ),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('posts.weight')),
        h(
          'select',
          {
            name: 'weight',
            onchange: (e: Event) => {
              form.weight = (e.target as HTMLSelectElement).value
            },
          },
          ...(['population', 'risk', 'hotspot'] as const).map((v) =>
            h('option', { value: v, selected: v === form.weight }, t(`posts.weight.${v}`)),
          ),
        ),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('posts.k')),
        h('input', {
          type: 'number',
          name: 'k',
          min: 1,
          max: 500,
          value: String(form.k),
          onchange: (e: Event) => {
            form.k = Number((e.target as HTMLInputElement).value)
          },
        }),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('posts.radius')),
        h('input', {
          type: 'number',
          name: 'radius',
          min: 500,
          max: 50000,
          step: 500,
          value: String(form.radius),
          onchange: (e: Event) => {
            form.radius = Number((e.target as HTMLInputElement).value)
          },
        }),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('posts.relocate')),
        h('input', {
          type: 'number',
          name: 'relocate',
          min: 0,
          max: 500,
          value: String(form.relocate),
          disabled: form.problem !== 'mclp',
          onchange: (e: Event) => {
            form.relocate = Number((e.target as HTMLInputElement).value)
          },
        }),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', {}, t('posts.perProvince')),
        h('input', {
          type: 'number',
          name: 'per-province',
          min: 0,
          max: 500,
          value: String(form.perProvince),
          onchange: (e: Event) => {
            form.perProvince = Number((e.target as HTMLInputElement).value)
          },
        }),
      ),
      h(
        'div',
        { class: 'row candidates' },
        h(
          'button',
          {
            type: 'button',
            class: 'add-candidate',
            onclick: () => {
              adding = true
              document.body.dataset.placing = '1'
              map.getCanvas().style.cursor = 'crosshair'
              render()
            },
          },
          adding ? t('posts.clickMap') : t('posts.addCandidate'),
        ),
        extra.length
          ? h(
              'button',
              {
                type: 'button',
                class: 'link',
                onclick: () => {
                  extra.length = 0
                  drawExtra()
                  render()
                },
              },
              t('posts.clearCandidates', { n: String(extra.length) }),
            )
          : null,
      ),
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          name: 'exact',
          checked: form.exact,
          onchange: (e: Event) => {
            form.exact = (e.target as HTMLInputElement).checked
          },
        }),
        h('span', {}, t('posts.exact')),
      ),
      h('button', { type: 'submit', class: 'primary', disabled: !!progress }, t('posts.run')),
    )
  }

  function resultView(r: Result) {
    return h(
      'div',
      { class: 'result' },
      h('h3', {}, t('posts.result', { n: String(r.proposed.length) })),
      h(
        'dl',
        { class: 'figures' },
        h('dt', {}, t('posts.before')),
        h('dd', {}, `${pct(r.covered_before, r.population)} (${fmtInt(r.covered_before)})`),
        h('dt', {}, t('posts.after')),
        h('dd', { class: 'after' }, `${pct(r.covered_after, r.population)} (${fmtInt(r.covered_after)})`),
        h('dt', {}, t('posts.solver')),
        h('dd', {}, `${r.solver}${r.gap != null ? ` · gap ${(100 * r.gap).toFixed(2)}%` : ''} · ${fmtInt(r.ms)} ms`),
      ),
      h('ol', { class: 'proposed' }, ...r.proposed.map((p) => h('li', {}, placeName(p)))),
      r.moved_away?.length
        ? h(
            'p',
            { class: 'muted small moved-away' },
            t('posts.movedAway', { n: String(r.moved_away.length), names: r.moved_away.map((m) => placeName(m)).join(', ') }),
          )
        : null,
      h('p', { class: 'muted small' }, t('posts.drag')),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'export-csv', onclick: exportCsv }, 'CSV'),
        h('button', { type: 'button', class: 'export-geojson', onclick: exportGeo }, 'GeoJSON'),
      ),
    )
  }

  function toggle(v: boolean) {
    on = v
    showPostLayers(map, on)
    if (on && !coverage) void load()
    render()
  }

  render()
  return {
    render,
    reload: () => {
      coverage = null
      if (on) void load()
    },
    get on() {
      return on
    },
  }
}

/**
 * A small hand-written SVG line chart (no chart library): lines, dots, y grid, a few x labels, an optional vertical
 * marker. Positions marked incomplete (a period the data cover only in part) get hollow dots and dashed segments.
 */
const NS = 'http://www.w3.org/2000/svg'

export interface Series {
  name: string
  color: string
  values: (number | null)[]
  width?: number
  dash?: string
  dots?: boolean
}
export interface ChartSpec {
  labels: string[] // one per x position
  series: Series[]
  width?: number
  height?: number
  yMin?: number
  yMax?: number
  yFormat?: (v: number) => string
  marker?: { at: number; label: string } // a vertical line at a (fractional) x position
  title?: string
  incomplete?: boolean[] // per x position: drawn hollow and dashed
}

const INCOMPLETE_DASH = '4 3'

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v))
  if (text != null) e.textContent = text
  return e
}

/** "Nice" upper bound and step for about four grid lines. */
export function niceScale(lo: number, hi: number, ticks = 4): { lo: number; hi: number; step: number } {
  if (!(hi > lo)) hi = lo + 1
  const raw = (hi - lo) / ticks
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  return { lo: Math.floor(lo / step) * step, hi: Math.ceil(hi / step) * step, step }
}

export function lineChart(spec: ChartSpec): SVGSVGElement {
  const W = spec.width ?? 420,
    H = spec.height ?? 190
  const m = { l: 40, r: 10, t: spec.title ? 18 : 8, b: 34 }
  const all = spec.series.flatMap((s) => s.values).filter((v): v is number => v != null && Number.isFinite(v))
  const { lo, hi, step } = niceScale(spec.yMin ?? Math.min(0, ...all), spec.yMax ?? Math.max(...all, spec.yMin ?? 0))
  const n = spec.labels.length
  const x = (i: number) => m.l + (n <= 1 ? (W - m.l - m.r) / 2 : (i * (W - m.l - m.r)) / (n - 1))
  const y = (v: number) => m.t + (H - m.t - m.b) * (1 - (v - lo) / (hi - lo || 1))
  const fmt = spec.yFormat ?? ((v: number) => String(v))
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', class: 'chart', role: 'img' })
  if (spec.title) svg.append(el('title', {}, spec.title))
  // Grid and y labels.
  for (let v = lo; v <= hi + step / 2; v += step) {
    svg.append(el('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: 'grid' }))
    svg.append(el('text', { x: m.l - 4, y: y(v) + 3, 'text-anchor': 'end', class: 'tick' }, fmt(Number(v.toFixed(10)))))
  }
  const partial = (i: number) => spec.incomplete?.[i] ?? false
  // X labels: as many as fit (by their length), evenly spread, always the last.
  const longest = Math.max(1, ...spec.labels.map((l) => l.length))
  const fit = Math.max(2, Math.min(6, Math.floor((W - m.l - m.r) / (longest * 5.6 + 10))))
  const every = Math.max(1, Math.ceil(n / fit))
  spec.labels.forEach((l, i) => {
    if (i % every !== 0 && i !== n - 1) return
    if (i !== n - 1 && n - 1 - i < every / 2) return // too close to the last label
    svg.append(
      el(
        'text',
        {
          x: x(i),
          y: H - m.b + 14,
          'text-anchor': i === 0 && n > 1 ? 'start' : i === n - 1 && n > 1 ? 'end' : 'middle',
          class: partial(i) ? 'tick incomplete' : 'tick',
        },
        l,
      ),
    )
  })
  svg.append(el('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, class: 'axis' }))
  if (spec.marker) {
    const mx = m.l + (n <= 1 ? 0 : (spec.marker.at * (W - m.l - m.r)) / (n - 1))
    svg.append(el('line', { x1: mx, x2: mx, y1: m.t, y2: H - m.b, class: 'marker' }))
    svg.append(el('text', { x: mx + 3, y: m.t + 9, class: 'tick marker-label' }, spec.marker.label))
  }
  for (const s of spec.series) {
    // Breaks the line where a value is missing; a segment touching an incomplete position goes to the dashed path.
    let d = '',
      dashed = '',
      prev = -1,
      solidEnd = -1
    const pt = (i: number) => `${x(i).toFixed(1)},${y(s.values[i] as number).toFixed(1)}`
    s.values.forEach((v, i) => {
      if (v == null || !Number.isFinite(v)) {
        prev = -1
        return
      }
      if (prev < 0 || partial(prev) || partial(i)) {
        if (prev >= 0) dashed += `M${pt(prev)}L${pt(i)}`
        else if (!partial(i)) {
          d += `M${pt(i)}`
          solidEnd = i
        }
      } else {
        d += solidEnd === prev ? `L${pt(i)}` : `M${pt(prev)}L${pt(i)}`
        solidEnd = i
      }
      prev = i
    })
    const width = s.width ?? 1.5
    svg.append(
      el('path', {
        d: d || 'M0,0',
        fill: 'none',
        stroke: s.color,
        'stroke-width': width,
        ...(s.dash ? { 'stroke-dasharray': s.dash } : {}),
        class: 'series',
        'data-name': s.name,
      }),
    )
    if (dashed)
      svg.append(
        el('path', {
          d: dashed,
          fill: 'none',
          stroke: s.color,
          'stroke-width': width,
          'stroke-dasharray': INCOMPLETE_DASH,
          class: 'series-incomplete',
          'data-name': s.name,
        }),
      )
    if (s.dots ?? n <= 24)
      s.values.forEach((v, i) => {
        if (v == null || !Number.isFinite(v)) return
        const hollow = partial(i)
        svg.append(
          el('circle', {
            cx: x(i),
            cy: y(v),
            r: width + 0.8,
            fill: hollow ? '#fff' : s.color,
            ...(hollow ? { stroke: s.color, 'stroke-width': 1.4, class: 'incomplete' } : {}),
          }),
        )
      })
  }
  return svg
}

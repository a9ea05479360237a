import { label as common, type Lang, type LabelVars } from '../../common/labels/index.ts'
import { periodOfRange } from '../../common/periods.ts'
import { ATTRIBUTION } from '../geo/read-geodata.ts'
import { areaTitle, H, heading, M, W, type Briefing } from './briefing-canvas.ts'
import { label } from './labels.ts'
import type { View } from './map.ts'

type Sentence = [key: Parameters<typeof common>[1], vars?: LabelVars]

/** Page 2: the method of every figure, the provenance, how to reproduce the briefing, and the attribution. */
export function drawMethodPage(b: Briefing, view: View) {
  const { text, d, meta, lang } = b
  let py = M + 10
  const line = (s: string, o: { size?: number; bold?: boolean; color?: string; x?: number } = {}) => {
    const size = o.size ?? 8
    for (const l of text.wrap(s, W - 2 * M - (o.x ?? 0), size, o.bold)) {
      text.draw(l, M + (o.x ?? 0), py, { size, bold: o.bold, color: o.color })
      py += size + 4
    }
  }
  text.draw(`${label(lang, 'method')} — ${areaTitle(d, lang)}`, M, py, { size: 12, bold: true, maxWidth: W - 2 * M })
  py += 14
  if (lang === 'km') line(`${label('en', 'method')} — ${areaTitle(d)}`, { size: 8, color: '#666' })
  py += 4
  // In Khmer each sentence is followed by its English (the reference wording), smaller and grey.
  for (const [key, vars] of methodSentences(b, view)) {
    line(say(lang, key, vars))
    if (lang === 'km') line(say('en', key, vars), { size: 6.5, color: '#666', x: 10 })
  }
  py += 8
  heading(b, 'attribution', M, py, 10)
  py += 15
  for (const a of ATTRIBUTION) line(a, { size: 7.5, color: '#333' })
  if (d.data.synthetic) {
    const both = [label('en', 'synthetic'), label('km', 'synthetic')]
    line((lang === 'km' ? both.reverse() : both).join(' · '), { size: 8, bold: true, color: '#b42318' })
  }
  text.draw(`${label(lang, 'page')} 2 · SafeVillage ${meta.version}`, W - M, H - 12, { size: 6, color: '#666', align: 'right' })
}

/** A sentence with its parts (which are labels themselves) in the same language. */
function say(lang: Lang, key: Sentence[0], vars: LabelVars = {}): string {
  const v = { ...vars }
  for (const [k, x] of Object.entries(vars)) if (typeof x === 'string' && x.startsWith('pdf.')) v[k] = common(lang, x as Sentence[0], vars)
  return common(lang, key, v)
}

/** One sentence per figure. */
function methodSentences({ d, meta, lang }: Briefing, view: View): Sentence[] {
  const dm = d.density?.meta
  const hm = d.hotspots.meta
  const en = (n: number) => n.toLocaleString('en-US')
  const request = Object.entries(meta.request)
    .filter(([, v]) => v != null && v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const command = `npm run --silent briefing -- ${d.area.code ? `--area ${d.area.code} ` : ''}--from ${d.from} --to ${d.to}${meta.request.criteria ? ` --criteria ${meta.request.criteria}` : ''} --lang ${lang} --out briefing.pdf`
  return [
    [
      'pdf.mIncidents',
      {
        from: d.from,
        to: d.to,
        criteria: d.criteria.join(', '),
        pfrom: d.previous.from,
        pto: d.previous.to,
        how: periodOfRange(d.from, d.to) ? 'pdf.mPrevCalendar' : 'pdf.mPrevDays',
      },
    ],
    ...(d.counts.protected ? ([['pdf.mProtected'], ['pdf.mProtected2']] as Sentence[]) : []),
    dm
      ? [
          'pdf.mDensity',
          {
            kernel: dm.kernel,
            bandwidth: Math.round(dm.bandwidth),
            rule: dm.bandwidth_rule,
            cell: dm.cell,
            n: en(dm.incidents),
            max: dm.scale_max.toPrecision(3),
            unit: dm.unit,
          },
        ]
      : ['pdf.mNoDensity'],
    hm ? ['pdf.mHotspots', { n: hm.n, weights: hm.weights, fdr: String(hm.fdr) }] : ['pdf.mNoHotspots'],
    ['pdf.mSafe', { t: d.safety.thresholds.join('/') }],
    ['pdf.mPosts', { n: d.posts.length, demo: d.posts.some((p) => p.synthetic) ? 'pdf.mDemoPosts' : '', lat: view.lat0.toFixed(2) }],
    [
      'pdf.mData',
      {
        n: en(d.data.incidents),
        first: d.data.first ?? '–',
        last: d.data.last ?? '–',
        demo: d.data.synthetic ? 'pdf.mDemoData' : '',
        seed: d.data.demo?.seed ?? '–',
      },
    ],
    ['pdf.mSoftware', { version: meta.version, at: meta.generated_at, user: meta.user, request }],
    ['pdf.mReproduce', { command }],
  ]
}

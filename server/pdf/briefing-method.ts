import { ATTRIBUTION } from '../geo/read-geodata.ts'
import { areaTitle, H, M, W, type Briefing } from './briefing-canvas.ts'
import { label } from './labels.ts'
import type { View } from './map.ts'

/** Page 2: the method of every figure, the provenance, how to reproduce the briefing, and the attribution. */
export function drawMethodPage(b: Briefing, view: View) {
  const { text, t, d, meta } = b
  let py = M + 10
  const line = (s: string, o: { size?: number; bold?: boolean; color?: string } = {}) => {
    text.draw(s, M, py, { size: o.size ?? 8, bold: o.bold, color: o.color, maxWidth: W - 2 * M })
    py += (o.size ?? 8) + 5
  }
  line(`${t('method')} — ${areaTitle(d)}`, { size: 12, bold: true })
  py += 4
  for (const s of methodLines(b, view)) line(s)
  py += 8
  line(t('attribution'), { size: 10, bold: true })
  for (const a of ATTRIBUTION) line(a, { size: 7.5, color: '#333' })
  if (d.data.synthetic) line(`${label('en', 'synthetic')} · ${label('km', 'synthetic')}`, { size: 8, bold: true, color: '#b42318' })
  text.draw(`${t('page')} 2 · SafeVillage ${meta.version}`, W - M, H - 12, { size: 6, color: '#666', align: 'right' })
}

/** One sentence per figure (English: the method page is the reference). */
function methodLines({ d, meta, lang }: Briefing, view: View): string[] {
  const dm = d.density?.meta
  const hm = d.hotspots.meta
  return [
    `Incidents: ${d.from} to ${d.to} (local dates, Asia/Phnom_Penh), criteria ${d.criteria.join(', ')}; compared with ${d.previous.from} to ${d.previous.to} (${d.counts.protected ? 'the previous calendar period' : 'the same number of days just before'}).`,
    ...(d.counts.protected
      ? [
          'Protected figures (public view): counts, safe status, density and hot spots use published cells (cell-key method): 0 stays 0, 1 to k − 1 withheld, others ±2.',
          'The same cell always has the same value; withheld cells enter the analyses at k/2 (docs/privacy.md).',
        ]
      : []),
    dm
      ? `Density (KDE): ${dm.kernel} kernel, bandwidth ${Math.round(dm.bandwidth)} m (${dm.bandwidth_rule}), cell ${dm.cell} m, ${dm.incidents.toLocaleString('en-US')} incidents, computed in EPSG:32648 (UTM 48N) and resampled bilinearly onto the map; colour scale to ${dm.scale_max.toPrecision(3)} ${dm.unit} (99.5th percentile).`
      : 'Density: no incidents in the period.',
    hm
      ? `Hot spots: Getis–Ord Gi* on ${hm.n} villages (${hm.weights}), counts of incidents; p-values corrected for multiple testing (FDR, Benjamini–Hochberg) = ${hm.fdr}; bins at 90/95/99% confidence.`
      : 'Hot spots: too few villages with incidents to analyse.',
    `Safe status: a commune or village is safe when its count of each criterion in the period is at most ${d.safety.thresholds.join('/')} (criteria 1–5).`,
    `Posts: ${d.posts.length} police posts in the area${d.posts.some((p) => p.synthetic) ? ' (synthetic demo posts)' : ''}. Map: equirectangular, north up, scale true at ${view.lat0.toFixed(2)}° N.`,
    `Data: ${d.data.incidents.toLocaleString('en-US')} incidents visible to the requester, ${d.data.first ?? '–'} to ${d.data.last ?? '–'}${d.data.synthetic ? `; SYNTHETIC demo data, generator seed ${d.data.demo?.seed ?? '–'}` : ''}.`,
    `Software: SafeVillage ${meta.version}; generated ${meta.generated_at} for ${meta.user}; request ${Object.entries(meta.request)
      .filter(([, v]) => v != null && v !== '')
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}.`,
    `Reproduce: npm run --silent briefing -- ${d.area.code ? `--area ${d.area.code} ` : ''}--from ${d.from} --to ${d.to}${meta.request.criteria ? ` --criteria ${meta.request.criteria}` : ''} --lang ${lang} --out briefing.pdf`,
  ]
}

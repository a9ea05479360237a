import type { Column, Table } from '../formats/table.ts'
import { CRITERIA } from '../domain/criteria.ts'
import { ATTRIBUTION } from '../geo/read-geodata.ts'
import type { ministryReport } from './report.ts'

type Report = Awaited<ReturnType<typeof ministryReport>>

const LEVEL: Record<string, [string, string]> = {
  province: ['Province', 'ខេត្ត/រាជធានី'],
  district: ['District', 'ស្រុក/ក្រុង/ខណ្ឌ'],
  commune: ['Commune', 'ឃុំ/សង្កាត់'],
  village: ['Village', 'ភូមិ'],
}

/** The report as a bilingual table (CSV, XLSX, printable HTML). */
export function reportTable(r: Report, meta: { generated_at: string; version: string; synthetic: boolean; user: string }): Table {
  const [lvEn, lvKm] = LEVEL[r.level]
  const columns: Column[] = [
    { key: 'code', en: 'Code', km: 'លេខកូដ' },
    { key: 'name_en', en: lvEn, km: lvKm, kind: 'text' },
    { key: 'name_km', en: `${lvEn} (Khmer)`, km: `${lvKm} (ខ្មែរ)`, kind: 'text' },
    { key: 'population', en: 'Population', km: 'ចំនួនប្រជាជន', kind: 'int' },
    ...CRITERIA.map((c) => ({ key: `criterion_${c.id}`, en: `${c.id}. ${c.en}`, km: `${c.id}. ${c.km}`, kind: 'int' as const })),
    { key: 'total', en: 'Total', km: 'សរុប', kind: 'int' },
    { key: 'rate_per_1000', en: 'Per 1,000 people', km: 'ក្នុងប្រជាជន ១០០០ នាក់', kind: 'num' },
    { key: 'previous_total', en: `Previous (${r.period.previous.label_en})`, km: `មុន (${r.period.previous.label_km})`, kind: 'int' },
    { key: 'change', en: 'Change', km: 'បម្រែបម្រួល', kind: 'int' },
    { key: 'change_pct', en: 'Change %', km: 'បម្រែបម្រួល %', kind: 'num' },
    { key: 'safe', en: 'Safe', km: 'មានសុវត្ថិភាព', kind: 'bool' },
    { key: 'safe_communes', en: 'Safe communes', km: 'ឃុំមានសុវត្ថិភាព', kind: 'int' },
    { key: 'communes', en: 'Communes', km: 'ឃុំ/សង្កាត់', kind: 'int' },
    { key: 'safe_villages', en: 'Safe villages', km: 'ភូមិមានសុវត្ថិភាព', kind: 'int' },
    { key: 'villages', en: 'Villages', km: 'ភូមិ', kind: 'int' },
    { key: 'forum_held', en: 'Public forum held', km: 'បានរៀបចំវេទិកាសាធារណៈ', kind: 'bool' },
    { key: 'forums_held_communes', en: 'Communes with a forum', km: 'ឃុំដែលបានរៀបចំវេទិកា', kind: 'int' },
  ]
  const rows = r.rows.map((x) => [
    x.code,
    x.name_en,
    x.name_km,
    x.population,
    ...[1, 2, 3, 4, 5].map((c) => x.counts[String(c)]),
    x.total,
    x.rate_per_1000,
    x.previous_total,
    x.change,
    x.change_pct,
    x.safe,
    x.safe_communes,
    x.communes,
    x.safe_villages,
    x.villages,
    x.forum_held,
    x.forums_held_communes,
  ])
  const t = r.total
  const total = [
    'TOTAL',
    'Total',
    'សរុប',
    t.population,
    ...[1, 2, 3, 4, 5].map((c) => t.counts[String(c)]),
    t.total,
    t.rate_per_1000,
    t.previous_total,
    t.change,
    t.change_pct,
    null,
    t.safe_communes,
    t.communes,
    t.safe_villages,
    t.villages,
    null,
    t.forums_held_communes,
  ]
  const where = r.area ? `${r.area.name_en} (${r.area.code})` : 'Cambodia'
  const whereKm = r.area ? `${r.area.name_km ?? r.area.name_en}` : 'ព្រះរាជាណាចក្រកម្ពុជា'
  return {
    title_en: `Safety Village/Commune/Sangkat report — ${where} — ${r.period.label_en}`,
    title_km: `របាយការណ៍ គោលនយោបាយភូមិ ឃុំ/សង្កាត់ មានសុវត្ថិភាព — ${whereKm} — ${r.period.label_km}`,
    notes: [
      `Period: ${r.period.from} to ${r.period.to} (Asia/Phnom_Penh); compared with ${r.period.previous.label_en} (${r.period.previous.from} to ${r.period.previous.to}).` +
        (r.period.complete ? '' : ` INCOMPLETE: the data end on ${r.period.data_to ?? 'no date'}, before the period does.`),
      `Safe: at most ${r.thresholds.join('/')} incidents of criteria 1/2/3/4/5 in the period. Rate per 1,000 people in the period (2011 commune population; village figures estimated).`,
      'Public forum: a forum held in the period (a commune forum counts for its villages). Totals are counted from the raw incidents.',
      `Generated ${meta.generated_at} by ${meta.user} with SafeVillage ${meta.version}.${meta.synthetic ? ' SYNTHETIC DEMO DATA — not real incidents.' : ''}`,
      ...ATTRIBUTION,
    ],
    columns,
    rows,
    total,
  }
}

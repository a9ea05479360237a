import type { Column, Table } from '../formats/table.ts'
import { CRITERIA, criterionKey } from '../../common/criteria.ts'
import { bilingual as L, label } from '../../common/labels/index.ts'
import { ATTRIBUTION } from '../geo/read-geodata.ts'
import type { ministryReport } from './report.ts'

type Report = Awaited<ReturnType<typeof ministryReport>>

const LEVEL = { province: 'area.province', district: 'area.district', commune: 'area.commune', village: 'area.village' } as const

/** The report as a bilingual table (CSV, XLSX, printable HTML). */
export function reportTable(r: Report, meta: { generated_at: string; version: string; synthetic: boolean; user: string }): Table {
  const level = L(LEVEL[r.level])
  const columns: Column[] = [
    { key: 'code', ...L('col.code') },
    { key: 'name_en', ...level, kind: 'text' },
    { key: 'name_km', ...L('khmerName', { name: level.en }, { name: level.km }), kind: 'text' },
    { key: 'population', ...L('col.population'), kind: 'int' },
    ...CRITERIA.map((c) => {
      const name = L(criterionKey(c.id))
      return { key: `criterion_${c.id}`, en: `${c.id}. ${name.en}`, km: `${c.id}. ${name.km}`, kind: 'int' as const }
    }),
    { key: 'total', ...L('col.total'), kind: 'int' },
    { key: 'rate_per_1000', ...L('col.rate'), kind: 'num' },
    {
      key: 'previous_total',
      ...L('col.previous', { period: r.period.previous.label_en }, { period: r.period.previous.label_km }),
      kind: 'int',
    },
    { key: 'change', ...L('col.change'), kind: 'int' },
    { key: 'change_pct', ...L('col.changePct'), kind: 'num' },
    { key: 'safe', ...L('col.safe'), kind: 'bool' },
    { key: 'safe_communes', ...L('col.safeCommunes'), kind: 'int' },
    { key: 'communes', ...L('area.communes'), kind: 'int' },
    { key: 'safe_villages', ...L('col.safeVillages'), kind: 'int' },
    { key: 'villages', ...L('area.villages'), kind: 'int' },
    { key: 'forum_held', ...L('col.forumHeld'), kind: 'bool' },
    { key: 'forums_held_communes', ...L('col.forumCommunes'), kind: 'int' },
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
    label('en', 'col.total'),
    label('km', 'col.total'),
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
  const where = r.area ? `${r.area.name_en} (${r.area.code})` : label('en', 'cambodia')
  const whereKm = r.area ? `${r.area.name_km ?? r.area.name_en}` : label('km', 'cambodia')
  const title = L('title.report', { area: where, period: r.period.label_en }, { area: whereKm, period: r.period.label_km })
  return {
    title_en: title.en,
    title_km: title.km,
    notes: [
      `Period: ${r.period.from} to ${r.period.to} (Asia/Phnom_Penh); compared with ${r.period.previous.label_en} (${r.period.previous.from} to ${r.period.previous.to}).` +
        (r.period.complete ? '' : ` INCOMPLETE: the data end on ${r.period.data_to ?? 'no date'}, before the period does.`),
      `Safe: at most ${r.thresholds.join('/')} incidents of criteria 1/2/3/4/5 in the period. Rate per 1,000 people in the period (2011 commune population; village figures estimated).`,
      'Public forum: a forum held in the period (a commune forum counts for its villages). Totals are counted from the raw incidents.',
      `Generated ${meta.generated_at} by ${meta.user} with SafeVillage ${meta.version}.${meta.synthetic ? ` ${label('en', 'synthetic')}.` : ''}`,
      ...ATTRIBUTION,
    ],
    columns,
    rows,
    total,
  }
}

// npm run bench:briefing: the briefing PDF (issue 7 goal: a province in under 10 s), per stage, on the app's
// database (DATABASE_URL or the embedded one), for the largest, a middle and a small province, in English and Khmer.
import { FULL_ACCESS } from '../server/auth/roles.ts'
import { bootstrap } from '../server/bootstrap.ts'
import { loadConfig } from '../server/config.ts'
import { parseThresholds } from '../server/domain/safety.ts'
import { renderBriefing } from '../server/pdf/briefing-pdf.ts'
import { briefingData } from '../server/services/briefing-data.ts'

const cfg = loadConfig()
const db = await bootstrap(cfg, (s) => console.error(s))
const [range] = await db.query<{ last: string }>(
  `SELECT to_char(max(occurred_at) AT TIME ZONE 'Asia/Phnom_Penh', 'YYYY-MM-DD') AS last FROM incidents`,
)
const to = range.last,
  from = new Date(Date.parse(to) - 89 * 86_400_000).toISOString().slice(0, 10)
const provinces = await db.query<{ code: string; name_en: string; n: number }>(
  `SELECT a.code, a.name_en, count(i.id)::int AS n FROM areas a LEFT JOIN incidents i ON i.province_code = a.code
   WHERE a.level = 'province' GROUP BY 1, 2 ORDER BY n DESC`,
)
const pick = [provinces[0], provinces[Math.floor(provinces.length / 2)], provinces[provinces.length - 1]]
console.log(`briefing PDF, ${from} to ${to} (${db.engine}):`)
console.log('area                          lang   data ms  render ms  total ms   bytes   goal < 10,000 ms')
const totals: number[] = []
for (const p of [...pick, { code: undefined as unknown as string, name_en: 'Cambodia (national)', n: 0 }]) {
  for (const lang of ['en', 'km'] as const) {
    const t0 = performance.now()
    const d = await briefingData(db, { area: p.code, from, to, access: FULL_ACCESS, thresholds: parseThresholds(cfg.SAFE_THRESHOLDS) })
    const t1 = performance.now()
    const pdf = await renderBriefing(d, {
      lang,
      version: 'bench',
      user: 'bench',
      generated_at: new Date().toISOString(),
      request: { area: p.code, from, to, lang },
    })
    const t2 = performance.now()
    if (p.code) totals.push(t2 - t0)
    console.log(
      `${`${p.name_en}${p.code ? ` (${p.code})` : ''}`.padEnd(30)}${lang.padEnd(5)}${Math.round(t1 - t0)
        .toString()
        .padStart(9)}${Math.round(t2 - t1)
        .toString()
        .padStart(11)}${Math.round(t2 - t0)
        .toString()
        .padStart(10)}${pdf.length.toLocaleString('en-US').padStart(10)}   ${t2 - t0 < 10_000 ? 'ok' : 'OVER'}`,
    )
  }
}
console.log(
  `province briefings: worst ${Math.round(Math.max(...totals))} ms = ${(Math.max(...totals) / 10_000).toFixed(2)} × the 10 s goal`,
)
await db.close()

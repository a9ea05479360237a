// npm run privacy:accuracy — what the viewers' disclosure control costs in accuracy, on the app's database
// (the embedded one in DATA_DIR, or DATABASE_URL). For every province, district, commune and village and every
// calendar quarter and year of the data, the published cell (server/domain/disclosure.ts) against the true count:
// the share of non-zero cells withheld, the share changed, the mean absolute change, and the relative error of
// larger cells. Prints a table; nothing is written.
import { FULL_ACCESS } from '../server/auth/roles.ts'
import { bootstrap } from '../server/bootstrap.ts'
import { loadConfig, DEFAULT_PRIVACY } from '../server/config.ts'
import { criterionCells, type AnyLevel } from '../server/db/queries/policy-units.ts'
import { publish } from '../server/domain/disclosure.ts'
import { periodsBetween, type PeriodType } from '../common/periods.ts'

const cfg = loadConfig()
const db = await bootstrap(cfg, () => {})
const k = Number(process.env.PRIVACY_K ?? DEFAULT_PRIVACY.k)
const [span] = await db.query<{ a: string; b: string }>(
  `SELECT to_char(min(occurred_at) AT TIME ZONE 'Asia/Phnom_Penh', 'YYYY-MM-DD') AS a, to_char(max(occurred_at) AT TIME ZONE 'Asia/Phnom_Penh', 'YYYY-MM-DD') AS b FROM incidents`,
)
console.log(`k = ${k}; incidents from ${span.a} to ${span.b}`)
console.log('level     period   cells≠0  withheld  changed  mean |Δ|  mean |Δ|/n (n≥20)  total of |Δ| / total')
for (const level of ['province', 'district', 'commune', 'village'] as AnyLevel[]) {
  for (const type of ['quarter', 'year'] as PeriodType[]) {
    let cells = 0,
      withheld = 0,
      changed = 0,
      abs = 0,
      shown = 0,
      rel = 0,
      big = 0,
      total = 0
    for (const p of periodsBetween(type, span.a, span.b)) {
      for (const c of (await criterionCells(db, level, { from: p.from, to: p.to, access: FULL_ACCESS })).values()) {
        for (let i = 0; i < 6; i++) {
          const n = c.n[i]
          if (n <= 0) continue
          cells++
          total += n
          const v = publish(n, c.ks[i], k)
          if (v == null) {
            withheld++
            continue
          }
          shown++
          abs += Math.abs(v - n)
          if (v !== n) changed++
          if (n >= 20) {
            big++
            rel += Math.abs(v - n) / n
          }
        }
      }
    }
    const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '–')
    console.log(
      `${level.padEnd(9)} ${type.padEnd(8)} ${String(cells).padStart(7)}  ${pct(withheld, cells).padStart(8)}  ${pct(changed, shown).padStart(7)}  ${(shown ? abs / shown : 0).toFixed(2).padStart(8)}  ${(big ? pct(rel, big) : '–').padStart(17)}  ${pct(abs, total).padStart(8)}`,
    )
  }
}
await db.close()

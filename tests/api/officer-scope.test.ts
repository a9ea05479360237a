import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/app.ts'

const t = useTestApp()

/** The demo officer's area is Phnom Penh (12); search must not offer places outside it. */
describe("an officer's place search", () => {
  const names = async (q: string, who: 'admin' | 'officer') => {
    const res = await t.get(`/api/search?q=${encodeURIComponent(q)}&limit=50`, who)
    expect(res.status).toBe(200)
    return (await res.json()) as { code: string; name_en: string }[]
  }

  it('finds Battambang for an admin but not for the Phnom Penh officer', async () => {
    expect((await names('Battambang', 'admin')).some((h) => h.code === '02')).toBe(true)
    expect(await names('Battambang', 'officer')).toEqual([])
  })

  it('offers the officer only places inside the area', async () => {
    const all = await names('Chrey', 'admin')
    expect(all.some((h) => !h.code.startsWith('12'))).toBe(true)
    const mine = await names('Chrey', 'officer')
    for (const h of mine) expect(h.code.startsWith('12')).toBe(true)
    expect(mine.length).toBeGreaterThan(0)
  })

  it('still finds places inside the area', async () => {
    const hits = await names('Phnom Penh', 'officer')
    expect(hits.some((h) => h.code === '12')).toBe(true)
  })
})

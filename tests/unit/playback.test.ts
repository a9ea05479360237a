import { describe, expect, it } from 'vitest'
import { viewerQueryProblem } from '../../server/auth/disclosure-rules.ts'
import { framesOf, nextFrame, startFrame } from '../../web/panels/playback.ts'
import { monthsBetween } from '../../web/panels/filters.ts'
import { filterParams, lastDay, parseState } from '../../web/state.ts'

// Time playback's frames (web/panels/playback.ts): which periods play steps through, where it starts and ends.
const MONTHS = monthsBetween('2023-11', '2026-10') // the test data's span: 36 months

describe('playback frames', () => {
  it('plays one month at a time when the whole span is shown', () => {
    const { frames, at } = framesOf({ from: null, to: null }, MONTHS, false)
    expect(frames.length).toBe(36)
    expect(frames[0]).toEqual({ from: '2023-11', to: '2023-11' })
    expect(frames.at(-1)).toEqual({ from: '2026-10', to: '2026-10' })
    expect(at).toBe(-1)
    expect(startFrame(at, frames.length)).toBe(0)
  })

  it('slides the chosen window one month a step, keeping its width', () => {
    const { frames, at } = framesOf({ from: '2024-02', to: '2024-04' }, MONTHS, false)
    expect(frames.length).toBe(34)
    expect(frames[at]).toEqual({ from: '2024-02', to: '2024-04' })
    expect(frames[at + 1]).toEqual({ from: '2024-03', to: '2024-05' })
    expect(startFrame(at, frames.length)).toBe(at) // plays on from where it is
  })

  it('stops at the last frame, or goes round to the first with loop; play at the end starts again', () => {
    expect(nextFrame(34, 36, false)).toBe(35)
    expect(nextFrame(35, 36, false)).toBeNull()
    expect(nextFrame(35, 36, true)).toBe(0)
    expect(startFrame(35, 36)).toBe(0)
    expect(nextFrame(0, 0, true)).toBeNull()
  })

  it('gives a viewer calendar periods of the type in their select (months for all dates), each one the server publishes', () => {
    const months = framesOf({ from: null, to: null }, MONTHS, true)
    expect(months.frames.length).toBe(36)
    expect(months.frames[0]).toMatchObject({ from: '2023-11', to: '2023-11', period: { type: 'month', year: 2023, index: 11 } })
    const quarters = framesOf({ from: '2025-04', to: '2025-06' }, MONTHS, true)
    expect(quarters.frames.map((f) => `${f.from}..${f.to}`).slice(0, 2)).toEqual(['2023-10..2023-12', '2024-01..2024-03'])
    expect(quarters.frames[quarters.at]).toMatchObject({ from: '2025-04', to: '2025-06', period: { type: 'quarter', index: 2 } })
    for (const { frames } of [months, quarters, framesOf({ from: '2024-01', to: '2024-12' }, MONTHS, true)]) {
      for (const f of frames) {
        // The viewer's request for the frame (state → API parameters) passes the disclosure rules.
        const q = Object.fromEntries(filterParams({ ...parseState(''), from: f.from, to: f.to }))
        expect(q).toEqual({ from: `${f.from}-01`, to: lastDay(f.to) })
        expect(viewerQueryProblem('GET /api/stats/areas', q)).toBeNull()
      }
    }
  })
})

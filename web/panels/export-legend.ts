import { t } from '../i18n/index.ts'

/**
 * Reads the legends shown on screen (every visible legend panel) into a plain list of titles, swatches, ramps and
 * notes, so the PNG export draws exactly what the map's legends say, in the current language.
 */
export type LegendLine =
  | { kind: 'title'; text: string }
  | { kind: 'item'; text: string; color: string | null; image: CanvasImageSource | null; ring: string | null }
  | { kind: 'ramp'; colors: string[]; from: string; to: string }
  | { kind: 'note'; text: string }

const visible = (el: Element) => (el as HTMLElement).offsetParent !== null && !(el as HTMLElement).hidden

const solid = (c: string) => c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent'

function swatchOf(li: Element): { color: string | null; image: CanvasImageSource | null; ring: string | null } {
  const img = li.querySelector('img, canvas') as HTMLImageElement | HTMLCanvasElement | null
  if (img) return { color: null, image: img, ring: null }
  const sw = li.querySelector('.swatch, .dot, .sym, span[style]') as HTMLElement | null
  if (!sw) return { color: null, image: null, ring: null }
  const cs = getComputedStyle(sw)
  const ring = cs.borderStyle !== 'none' && parseFloat(cs.borderWidth) > 0 && solid(cs.borderColor) ? cs.borderColor : null
  return { color: solid(cs.backgroundColor) ? cs.backgroundColor : null, image: null, ring }
}

function rampColors(el: HTMLElement): string[] {
  const bg = getComputedStyle(el).backgroundImage
  return bg.match(/rgba?\([^)]*\)|#[0-9a-f]{3,8}/gi) ?? []
}

/** The legend dock's sections (web/panels/legend-dock.ts), the map's legend first; a collapsed dock still counts. */
export function readLegends(selectors = ['#legend', '#policy-legend', '#posts-legend']): LegendLine[][] {
  const seen = new Set<Element>()
  const boxes: LegendLine[][] = []
  for (const sel of selectors)
    for (const box of document.querySelectorAll(sel)) {
      if (seen.has(box) || !visible(box)) continue
      seen.add(box)
      const lines: LegendLine[] = []
      const walk = (el: Element) => {
        for (const c of el.children) {
          if (!visible(c) && c.tagName !== 'LI') continue
          const tag = c.tagName
          if (/^H[1-4]$/.test(tag)) lines.push({ kind: 'title', text: c.textContent!.trim() })
          else if (tag === 'LI') lines.push({ kind: 'item', text: c.textContent!.trim(), ...swatchOf(c) })
          else if (c.classList.contains('density-ramp') || c.classList.contains('heat-ramp') || c.classList.contains('ramp')) {
            const labels = c.nextElementSibling?.classList.contains('ramp-labels')
              ? [...c.nextElementSibling.children].map((x) => x.textContent ?? '')
              : ['', '']
            lines.push({ kind: 'ramp', colors: rampColors(c as HTMLElement), from: labels[0] ?? '', to: labels[labels.length - 1] ?? '' })
          } else if (c.classList.contains('ramp-labels')) continue
          else if (tag === 'UL' || tag === 'OL' || tag === 'DIV' || tag === 'SECTION') walk(c)
          else if (tag === 'P' && c.classList.contains('crit-key')) lines.push(...criteriaKey(c))
          else if (tag === 'P' && c.querySelector('.swatch, .dot'))
            lines.push({ kind: 'item', text: c.textContent!.trim(), ...swatchOf(c) })
          else if (tag === 'P' && c.textContent!.trim()) lines.push({ kind: 'note', text: c.textContent!.trim() })
        }
      }
      walk(box)
      if (lines.length) boxes.push(lines)
    }
  return boxes
}

/**
 * The clusters' colour key: on screen it points to the Filter panel; a PNG cannot, so it lists the criteria chosen
 * (each dot's title) with their colours.
 */
function criteriaKey(p: Element): LegendLine[] {
  const items = [...p.querySelectorAll<HTMLElement>('.dot')].map((d): LegendLine => {
    const bg = getComputedStyle(d).backgroundColor
    return { kind: 'item', text: d.title, color: solid(bg) ? bg : null, image: null, ring: null }
  })
  return [{ kind: 'note', text: t('export.clusterKey') }, ...items]
}

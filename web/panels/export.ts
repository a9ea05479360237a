import type { LayersList } from '@deck.gl/core'
import type { Map } from 'maplibre-gl'
import { monthEnd as monthEndOf } from '../../common/periods.ts'
import type { Meta } from '../api.ts'
import { getLang, t } from '../i18n/index.ts'
import { analysisKey, exportSizeKey } from '../i18n/keys.ts'
import { me } from '../session.ts'
import type { Store } from '../state.ts'
import { ApiError, download, isConnectionError, refusalText, saveBlob } from '../client.ts'
import { connectionMessage } from '../offline/state.ts'
import { recordExport } from '../test-handle.ts'
import { byId, h, patch } from './dom.ts'
import { EXPORT_SIZES, exportPng, type ExportResult, type ExportSize, type ExportStep, type ExportText } from './export-png.ts'

const monthEnd = (ym: string) => monthEndOf(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)))

type Period = { from: string; to: string; all: boolean }

/** The period the filters select, as dates (the data's whole range when none is chosen). */
function periodOf(store: Store, meta: Meta): Period {
  const s = store.get()
  const from = s.from ? `${s.from}-01` : (meta.time_range.from ?? '')
  const to = s.to ? monthEnd(s.to) : (meta.time_range.to ?? '')
  return { from, to, all: !s.from && !s.to }
}

/** The selected area's name, as the breadcrumb shows it, or the country's. */
function areaName(store: Store): string {
  const crumbs = [...document.querySelectorAll('#breadcrumb a, #breadcrumb span, #breadcrumb strong')]
    .map((x) => x.textContent?.trim())
    .filter(Boolean)
  return store.get().sel && crumbs.length ? crumbs[crumbs.length - 1]! : t('export.country')
}

/** The words drawn on the PNG: title, period and filters, attribution, north and the scale's unit. */
function exportText(store: Store, meta: Meta): ExportText {
  const s = store.get()
  const p = periodOf(store, meta)
  const crit = s.criteria.length === 5 ? '1–5' : s.criteria.join(', ')
  const layer = s.an !== 'none' ? t('export.analysis', { a: t(analysisKey(s.an)) }) : ''
  return {
    title: `SafeVillage — ${areaName(store)}`,
    period: p.all ? t('export.allData', { from: p.from, to: p.to }) : t('export.period', { from: p.from, to: p.to }),
    filters: [t('export.criteria', { c: crit }), layer].filter(Boolean).join(' · '),
    attribution: [...meta.attribution, ...(meta.synthetic ? [t('export.syntheticNote')] : [])],
    synthetic: meta.synthetic ? t('export.syntheticNote') : null,
    north: t('export.north'),
    scaleUnit: (m) => (m >= 1000 ? `${m / 1000} km` : `${m} m`),
  }
}

const STEP_KEYS = { render: 'export.stepRender', compose: 'export.stepCompose', encode: 'export.stepEncode' } as const

function sizePicker(size: ExportSize, busy: boolean, onPick: (s: ExportSize) => void) {
  return h(
    'label',
    { class: 'row' },
    t('export.size'),
    ' ',
    h(
      'select',
      {
        id: 'export-size',
        disabled: busy,
        onchange: (e: Event) => {
          onPick((e.target as HTMLSelectElement).value as ExportSize)
        },
      },
      ...(Object.keys(EXPORT_SIZES) as ExportSize[]).map((k) => h('option', { value: k, selected: k === size }, t(exportSizeKey(k)))),
    ),
  )
}

/**
 * The briefing PDF's link for the area and period; a viewer's briefing is for a calendar period (the server refuses
 * all dates' data range with a 400). A click downloads it through the API client (`onBriefing`), so a lost
 * connection or a refusal is said in the panel, never a silent failure.
 */
function briefingLinks(store: Store, p: Period, area: string | null, onBriefing: (href: string) => void) {
  const q = new URLSearchParams({ ...(area ? { area } : {}), from: p.from, to: p.to, lang: getLang() })
  const crit = store.get().criteria
  if (crit.length && crit.length < 5) q.set('criteria', crit.join(','))
  return p.all && me().privacy.k > 0
    ? [h('p', { class: 'muted', id: 'export-briefing-period' }, t('export.briefingPeriod'))]
    : [
        h(
          'p',
          {},
          h(
            'a',
            {
              id: 'export-briefing',
              href: `/api/exports/briefing.pdf?${q}`,
              download: '',
              onclick: (e: MouseEvent) => {
                if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return
                e.preventDefault()
                onBriefing((e.currentTarget as HTMLAnchorElement).getAttribute('href') ?? '')
              },
            },
            t('export.briefing'),
          ),
        ),
        h('p', { class: 'muted' }, t('export.briefingHint', { area: areaName(store), from: p.from, to: p.to })),
      ]
}

/** The export panel: the map as a PNG (screen or print size) with its legends, and the server's briefing PDF. */
export function createExportPanel(map: Map, layers: () => LayersList, store: Store, meta: Meta, areaOf: () => string | null) {
  const el = byId('export')
  let size: ExportSize = 'screen'
  let busy = false
  let message: string | null = null
  let offline = false // the last briefing download failed for the connection: said in the language shown

  async function run() {
    busy = true
    offline = false
    const spec = EXPORT_SIZES[size]
    const c = map.getCanvas()
    const px = { w: String(spec?.w ?? c.width), h: String(spec?.h ?? c.height) }
    const steps: { text: string; disabled: boolean }[] = []
    // Each step shows in the status line; the record keeps what was shown and whether the button was disabled.
    const onStep = (step: ExportStep) => {
      message = t(STEP_KEYS[step], { ...px, n: String(steps.length + 1), of: '3' })
      render()
      steps.push({ text: message, disabled: (byId('export-png') as HTMLButtonElement).disabled })
    }
    try {
      const res: ExportResult = await exportPng(map, layers, size, exportText(store, meta), onStep)
      const file = `safevillage-${areaOf() ?? 'KH'}-${new Date().toISOString().slice(0, 10)}-${size}.png`
      saveBlob(res.blob, file)
      const { blob: _, ...rec } = res
      recordExport({ ...rec, file, steps })
      message = t('export.done', { file, w: String(res.width), h: String(res.height) })
    } catch (e) {
      message = t('export.failed', { e: (e as Error).message })
    }
    busy = false
    render()
  }

  async function briefing(href: string) {
    message = t('offline.downloading', { file: 'PDF' })
    offline = false
    render()
    try {
      const file = await download(href, 'briefing.pdf')
      message = t('export.briefingSaved', { file })
    } catch (e) {
      offline = isConnectionError(e)
      message = e instanceof ApiError ? refusalText(e) : t('offline.downloadFailed', { e: (e as Error).message })
    }
    render()
  }

  function render() {
    patch(
      el,
      h('h2', {}, t('export.title')),
      sizePicker(size, busy, (s) => {
        size = s
      }),
      h('button', { id: 'export-png', type: 'button', disabled: busy, onclick: () => run() }, t('export.png')),
      message ? h('p', { class: 'muted', id: 'export-status' }, offline ? connectionMessage() : message) : '',
      ...briefingLinks(store, periodOf(store, meta), areaOf(), (href) => void briefing(href)),
    )
  }
  render()
  return { render }
}

import type { AppCtx } from './context.ts'

/** Once the map has drawn what was loaded (and nothing is pending), the page says so: data-ready and data-renders. */
export function markReady({ map, status, data }: AppCtx) {
  map.once('idle', () => {
    if (status.pending === 0) {
      document.body.dataset.ready = '1'
      document.body.dataset.renders = String(data.get().renders)
    }
  })
  map.triggerRepaint()
}

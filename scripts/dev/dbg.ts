import { launchChromium } from '../../tests/helpers/browser.ts'
const b = await launchChromium()
const p = await b.newPage({ viewport: { width: 1400, height: 900 } })
p.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)))
p.on('pageerror', (e) => console.log('pageerror ' + e.message))
await p.goto('http://127.0.0.1:5180/')
await p.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 90000 })
console.log(await p.evaluate(() => {
  const sv = (window as any).__sv
  const deck = sv.overlay._deck
  return JSON.stringify({ layers: deck?.props.layers.map((l: any) => [l.id, l.props.data?.length]), styleLayers: sv.map.getStyle().layers.map((l: any) => l.id + ':' + l.type) })
}))
await b.close()

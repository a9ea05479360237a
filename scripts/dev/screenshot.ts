import { launchChromium } from '../../tests/helpers/browser.ts'
const url = process.argv[2],
  out = process.argv[3]
const b = await launchChromium()
const p = await b.newPage({ viewport: { width: 1400, height: 900 } })
const errs: string[] = []
p.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') errs.push(`${m.type()}: ${m.text()}`)
})
p.on('pageerror', (e) => errs.push(`pageerror ${e.message}`))
p.on('request', (r) => {
  if (!r.url().startsWith('http://127.0.0.1') && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
    errs.push(`EXTERNAL ${r.url()}`)
})
const t0 = Date.now()
await p.goto(url)
await p.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 90000 }).catch(() => errs.push('not ready'))
console.log('ready in', Date.now() - t0, 'ms')
await p.waitForTimeout(500)
await p.screenshot({ path: out })
console.log(errs.join('\n'))
await b.close()

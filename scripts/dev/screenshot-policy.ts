// npx tsx scripts/dev/screenshot-policy.ts <url> <png> <username> <password> [height] [js to run after ready]
// Like screenshot-as.ts, with a taller window and an optional script (e.g. clicks) before the shot; prints console errors.
import { launchChromium } from '../../tests/helpers/browser.ts'
const [url, out, username, password, height, js] = process.argv.slice(2)
const b = await launchChromium()
const p = await b.newPage({ viewport: { width: 1400, height: Number(height ?? 900) } })
const errs: string[] = []
p.on('console', (m) => {
  if (m.type() === 'error') errs.push(`${m.type()}: ${m.text()}`)
})
p.on('pageerror', (e) => errs.push(`pageerror ${e.message}`))
await p.goto(url)
await p.waitForSelector('#login-username')
await p.fill('#login-username', username)
await p.fill('#login-password', password)
await p.click('.login-form button[type=submit]')
await p.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 90000 }).catch(() => errs.push('not ready'))
await p
  .waitForFunction(() => !document.querySelector('#policy .pol-loading'), null, { timeout: 90000 })
  .catch(() => errs.push('policy still loading'))
if (js) {
  await p.evaluate(js)
  await p.waitForTimeout(1500)
  await p
    .waitForFunction(() => !document.querySelector('#policy .pol-loading'), null, { timeout: 90000 })
    .catch(() => errs.push('policy still loading'))
}
await p.waitForTimeout(800)
await p.screenshot({ path: out })
console.log(errs.join('\n'))
await b.close()

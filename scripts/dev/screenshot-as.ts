// npx tsx scripts/dev/screenshot-as.ts <url> <png> [username password]: screenshots the login screen, or logs in first.
import { launchChromium } from '../../tests/helpers/browser.ts'
const [url, out, username, password] = process.argv.slice(2)
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
await p.goto(url)
await p.waitForSelector('#login-username')
if (username) {
  await p.fill('#login-username', username)
  await p.fill('#login-password', password)
  await p.click('.login-form button[type=submit]')
  await p.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 90000 }).catch(() => errs.push('not ready'))
  await p.waitForTimeout(500)
}
await p.screenshot({ path: out })
console.log(errs.join('\n'))
await b.close()

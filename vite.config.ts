import { createHash } from 'node:crypto'
import path from 'node:path'
import { build, defineConfig, type Plugin } from 'vite'

/**
 * The service worker (web/sw.ts) as /sw.js, a classic script at the root scope, built once the app is written:
 * it gets the list of the build's files (index.html and every file of /assets, fonts included) and a hash of them,
 * which names its cache, so a new build installs a new worker with its own copy.
 */
function serviceWorker(): Plugin {
  let root = ''
  let outDir = ''
  return {
    name: 'sv-service-worker',
    apply: 'build',
    configResolved(c) {
      root = c.root
      outDir = path.resolve(c.root, c.build.outDir)
    },
    async writeBundle(_, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => f !== 'sw.js')
        .sort()
      const hash = createHash('sha256')
      for (const f of files) {
        const item = bundle[f]
        hash.update(f)
        hash.update(item.type === 'chunk' ? item.code : item.source)
      }
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        publicDir: false,
        define: {
          __SV_SHELL__: JSON.stringify(files.map((f) => `/${f}`)),
          __SV_BUILD__: JSON.stringify(hash.digest('hex').slice(0, 16)),
        },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          minify: true,
          lib: { entry: path.resolve(root, 'sw.ts'), formats: ['iife'], name: 'svServiceWorker', fileName: () => 'sw.js' },
        },
      })
    },
  }
}

// The web app lives in web/ and builds to dist/, which the Hono server serves. Everything is bundled:
// the app fetches nothing but its own /api.
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [serviceWorker()],
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 3000, sourcemap: false },
  server: { proxy: { '/api': `http://127.0.0.1:${process.env.API_PORT ?? 5173}` } },
})

import { defineConfig } from 'vite'

// The web app lives in web/ and builds to dist/, which the Hono server serves. Everything is bundled:
// the app fetches nothing but its own /api.
export default defineConfig({
  root: 'web',
  base: '/',
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 3000, sourcemap: false },
  server: { proxy: { '/api': `http://127.0.0.1:${process.env.API_PORT ?? 5173}` } },
})

import { defineConfig } from 'vitest/config'
import ProjectTimesReporter from './tests/helpers/project-times-reporter.ts'

// The unit and API suite always runs on embedded PGlite; with TEST_DATABASE_URL set it runs
// again on PostgreSQL + PostGIS. The browser suite runs once.
const withPostgres = !!process.env.TEST_DATABASE_URL
const common = { testTimeout: 120_000, hookTimeout: 600_000 }

export default defineConfig({
  test: {
    pool: 'forks',
    // Per-project times first, so vitest's own summary stays the closing lines (CI reads them).
    reporters: [new ProjectTimesReporter(), 'default'],
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...common,
          name: 'pglite',
          include: ['tests/unit/**/*.test.ts', 'tests/api/**/*.test.ts', 'tests/security/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          env: { TEST_ENGINE: 'pglite' },
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                ...common,
                name: 'postgres',
                include: ['tests/api/**/*.test.ts', 'tests/security/**/*.test.ts'],
                globalSetup: ['tests/helpers/global-setup.ts'],
                env: { TEST_ENGINE: 'postgres' },
              },
            },
          ]
        : []),
      {
        test: {
          ...common,
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          globalSetup: ['tests/helpers/global-setup.ts'],
          env: { TEST_ENGINE: 'pglite' },
        },
      },
    ],
  },
})

import { defineConfig } from 'vitest/config';

/**
 * The suites that run a second time on the PostgreSQL-backed Temporal server (infra/temporal/server/,
 * started by `npm test`), as a district runs it: actions, visibility queries, faults, worker kills,
 * namespace set-up. `--project default` runs everything on the dev server only.
 */
const postgresServerSuites = [
  'tests/workflows/case-actions.test.ts',
  'tests/workflows/faults.test.ts',
  'tests/workflows/worker-crash.test.ts',
  'tests/engine/temporal-setup.test.ts',
];

export default defineConfig({
  test: {
    // No root `include`: a project's `extends: true` would add its own to it, and the second project
    // would run everything again.
    // Temporal and PostgreSQL suites start real servers; 2 cores do not gain from many forks.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['tests/**/*.test.ts'],
        },
      },
      {
        extends: true,
        // Each environment registers its own namespace on a shared server, and a fresh namespace's first
        // workflow tasks are slow: set-up and a whole case take longer than on a dev server.
        test: {
          name: 'temporal-postgres',
          include: postgresServerSuites,
          env: { MOTCUA_TEST_TEMPORAL_SERVER: 'postgres' },
          hookTimeout: 240_000,
          testTimeout: 180_000,
        },
      },
    ],
  },
});

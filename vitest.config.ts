import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules/**', 'test/bench/**'],
    // DuckDB is a native addon: run test files in child processes.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Dates must not depend on the machine's time zone: run tests far from UTC.
    env: { TZ: 'America/Los_Angeles', OBSERVABLE_TELEMETRY_DISABLE: 'true' },
  },
});

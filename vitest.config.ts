import { defineConfig } from 'vitest/config';

/** The bureau's suite, which `npm test` runs a second time on PostgreSQL (CAREDESK_TEST_ENGINE=postgres). */
export const BUREAU_SUITE = [
  'test/integration/bureauImport.test.ts',
  'test/integration/bureauForward.test.ts',
  'test/integration/regionWarnings.test.ts',
  'test/postgres/**/*.test.ts',
];

const onPostgres = process.env.CAREDESK_TEST_ENGINE === 'postgres';

export default defineConfig({
  test: {
    include: onPostgres ? BUREAU_SUITE : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Argon2id unlocks take ~0.55 s each by design; integration tests log in several times.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    ...(onPostgres ? { globalSetup: ['test/support/postgresGlobalSetup.ts'] } : {}),
  },
});

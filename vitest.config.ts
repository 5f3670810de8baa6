import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Argon2id unlocks take ~0.55 s each by design; integration tests log in several times.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

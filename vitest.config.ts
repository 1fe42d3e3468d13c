import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // Held where the code is pure and every branch is a decision a campaign depends on.
      thresholds: {
        'src/machine/**': { lines: 90 },
        'src/strategies/**': { lines: 90 },
        'src/campaign/stages/**': { lines: 90 },
        'src/sweep/expand-sweep.ts': { lines: 100 },
      },
    },
  },
});

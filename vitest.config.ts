import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // e2e files spawn the built binary; two cores, so keep parallelism modest
    maxWorkers: 2,
  },
});

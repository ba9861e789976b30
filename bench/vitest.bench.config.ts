// Benchmarks run as one Vitest pass that prints tables (npm run bench:audio); they assert the targets too.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/**/*.bench-run.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 600_000,
    // One file at a time: timings must not share the two cores with another benchmark.
    fileParallelism: false,
  },
});

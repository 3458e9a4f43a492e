import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    // vitest leaves one core free by default, which on a two-core machine runs the files one at a time
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});

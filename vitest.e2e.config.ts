import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built app (dist/, served by `vite preview`) in headless Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/globalSetup.ts'],
    setupFiles: ['tests/e2e/setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // two files at a time: a file leaves the two cores idle while it waits on the page (a frame, a
    // worker's reply), and two at once took 13% less time than one after another on this machine
    fileParallelism: true,
    maxWorkers: 2,
  },
});

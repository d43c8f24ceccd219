import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const setupFiles = [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))];

// One run covers every package; each package is its own project so failures say where they are.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', root: 'packages/core', include: ['src/**/*.test.ts'], setupFiles } },
      { test: { name: 'destinations', root: 'packages/destinations', include: ['src/**/*.test.ts'], setupFiles, testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'backup', root: 'packages/backup', include: ['src/**/*.test.ts'], setupFiles, testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'cli', root: 'apps/cli', include: ['src/**/*.test.ts'], setupFiles, testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'server', root: 'apps/server', include: ['src/**/*.test.ts'], setupFiles, testTimeout: 60_000, hookTimeout: 60_000 } },
    ],
  },
});

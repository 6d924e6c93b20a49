import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// Runs the agent's tests alone, without the server's global setup (PostgreSQL, Redis):
//   npx vitest run --config agent/vitest.config.ts
// The root config includes the same files for the full suite.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['agent/test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) copies. Node loads the CommonJS
    // one for yoga and Pothos; without this alias Vite would hand our code the ESM one,
    // and instanceof GraphQLError would fail across the two.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts', 'agent/test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests talk to real PostgreSQL and Redis; two workers match the two cores CI has.
    maxWorkers: 2,
  },
});

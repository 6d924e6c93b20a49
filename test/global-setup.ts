import type { TestProject } from 'vitest/node';
import { migrate } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

let database: TestDatabase | undefined;

// One migrated database serves the whole run. Each test seeds its own project, so
// tests do not see each other's rows and may run concurrently.
export async function setup(project: TestProject): Promise<void> {
  database = await createTestDatabase('sentinel_run');
  await migrate(database.url, createLogger('warn'));
  project.provide('databaseUrl', database.url);
}

export async function teardown(): Promise<void> {
  await database?.drop();
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * URL of a PostgreSQL server the tests may create databases on. CI and developer
 * machines run one on 127.0.0.1:5432 with trust authentication.
 */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

/** Creates an empty database with a unique name; drop() removes it. */
export async function createTestDatabase(prefix = 'sentinel_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }

  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminDatabaseUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

import { runMigrations } from '../../src/db/migrate.ts';
import { createPool, type Pool } from '../../src/db/pool.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from './database.ts';

export type MigratedDatabase = { url: string; pool: Pool; drop(): Promise<void> };

/**
 * Creates a migrated database for one test file. Jobs act on whole tables (every host,
 * every partition), so their tests must not share the run's database with other files.
 */
export async function createMigratedDatabase(prefix: string): Promise<MigratedDatabase> {
  const database = await createTestDatabase(prefix);
  const pool = createPool(database.url, 6);
  await runMigrations(pool, createLogger('silent'));
  return {
    url: database.url,
    pool,
    async drop() {
      await pool.end();
      await database.drop();
    },
  };
}

/** Inserts a project and a host of it; returns the host id. */
export async function insertHost(
  pool: Pool,
  values: { status?: string; lastSeenAt?: Date | null; name?: string } = {},
): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `WITH project AS (
       INSERT INTO projects (name, slug) VALUES ('jobs', 'jobs-' || gen_random_uuid()) RETURNING id
     )
     INSERT INTO hosts (project_id, name, hostname, agent_id, status, last_seen_at)
     SELECT id, $1, $1, gen_random_uuid()::text, $2, $3 FROM project
     RETURNING id`,
    [values.name ?? 'web-1', values.status ?? 'online', values.lastSeenAt === undefined ? new Date() : values.lastSeenAt],
  );
  return rows[0]!.id;
}

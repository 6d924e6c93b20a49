import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Logger } from '../logger.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations-sql');

// Key of the PostgreSQL advisory lock held while migrating, so that API replicas
// starting together apply each file once. The value is arbitrary but fixed.
const MIGRATION_LOCK_KEY = 7_461_001;

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

// A file whose first line is this comment runs outside a transaction, for statements
// PostgreSQL or TimescaleDB refuse inside one. Such a file must be safe to re-run.
const NO_TRANSACTION_MARKER = '-- sentinel:no-transaction';

export type MigrationFile = { version: string; name: string; file: string; sql: string; checksum: string };

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = readdirSync(dir).filter((file) => file.endsWith('.sql')).sort();
  const seen = new Set<string>();
  return files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new MigrationError(`Invalid migration file name ${file}: expected NNNN_lower_snake_name.sql`);
    }
    const [, version, name] = match as unknown as [string, string, string];
    if (seen.has(version)) throw new MigrationError(`Two migration files share version ${version}`);
    seen.add(version);
    const sql = readFileSync(join(dir, file), 'utf8');
    return { version, name, file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/**
 * Applies the pending files of migrations-sql/ in order, each in its own transaction,
 * and records them with their checksum. An applied file whose content changed is an
 * error: the schema is only ever changed by a new file.
 */
export async function runMigrations(pool: pg.Pool, logger: Logger, dir = MIGRATIONS_DIR): Promise<string[]> {
  const log = logger.child({ component: 'migrations' });
  const files = readMigrationFiles(dir);
  const client = await pool.connect();
  const applied: string[] = [];

  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version     text PRIMARY KEY,
        name        text NOT NULL,
        checksum    text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);

    const { rows } = await client.query<{ version: string; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations',
    );
    const recorded = new Map(rows.map((row) => [row.version, row]));

    for (const migration of files) {
      const previous = recorded.get(migration.version);
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.file} was changed after it was applied ` +
              `(recorded checksum ${previous.checksum.slice(0, 12)}, file ${migration.checksum.slice(0, 12)}). ` +
              'Restore the file and put the change in a new migration.',
          );
        }
        continue;
      }

      log.info({ file: migration.file }, 'Applying migration');
      const inTransaction = !migration.sql.startsWith(NO_TRANSACTION_MARKER);
      try {
        if (inTransaction) await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          migration.checksum,
        ]);
        if (inTransaction) await client.query('COMMIT');
      } catch (error) {
        if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(`Migration ${migration.file} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.file);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }

  log.info({ applied: applied.length, total: files.length }, 'Migrations up to date');
  return applied;
}

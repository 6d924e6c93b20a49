import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPool } from '../src/db/pool.ts';
import { MIGRATIONS_DIR, readMigrationFiles, runMigrations } from '../src/db/migrate.ts';
import { createLogger } from '../src/logger.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

const logger = createLogger('silent');
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshDatabase(): Promise<{ database: TestDatabase; pool: ReturnType<typeof createPool> }> {
  const database = await createTestDatabase('sentinel_migrate');
  const pool = createPool(database.url, 4);
  cleanups.push(async () => {
    await pool.end();
    await database.drop();
  });
  return { database, pool };
}

function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('migration runner', () => {
  it('applies every file to a fresh database', async () => {
    const { pool } = await freshDatabase();
    const applied = await runMigrations(pool, logger);

    expect(applied).toEqual(readMigrationFiles().map((file) => file.file));
    const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(readMigrationFiles().map((file) => file.version));
  });

  it('does nothing when run again', async () => {
    const { pool } = await freshDatabase();
    await runMigrations(pool, logger);
    const second = await runMigrations(pool, logger);
    expect(second).toEqual([]);
  });

  it('rejects an applied file that was edited', async () => {
    const { pool } = await freshDatabase();
    const dir = copyOfMigrations();
    await runMigrations(pool, logger, dir);

    const first = readMigrationFiles(dir)[0]!;
    writeFileSync(join(dir, first.file), `${readFileSync(join(dir, first.file), 'utf8')}\n-- edited\n`);
    await expect(runMigrations(pool, logger, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it('rolls back a failing file and records nothing of it', async () => {
    const { pool } = await freshDatabase();
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '9998_half.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();');
    await expect(runMigrations(pool, logger, dir)).rejects.toThrow(/9998_half\.sql failed/);

    const table = await pool.query("SELECT to_regclass('half_done') AS name");
    expect(table.rows[0].name).toBeNull();
    const recorded = await pool.query("SELECT 1 FROM schema_migrations WHERE version = '9998'");
    expect(recorded.rowCount).toBe(0);
  });

  it('applies each file once when two runners start together', async () => {
    const { database, pool } = await freshDatabase();
    const dir = copyOfMigrations();
    // A slow file widens the window in which both runners would apply it without the lock.
    writeFileSync(join(dir, '9999_slow.sql'), 'SELECT pg_sleep(0.5);\nCREATE TABLE only_once (id int);');
    const otherPool = createPool(database.url, 2);
    cleanups.push(() => otherPool.end());

    const results = await Promise.all([runMigrations(pool, logger, dir), runMigrations(otherPool, logger, dir)]);

    const appliedSlow = results.filter((applied) => applied.includes('9999_slow.sql'));
    expect(appliedSlow).toHaveLength(1);
    expect(results.flat().length).toBe(readMigrationFiles(dir).length);
  });

  it('rejects a file name without a four-digit version', () => {
    const dir = copyOfMigrations();
    writeFileSync(join(dir, 'add_things.sql'), 'SELECT 1;');
    expect(() => readMigrationFiles(dir)).toThrow(/Invalid migration file name add_things\.sql/);
  });
});

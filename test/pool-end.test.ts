import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { endPool } from '../src/db/pool.ts';

// endPool must return only once the server has seen every connection close, so that a
// database stopped right afterwards ends none of them.

const observer = new pg.Client({ connectionString: inject('databaseUrl') });
await observer.connect();
afterAll(async () => {
  await observer.end();
});

async function openConnections(applicationName: string): Promise<number> {
  const { rows } = await observer.query<{ open: number }>(
    'SELECT count(*)::int AS open FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return rows[0]!.open;
}

describe('endPool', () => {
  it('waits until every connection is closed', async () => {
    const applicationName = `pool-end-${randomUUID().slice(0, 8)}`;
    const pool = new pg.Pool({ connectionString: inject('databaseUrl'), application_name: applicationName, max: 4 });
    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect(), pool.connect()]);
    for (const client of clients) client.release();
    expect(await openConnections(applicationName)).toBe(4);
    let closed = 0;
    pool.on('remove', () => closed++);

    await endPool(pool);

    // pg-pool emits remove once a connection's socket has closed.
    expect(closed).toBe(4);
    expect(await openConnections(applicationName)).toBe(0);
  });

  it('returns at once for a pool without connections', async () => {
    const pool = new pg.Pool({ connectionString: inject('databaseUrl') });
    await endPool(pool);
    expect(pool.totalCount).toBe(0);
  });
});
